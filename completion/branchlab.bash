# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for branchlab, installed as
# share/bash-completion/completions/branchlab (bash-completion loads it on
# the first TAB after `branchlab`; without bash-completion, source it).
#
# It completes the commands, each command's options and the values of
# those that take a choice or a file, topology files (*.yaml, *.yml), the
# labs that are up (directories with a manifest in the state root,
# /run/branchlab or $BRANCHLAB_STATE_DIR) and the nodes of the lab or file
# on the line (or of the one lab up, when the lab is left out). Every list
# but the files comes from the very branchlab being completed: `help
# --commands`, `help --options CMD`, the usage line of `help CMD` for the
# operands, and `show LAB|FILE --nodes`, so it cannot drift from the
# parser's tables.

# The labs that are up, one a line. The state root is root's (mode 0700):
# for another user the list is empty, as branchlab itself needs root.
_branchlab_labs() {
	local root=${BRANCHLAB_STATE_DIR:-/run/branchlab} manifest dir
	for manifest in "$root"/*/manifest; do
		[[ -e $manifest ]] || continue
		dir=${manifest%/manifest}
		printf '%s\n' "${dir##*/}"
	done
}

# Whether WORD names a lab: a topology file (a `/`, or .yaml/.yml, as
# branchlab decides) or a lab that is up.
_branchlab_is_lab() {
	local word=$1
	[[ $word == */* || $word == *.yaml || $word == *.yml ]] && return 0
	_branchlab_labs | grep -qxF -- "$word"
}

# Add to COMPREPLY the topology files and directories starting with $1.
_branchlab_topology_files() {
	local f
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		if [[ -d $f || $f == *.yaml || $f == *.yml ]]; then
			COMPREPLY+=("$f")
		fi
	done < <(compgen -f -- "$1")
}

# Add to COMPREPLY every file starting with $1 (an output file).
_branchlab_any_files() {
	compopt -o filenames 2>/dev/null
	local f
	while IFS= read -r f; do
		COMPREPLY+=("$f")
	done < <(compgen -f -- "$1")
}

# Add to COMPREPLY the words of list $2 (one a line) starting with $1.
_branchlab_add() {
	local w
	while IFS= read -r w; do
		[[ -n $w ]] && COMPREPLY+=("$w")
	done < <(compgen -W "$2" -- "$1")
}

_branchlab() {
	local bl=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local i verb= verb_at=0 line name short value
	local -A takes_value=() value_of=()
	COMPREPLY=()
	command -v -- "$bl" >/dev/null 2>&1 || bl=branchlab

	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} != -* ]]; then
			verb=${COMP_WORDS[i]}
			verb_at=$i
			break
		fi
	done
	if [[ -z $verb ]]; then
		if [[ $cur == -* ]]; then
			_branchlab_add "$cur" "-v --verbose -h --help --version"
		else
			_branchlab_add "$cur" "$("$bl" help --commands 2>/dev/null)"
		fi
		return 0
	fi

	# The verb's options: "--name [-c] [VALUE]" a line.
	local options=()
	while read -r line; do
		read -r name short value <<<"$line"
		if [[ $short != -? ]]; then
			value=$short
			short=
		fi
		options+=("$name")
		if [[ -n $value ]]; then
			takes_value[$name]=1
			value_of[$name]=$value
			if [[ -n $short ]]; then
				takes_value[$short]=1
				value_of[$short]=$value
			fi
		fi
	done < <("$bl" help --options "$verb" 2>/dev/null)

	# The operands typed so far, and whether `--` came (exec's command).
	local typed=() after_dashes=0
	for ((i = verb_at + 1; i < COMP_CWORD; i++)); do
		local word=${COMP_WORDS[i]}
		if [[ $after_dashes == 1 ]]; then
			typed+=("$word")
		elif [[ $word == -- ]]; then
			after_dashes=1
		elif [[ $word == -* ]]; then
			[[ $word != *=* && -n ${takes_value[$word]:-} ]] && ((i++))
		else
			typed+=("$word")
		fi
	done
	if [[ $after_dashes == 1 ]]; then
		[[ $verb == exec && $prev == -- ]] && _branchlab_add "$cur" "$(compgen -c -- "$cur" | sort -u)"
		return 0
	fi

	# A value: after an option that takes one, or in --name=VALUE.
	local option= prefix=
	if [[ $cur == --*=* ]]; then
		option=${cur%%=*}
		prefix=$option=
		cur=${cur#*=}
	elif [[ $prev == -* && -n ${takes_value[$prev]:-} ]]; then
		option=$prev
	fi
	if [[ -n $option ]]; then
		value=${value_of[$option]:-}
		if [[ $value == FILE ]]; then
			_branchlab_any_files "$cur"
		elif [[ $value =~ ^[a-z0-9-]+(\|[a-z0-9-]+)+$ ]]; then
			_branchlab_add "$cur" "${value//|/ }"
		fi
		if [[ -n $prefix ]]; then
			for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=$prefix${COMPREPLY[i]}; done
		fi
		return 0
	fi

	if [[ $cur == -* ]]; then
		_branchlab_add "$cur" "${options[*]}"
		return 0
	fi

	# The operands, from the usage line: "Usage: branchlab trace [LAB|FILE] SRC DST [OPTIONS]".
	local usage ops=()
	usage=$("$bl" help "$verb" 2>/dev/null | sed -n 's/^Usage: branchlab [a-z]* \(.*\) \[OPTIONS\].*/\1/p')
	read -ra ops <<<"$usage"
	local lab= at=${#typed[@]}
	if [[ ${ops[0]:-} == "[LAB|FILE]" ]]; then
		if [[ ${#typed[@]} -gt 0 ]] && _branchlab_is_lab "${typed[0]}"; then
			lab=${typed[0]}
		elif [[ ${#typed[@]} -gt 0 ]]; then
			at=$((at + 1)) # the lab was left out
		else
			_branchlab_add "$cur" "$(_branchlab_labs)"
			_branchlab_topology_files "$cur"
			# ... or it is left out and this is the first operand after it.
			[[ ${#ops[@]} -gt 1 ]] || return 0
			at=1
		fi
	fi
	local kind=${ops[at]:-}
	if [[ -z $kind && ${#ops[@]} -gt 0 && ${ops[-1]} == *... ]]; then
		kind=${ops[-1]}
	fi
	case $kind in
	NODE | SRC | DST)
		if [[ -z $lab ]]; then
			local up
			up=$(_branchlab_labs)
			[[ -n $up && $up != *$'\n'* ]] && lab=$up
		fi
		[[ -n $lab ]] && _branchlab_add "$cur" "$("$bl" show "$lab" --nodes 2>/dev/null)"
		;;
	FILE | FILE... | "[LAB|FILE]")
		[[ $kind == "[LAB|FILE]" ]] && _branchlab_add "$cur" "$(_branchlab_labs)"
		_branchlab_topology_files "$cur"
		;;
	"[COMMAND]")
		_branchlab_add "$cur" "$("$bl" help --commands 2>/dev/null)"
		;;
	esac
	return 0
}

complete -F _branchlab branchlab
