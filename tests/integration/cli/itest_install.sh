#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `cmake --install` of the build into a DESTDIR (no root needed):
#   - exactly the files it should put there, under the prefix given, and
#     no branchlab-test;
#   - the installed branchlab runs and says this build's --version;
#   - branchlab(1) and branchlab-topology(5) render with every groff
#     warning on, and none is printed; branchlab(1) names every command
#     and every option that `help` lists;
#   - the bash completion, sourced into bash and called as bash would:
#     the commands, the options of `up` and the values of --keying and
#     --control-plane,
#     topology files, the labs that are up (from the state root), and
#     the nodes of a shipped topology and of the one lab that is up.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
BUILD=$(dirname "$(readlink -f "$BL")")
WORK=$(mktemp -d)
DEST=$WORK/dest
PREFIX=/opt/branchlab

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
trap 'rm -rf "$WORK"' EXIT

for tool in cmake man groff; do
	command -v "$tool" >/dev/null || skip "$tool not found (ci/setup.sh installs it)"
done
[[ -f $BUILD/cmake_install.cmake ]] || fail "$BUILD (the folder of \$BRANCHLAB) is not a CMake build tree"

test_files() {
	DESTDIR=$DEST cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log" ||
		fail "cmake --install failed: $(cat "$WORK/install.log")"
	local root=$DEST$PREFIX f
	{
		echo bin/branchlab
		echo share/man/man1/branchlab.1
		echo share/man/man5/branchlab-topology.5
		echo share/bash-completion/completions/branchlab
		for f in "$SRC"/topologies/*.yaml; do echo "share/branchlab/topologies/${f##*/}"; done
		echo share/doc/branchlab/README.md
		echo share/doc/branchlab/LICENSE
		(cd "$SRC" && find docs -type f) | sed 's|^|share/doc/branchlab/|'
	} | sort >"$WORK/want"
	[[ -d $root ]] || fail "nothing under DESTDIR$PREFIX: $(cd "$DEST" && find . | head)"
	(cd "$DEST" && find . ! -type d) | sed 's|^\./||' | sort >"$WORK/all"
	sed "s|^|${PREFIX#/}/|" "$WORK/want" >"$WORK/want-all"
	diff "$WORK/want-all" "$WORK/all" >"$WORK/diff" ||
		fail "installed files differ from the expected ones (< missing, > extra): $(cat "$WORK/diff")"
	[[ -x $root/bin/branchlab ]] || fail "bin/branchlab is not executable"
	cmp -s "$SRC/man/branchlab.1" "$root/share/man/man1/branchlab.1" || fail "branchlab.1 differs from man/"
	echo "ok: cmake --install put exactly $(wc -l <"$WORK/want") files under DESTDIR$PREFIX, no branchlab-test"
}

test_version() {
	local got want
	got=$("$DEST$PREFIX/bin/branchlab" --version) || fail "the installed branchlab --version failed"
	want=$("$BL" --version)
	[[ $got == "$want" && $got =~ ^branchlab\ [0-9]+\.[0-9]+\.[0-9]+$ ]] ||
		fail "installed --version says '$got', the build '$want'"
	echo "ok: the installed binary says '$got'"
}

# Render PAGE with every warning on; any line on stderr fails.
render() {
	local page=$1
	MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >"$WORK/page.txt" 2>"$WORK/page.err" ||
		fail "man -l $page failed: $(cat "$WORK/page.err")"
	[[ ! -s $WORK/page.err ]] || fail "man --warnings on ${page##*/}: $(cat "$WORK/page.err")"
	grep -q '^NAME' "$WORK/page.txt" && grep -q '^SEE ALSO' "$WORK/page.txt" ||
		fail "${page##*/} rendered without NAME or SEE ALSO: $(head -20 "$WORK/page.txt")"
}

test_man_pages() {
	local man1=$DEST$PREFIX/share/man/man1/branchlab.1 c o n=0 source
	render "$DEST$PREFIX/share/man/man5/branchlab-topology.5"
	grep -q 'vpn_sites\[\]' "$WORK/page.txt" || fail "branchlab-topology(5) lacks vpn_sites[]"
	render "$man1"
	# Every command is an entry of COMMANDS, every option is named (the
	# source with roff's escaped hyphens undone: the rendered text may
	# hyphenate a long option across lines).
	source=$(sed 's/\\-/-/g' "$man1")
	for c in $("$BL" help --commands); do
		grep -qE "^\.BR? $c( |$)" <<<"$source" || fail "branchlab(1) has no entry for command $c"
		while read -r o _; do
			grep -qF -- "$o" <<<"$source" || fail "branchlab(1) does not name $c's option $o"
			n=$((n + 1))
		done < <("$BL" help --options "$c")
	done
	echo "ok: both man pages render without a warning; branchlab(1) names every command and their $n options"
}

# complete WORD...: run the completion on the command line WORD... (the
# last word is the one being completed); the candidates in $WORK/reply,
# sorted, one a line.
complete_line() {
	PATH=$DEST$PREFIX/bin:$PATH bash -c '
		set -u
		. "$1"; shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_branchlab
		printf "%s\n" "${COMPREPLY[@]}"' bash "$DEST$PREFIX/share/bash-completion/completions/branchlab" "$@" |
		sed '/^$/d' | sort >"$WORK/reply"
}

# expect_reply WHAT WORD...: the reply is exactly WHAT's lines (sorted).
expect_reply() {
	local want=$1
	shift
	complete_line "$@"
	diff <(sed '/^$/d' <<<"$want" | sort) "$WORK/reply" >/dev/null ||
		fail "completing '$*' offered: $(tr '\n' ' ' <"$WORK/reply")(want: $(tr '\n' ' ' <<<"$want"))"
}

test_completion() {
	local topodir=$DEST$PREFIX/share/branchlab/topologies
	export BRANCHLAB_STATE_DIR=$WORK/state

	expect_reply "$("$BL" help --commands)" branchlab ""
	expect_reply $'status\nshow' branchlab s
	expect_reply $'--keying\n--control-plane\n--verbose\n--help' branchlab up --
	expect_reply $'static\nbird' branchlab up --control-plane ""
	expect_reply $'static\nikev2' branchlab up --keying ""
	expect_reply "ikev2" branchlab up -k i
	expect_reply "--keying=ikev2" branchlab up --keying=ik
	expect_reply $'dot\nmermaid\nsvg' branchlab graph -f ""
	expect_reply $'--json\n--junit' branchlab verify --j
	echo "ok: completion of the commands, the options of up and their values"

	# Topology files: only *.yaml (and folders), by path and in the folder.
	expect_reply "$topodir/single-tunnel.yaml"$'\n'"$topodir/summary-overlap.yaml" \
		branchlab up "$topodir/s"
	(cd "$topodir" && expect_reply $'azure-coexist.yaml\naspath-prepend.yaml' branchlab validate a)
	mkdir "$WORK/cwd" "$WORK/cwd/sub"
	touch "$WORK/cwd/notes.txt" "$WORK/cwd/lab.yml"
	(cd "$WORK/cwd" && expect_reply $'lab.yml\nsub' branchlab up "")
	(cd "$WORK/cwd" && expect_reply "" branchlab up n)
	echo "ok: completion of topology files (*.yaml, *.yml only)"

	# The nodes of the file on the line, at each node operand.
	expect_reply $'vpngw-in0\nvpngw-in1' branchlab routes "$topodir/azure-coexist.yaml" vp
	"$BL" show "$topodir/single-tunnel.yaml" --nodes >"$WORK/nodes"
	[[ $(wc -l <"$WORK/nodes") -ge 10 ]] || fail "show --nodes gave $(wc -l <"$WORK/nodes") nodes"
	expect_reply "$(cat "$WORK/nodes")" branchlab trace "$topodir/single-tunnel.yaml" vm1 ""
	expect_reply "rras-a" branchlab exec "$topodir/single-tunnel.yaml" rr
	expect_reply "" branchlab routes "$topodir/single-tunnel.yaml" vm1 ""
	echo "ok: completion of the nodes of a shipped topology"

	# Labs: a state dir with a manifest is a lab that is up; one without
	# is not. With that one lab up, its nodes complete where it is left out.
	mkdir -p "$WORK/state/single" "$WORK/state/halfgone"
	printf 'lab single\ntopology %s\nnetns single-vm1\n' "$topodir/single-tunnel.yaml" >"$WORK/state/single/manifest"
	cp "$topodir/single-tunnel.yaml" "$WORK/state/single/topology.yaml"
	(cd "$WORK/cwd" && expect_reply $'single\nlab.yml\nsub' branchlab down "")
	expect_reply "single" branchlab status si
	expect_reply $'vpngw-in0\nvpngw-in1' branchlab routes single vp
	expect_reply $'vpngw-in0\nvpngw-in1' branchlab ping vm1 vp
	# The first operand: the lab, a file, or (the lab left out) a node.
	(cd "$WORK/cwd/sub" && expect_reply "single"$'\n'"$(cat "$WORK/nodes")" branchlab routes "")
	echo "ok: completion of the labs that are up, and of the nodes of the one lab up"
}

test_files
test_version
test_man_pages
test_completion
