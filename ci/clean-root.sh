#!/usr/bin/env bash
# Most functions run through timed or the EXIT trap, which shellcheck does
# not follow:
# shellcheck disable=SC2317
# Run ci/setup.sh and then a command (default ci/test.sh) in a fresh,
# minimal Debian 12 root, as a fresh machine would: a package that
# ci/setup.sh forgets to install, and that an older machine happens to
# have, fails here. As root on Debian 12:
#
#   ci/clean-root.sh [--root DIR] [-- CMD [ARGS...]]
#
# Steps, each timed:
#   1. mmdebstrap --variant=minbase bookworm into a new folder under
#      BRANCHLAB_CLEAN_ROOT_DIR (default /var/lib/branchlab/clean-root),
#      from the Debian 12 entries of this machine's own apt sources;
#   2. `git archive HEAD` of this checkout into /srv/branchlab in the root:
#      the last commit is tested, UNCOMMITTED CHANGES ARE NOT;
#   3. ci/setup.sh, then CMD, in a chroot of the root, with /proc, /sys,
#      /dev, /dev/pts, /dev/shm and a tmpfs /run. ci/vm-run works there too:
#      its guest boots over the chroot's /, so the test VM sees the clean
#      root and not this machine's packages.
# The chroot runs in its own mount and PID namespaces: its mounts never
# show outside, and ending it (normally, on error, on Ctrl-C or SIGTERM)
# ends every process it started and drops every mount. The root is then
# removed.
#
# Options: --root DIR reuses a root kept by an earlier run (steps 1-2
# skipped, the root is not removed), e.g. `ci/clean-root.sh --root DIR --
# bash` to look around.
# Environment: BRANCHLAB_KEEP_ROOT=1 keeps the root (its path is printed);
# BRANCHLAB_CLEAN_ROOT_DIR; every BRANCHLAB_* variable and CI are passed to
# the command.
# Exit status: CMD's (setup's when setup failed and CMD passed); 130/143
# when interrupted; 2 when the root could not be built.
set -euo pipefail

PROG=clean-root
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BASE=${BRANCHLAB_CLEAN_ROOT_DIR:-/var/lib/branchlab/clean-root}
SUITE=bookworm
# Where the checkout goes inside the root: not under /tmp, /run or
# /var/tmp, which the test VM covers with tmpfs.
SRC=/srv/branchlab
KEEP=${BRANCHLAB_KEEP_ROOT:-0}
ROOT=
REUSE=0
NS_PID=
CMD=(ci/test.sh)
declare -A TIMES=()
PHASES=()
PHASE=
PHASE_START=0

say() { printf '%s: %s\n' "$PROG" "$*"; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 2; }

usage() {
	sed -n 's/^#   \(ci\/clean-root.sh.*\)/usage: \1/p' "${BASH_SOURCE[0]}"
	exit "${1:-2}"
}

parse_args() {
	while [[ $# -gt 0 ]]; do
		case $1 in
		--root)
			[[ $# -ge 2 ]] || die "--root needs a folder"
			ROOT=$(cd "$2" 2>/dev/null && pwd -P) || die "--root $2: no such folder"
			[[ -x $ROOT/bin/bash && -d $ROOT$SRC ]] ||
				die "--root $ROOT: not a root kept by ci/clean-root.sh (no /bin/bash or $SRC)"
			REUSE=1
			shift 2 ;;
		-h | --help) usage 0 ;;
		--) shift; [[ $# -gt 0 ]] || usage; CMD=("$@"); return ;;
		*) die "unknown argument \`$1' (the command goes after --; try --help)" ;;
		esac
	done
}

# Run "$@" and record how long it took under the phase name $1.
timed() {
	local name=$1 start=$SECONDS rc=0
	shift
	PHASES+=("$name")
	PHASE=$name PHASE_START=$start
	"$@" || rc=$?
	PHASE=
	TIMES[$name]=$((SECONDS - start))
	say "$name: $((SECONDS - start)) s (exit $rc)"
	return "$rc"
}

print_times() {
	local name line=""
	for name in "${PHASES[@]}"; do
		[[ -n ${TIMES[$name]:-} ]] && line+="$name ${TIMES[$name]} s, "
	done
	[[ -z $PHASE ]] || line+="$PHASE interrupted after $((SECONDS - PHASE_START)) s, "
	say "times: ${line}total $SECONDS s"
}

ensure_mmdebstrap() {
	command -v mmdebstrap >/dev/null && return
	say "installing mmdebstrap"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null 2>&1 || {
		apt-get update -qq &&
			apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
	} || die "apt-get install mmdebstrap failed"
}

# The Debian 12 entries of this machine's apt sources, one-line style
# ("deb [signed-by=K] URI SUITE COMPONENTS"), from sources.list, *.list
# and deb822 *.sources: the same mirror (and suites bookworm,
# bookworm-updates, bookworm-security) apt already uses here. Other
# repositories (third-party, backports) are left out: their keys are not in
# a clean root, and a fresh machine does not have them either.
host_sources() {
	local f files=()
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -f $f ]] && files+=("$f")
	done
	if [[ ${#files[@]} -gt 0 ]]; then
		# Options in brackets may hold spaces: take them out before splitting.
		sed -e 's/#.*//' "${files[@]}" | awk -v want="^$SUITE(-updates|-security)?\$" '
			$1 != "deb" { next }
			{
				opts = ""
				if (match($0, /\[[^]]*\]/)) {
					opts = substr($0, RSTART, RLENGTH) " "
					$0 = substr($0, 1, RSTART - 1) substr($0, RSTART + RLENGTH)
				}
				if ($3 !~ want) next
				line = "deb " opts $2 " " $3
				for (i = 4; i <= NF; i++) line = line " " $i
				print line
			}'
	fi
	files=()
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -f $f ]] && files+=("$f")
	done
	[[ ${#files[@]} -gt 0 ]] || return 0
	# deb822: paragraphs of "Field: value"; a continuation line starts with
	# a space (an inline Signed-By key: then apt's default keyring is used).
	awk -v want="^$SUITE(-updates|-security)?\$" '
		function flush(   n, m, u, s, i, j, key, line) {
			if (tolower(f["enabled"]) != "no" && f["types"] ~ /(^| )deb( |$)/) {
				n = split(f["uris"], u, " ")
				m = split(f["suites"], s, " ")
				key = (f["signed-by"] ~ /^\// ? "[signed-by=" f["signed-by"] "] " : "")
				for (i = 1; i <= n; i++)
					for (j = 1; j <= m; j++)
						if (s[j] ~ want) {
							line = "deb " key u[i] " " s[j] " " f["components"]
							print line
						}
			}
			delete f
		}
		FNR == 1 && NR > 1 { flush() }
		/^#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^[ \t]/ { next }
		{
			name = tolower(substr($0, 1, index($0, ":") - 1))
			value = substr($0, index($0, ":") + 1)
			gsub(/^[ \t]+|[ \t]+$/, "", value)
			f[name] = value
		}
		END { flush() }' "${files[@]}"
}

# apt proxy settings of this machine, if any, as apt.conf lines: the clean
# root must reach the mirror the way this machine does.
host_apt_proxy() {
	apt-config dump 2>/dev/null | grep -E '^Acquire::[A-Za-z]+::Proxy(::[^ ]+)? ' || true
}

mounts_under() {
	awk -v root="$1" '$5 == root || index($5, root "/") == 1 { print $5 }' /proc/self/mountinfo
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	# SIGKILL, not SIGTERM: unshare ignores SIGINT and SIGTERM while its
	# child runs. --kill-child then kills the namespace's PID 1, and the
	# kernel every other process in it; its mounts go with it.
	if [[ -n $NS_PID ]]; then
		kill -KILL "$NS_PID" 2>/dev/null || true
		wait "$NS_PID" 2>/dev/null || true
	fi
	if [[ -n $ROOT && -d $ROOT ]]; then
		if [[ -n $(mounts_under "$ROOT") ]]; then
			mounts_under "$ROOT" | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
		fi
		if [[ -n $(mounts_under "$ROOT") ]]; then
			printf '%s: error: still mounted under %s, not removing it:\n' "$PROG" "$ROOT" >&2
			mounts_under "$ROOT" >&2
			rc=2
		elif [[ $KEEP == 1 || $REUSE == 1 ]]; then
			say "kept the root: $ROOT (run in it: ci/clean-root.sh --root $ROOT -- CMD; remove it with rm -rf --one-file-system $ROOT)"
		else
			rm -rf --one-file-system "$ROOT"
		fi
	fi
	print_times
	exit "$rc"
}

# Run "$@" in new mount and PID namespaces (killed with this script), in
# the background so that a signal to this script is handled at once.
in_namespace() {
	local rc=0
	exec 3<&0
	unshare --mount --propagation private --pid --kill-child -- "$@" <&3 &
	NS_PID=$!
	wait "$NS_PID" || rc=$?
	NS_PID=
	exec 3<&-
	return "$rc"
}

build_root() {
	local sources=() proxy
	mapfile -t sources < <(host_sources | awk '!seen[$0]++')
	[[ ${#sources[@]} -gt 0 ]] ||
		die "no $SUITE, $SUITE-updates or $SUITE-security entry in /etc/apt/sources.list{,.d/*.list,.d/*.sources}: add Debian 12's mirror there"
	say "mirror entries (from this machine's apt sources):"
	printf '  %s\n' "${sources[@]}"
	local opts=(--mode=root --variant=minbase)
	proxy=$(host_apt_proxy)
	if [[ -n $proxy ]]; then
		# mmdebstrap writes it to the root's apt.conf.d, for ci/setup.sh too.
		printf '%s\n' "$proxy" >"$ROOT.proxy.conf"
		opts+=("--aptopt=$ROOT.proxy.conf")
		say "apt proxy settings copied from this machine"
	fi
	# The target must be empty; mmdebstrap mounts /proc, /dev... in it
	# while dpkg runs: in the namespace, so that an interruption leaks none.
	in_namespace mmdebstrap "${opts[@]}" "$SUITE" "$ROOT" "${sources[@]}" ||
		{ rm -f "$ROOT.proxy.conf"; die "mmdebstrap failed (see above)"; }
	rm -f "$ROOT.proxy.conf"
	# deb.debian.org may be resolved through /etc/hosts here (mmdebstrap
	# copies only resolv.conf): the root resolves the mirror as this
	# machine does.
	cp /etc/hosts "$ROOT/etc/hosts"
}

copy_checkout() {
	local head dirty
	head=$(git -C "$REPO" rev-parse --short HEAD) ||
		die "$REPO is not a git checkout: ci/clean-root.sh tests a commit (git archive HEAD)"
	dirty=$(git -C "$REPO" status --porcelain --untracked-files=no | wc -l)
	say "testing commit $head ($(git -C "$REPO" log -1 --format=%s HEAD))"
	if [[ $dirty -gt 0 ]]; then
		say "warning: $dirty modified file(s) in $REPO are NOT tested: only commit $head is copied in"
	fi
	mkdir -p "$ROOT$SRC"
	git -C "$REPO" archive --format=tar HEAD | tar -x -C "$ROOT$SRC"
}

# Mount what a machine has, chroot into the root and run "$@" in $SRC with
# a clean environment plus CI and BRANCHLAB_*. Runs as PID 1 of the new
# PID namespace: it waits in the background so that orphans are reaped
# (a zombie daemon would still answer kill -0).
run_in_root() {
	local envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
		HOME=/root LANG=C.UTF-8 "TERM=${TERM:-dumb}") name
	for name in $(compgen -e); do
		case $name in
		CI | BRANCHLAB_*) envs+=("$name=${!name}") ;;
		esac
	done
	# shellcheck disable=SC2016 # expanded by the inner shell
	in_namespace bash -c '
		set -e
		root=$1 src=$2 n=$3
		shift 3
		envs=("${@:1:n}")
		shift "$n"
		# The root is a mount point, as / is on a machine: `ip netns`
		# makes / a slave mount and fails on a plain folder.
		mount --bind "$root" "$root"
		mount -t proc proc "$root/proc"
		mount -t sysfs sysfs "$root/sys"
		mount --bind /dev "$root/dev"
		mount --bind /dev/pts "$root/dev/pts"
		mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm"
		mount -t tmpfs -o mode=755 tmpfs "$root/run"
		set +e
		exec 3<&0
		chroot "$root" /usr/bin/env -i "${envs[@]}" /bin/bash -c "cd \"\$0\" && exec \"\$@\"" "$src" "$@" <&3 &
		wait $!
	' clean-root-ns "$ROOT" "$SRC" "${#envs[@]}" "${envs[@]}" "$@"
}

main() {
	local setup_rc=0 cmd_rc=0
	parse_args "$@"
	[[ $(id -u) -eq 0 ]] || die "must run as root (mmdebstrap, chroot, mounts)"
	command -v apt-get >/dev/null || die "apt-get not found: ci/clean-root.sh expects Debian 12"
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	if [[ $REUSE -eq 0 ]]; then
		case $BASE/ in
		/tmp/* | /run/* | /var/tmp/*)
			die "BRANCHLAB_CLEAN_ROOT_DIR ($BASE) is under /tmp, /run or /var/tmp, which the test VM covers with tmpfs" ;;
		esac
		git -C "$REPO" rev-parse --verify -q HEAD >/dev/null ||
			die "$REPO is not a git checkout with a commit: ci/clean-root.sh tests HEAD (git archive)"
		ensure_mmdebstrap
		mkdir -p "$BASE"
		ROOT=$(mktemp -d "$BASE/root.XXXXXX")
		# A root's / is 755, and apt's _apt user must reach /var/lib/apt.
		chmod 755 "$ROOT"
		say "building a clean Debian 12 root in $ROOT"
		timed mmdebstrap build_root
		timed copy copy_checkout
	else
		say "reusing the root $ROOT (not removed at the end)"
	fi

	timed setup run_in_root ci/setup.sh || setup_rc=$?
	[[ $setup_rc -eq 0 ]] || say "ci/setup.sh failed (exit $setup_rc) in the clean root; running ${CMD[*]} anyway"
	timed command run_in_root "${CMD[@]}" || cmd_rc=$?
	say "${CMD[*]}: exit $cmd_rc"
	if [[ $cmd_rc -eq 0 && $setup_rc -ne 0 ]]; then cmd_rc=$setup_rc; fi
	exit "$cmd_rc"
}

main "$@"
