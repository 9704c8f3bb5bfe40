#!/usr/bin/env bash
# Static analysis of the C sources: cppcheck, then clang-tidy (.clang-tidy
# holds its checks); any warning of either fails (exit 1), a missing tool
# or compile_commands.json too (exit 2).
# Suppress a false positive in place with "// cppcheck-suppress <id>" or
# "/* NOLINT(<check>) */", and say why.
#
# Environment: BRANCHLAB_LINT_BUILD (the CMake build whose
# compile_commands.json clang-tidy reads, default build), BRANCHLAB_JOBS
# (parallel jobs, default 2).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v cppcheck >/dev/null || { echo "lint: cppcheck not found: run ci/setup.sh" >&2; exit 2; }
command -v clang-tidy >/dev/null || { echo "lint: clang-tidy not found: run ci/setup.sh" >&2; exit 2; }

JOBS=${BRANCHLAB_JOBS:-2}
LINT_BUILD=${BRANCHLAB_LINT_BUILD:-build}

dirs=()
for d in orchestrator netlink vici bird; do
	[[ -d $d ]] && dirs+=("$d")
done
[[ ${#dirs[@]} -gt 0 ]] || { echo "lint: no C sources yet"; exit 0; }

# clang-tidy needs each file's compiler flags, which CMake writes at
# configure time.
if [[ ! -f $LINT_BUILD/compile_commands.json ]]; then
	echo "lint: no $LINT_BUILD/compile_commands.json: configure that build first" \
		"(cmake -S . -B $LINT_BUILD) or point BRANCHLAB_LINT_BUILD at one" >&2
	exit 2
fi

failed=0

echo "lint: cppcheck ${dirs[*]}"
cppcheck --error-exitcode=1 --enable=warning,performance,portability \
	--inline-suppr -q -j "$JOBS" --std=c11 -D_GNU_SOURCE -I . -I orchestrator \
	"${dirs[@]}" || failed=1

# One file per clang-tidy process: clang-tidy 14 misreports va_lists when
# one process checks several files (see .clang-tidy). Each file's output is
# kept apart and shown only when it failed, so parallel runs do not mix.
TIDY_LOGS=$(mktemp -d "${TMPDIR:-/tmp}/branchlab-lint.XXXXXX")
trap 'rm -rf "$TIDY_LOGS"' EXIT
tidy_log() { printf '%s/%s.log' "$TIDY_LOGS" "${1//\//_}"; }
tidy_one() {
	local log
	log=$(tidy_log "$1")
	clang-tidy -p "$LINT_BUILD" --quiet "$1" >"$log" 2>&1 || { touch "$log.failed"; return 1; }
}
export -f tidy_log tidy_one
export LINT_BUILD TIDY_LOGS

mapfile -t files < <(find "${dirs[@]}" -name '*.c' | sort)
echo "lint: clang-tidy ${#files[@]} files in ${dirs[*]} ($JOBS jobs, flags from $LINT_BUILD/)"
start=$SECONDS
# clang-tidy's count of the warnings it did not show (system headers).
hidden_counts='^[0-9]+ (warnings?|errors?)( and [0-9]+ errors?)? generated\.$'
# shellcheck disable=SC2016 # $1 is the child bash's, not ours
if ! printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P "$JOBS" bash -c 'tidy_one "$1"' _; then
	for f in "${files[@]}"; do
		log=$(tidy_log "$f")
		[[ -f $log.failed ]] || continue
		grep -vE "$hidden_counts" "$log" || true
	done
	n=$(find "$TIDY_LOGS" -name '*.failed' | wc -l)
	echo "lint: clang-tidy: $n of ${#files[@]} files failed" >&2
	failed=1
fi
echo "lint: clang-tidy took $((SECONDS - start)) s"

[[ $failed -eq 0 ]] || { echo "lint: FAILED" >&2; exit 1; }
echo "lint: clean"
