#!/usr/bin/env bash
# Run every test of branchlab, as root on Debian 12:
#   1. ci/setup.sh (packages, guest kernel);
#   2. build/ (Debug), build-asan/ (ASan + UBSan) and build-release/ (-O2,
#      built only) with CMake;
#   3. unit tests in both builds;
#   4. integration tests on the host (a test exits 77, skipped, when the host
#      kernel lacks a feature it needs; a test that skips only a part of
#      itself records it in $BRANCHLAB_SKIP_LOG, counted as skipped);
#   5. inside the test VM (ci/vm-run), whose stock kernel has ESP, VTI and
#      xfrm interfaces, the integration tests that did not run whole on the
#      host (skipped, or with skipped parts): there a skipped test, or a
#      skipped part, is a failure. A test that ran whole on the host is not
#      run again under TCG;
#   6. ci/lint.sh, if present;
#   7. ci/fuzz.sh: the topology loader under libFuzzer for 30 s.
# Every step runs even when an earlier one failed (except what depends on a
# failed build). The last line is "N passed, N failed, N skipped": ctest's
# counts summed over the runs, plus one failure per step that failed outside
# ctest (setup, configure, build, the VM, lint). Exits non-zero on any failure.
#
# Environment: BRANCHLAB_JOBS (build parallelism, default 2),
# BRANCHLAB_VM_TIMEOUT (seconds for the VM run, default 1200).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"

JOBS=${BRANCHLAB_JOBS:-2}
VM_TIMEOUT=${BRANCHLAB_VM_TIMEOUT:-1200}
PASSED=0
FAILED=0
SKIPPED=0
FAILED_STEPS=()
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/branchlab-test.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT

banner() { printf '\n==> %s\n' "$*"; }

step_failed() {
	FAILED_STEPS+=("$1")
	FAILED=$((FAILED + 1))
	printf 'test.sh: FAILED: %s\n' "$1" >&2
}

# Run "$@" with its output shown and kept in $LOGS/$name.log; returns its status.
logged() {
	local name=$1
	shift
	"$@" 2>&1 | tee "$LOGS/$name.log"
	return "${PIPESTATUS[0]}"
}

# Add the counts of one ctest run (its log) to the totals. Returns 1 when the
# log has no ctest summary and does not say that no test was found.
count_ctest() {
	local log=$1 line total failed skipped
	line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1) || true
	if [[ -z $line ]]; then
		grep -q 'No tests were found' "$log" && return 0
		return 1
	fi
	failed=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$line")
	total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
	skipped=$(grep -cE '^[[:space:]]+[0-9]+ - .* \((Skipped|Disabled)\)[[:space:]]*$' "$log") || true
	PASSED=$((PASSED + total - failed - skipped))
	FAILED=$((FAILED + failed))
	SKIPPED=$((SKIPPED + skipped))
	printf 'test.sh: %s: %d passed, %d failed, %d skipped\n' \
		"$(basename "$log" .log)" "$((total - failed - skipped))" "$failed" "$skipped"
}

# The parts of tests that skipped themselves in run NAME (lines of its
# skip log), added to "skipped".
count_skipped_parts() {
	local log=$1 n
	[[ -s $log ]] || return 0
	n=$(wc -l <"$log")
	SKIPPED=$((SKIPPED + n))
	printf 'test.sh: %d part(s) of tests skipped:\n' "$n"
	sed 's/^/  - /' "$log"
}

# In the test VM every kernel feature exists: the skips counted since
# SKIPPED was "before" (whole tests and parts) become failures.
skips_fail() {
	local name=$1 log=$2 before=$3 n=$((SKIPPED - $3))
	[[ $n -gt 0 ]] || return 0
	SKIPPED=$before
	FAILED=$((FAILED + n))
	FAILED_STEPS+=("$name: $n test(s) or part(s) skipped inside the test VM")
	printf 'test.sh: FAILED: %s: %d skipped inside the test VM, where nothing may be\n' "$name" "$n" >&2
	grep -E '\((Skipped|Disabled)\)' "$log" | sed 's/^/  /' >&2 || true
}

# ctest run NAME, then ctest's arguments (or a full command line after
# "--vm"). A non-zero exit without failed tests counted is a step failure.
run_ctest() {
	local name=$1 rc=0 before=$FAILED skipped_before=$SKIPPED vm=0
	# In the work tree: the VM writes only there (and to its tmpfs).
	local skip_log=$REPO/build/skipped-parts-$name.log
	shift
	banner "$name"
	rm -f "$skip_log"
	export BRANCHLAB_SKIP_LOG=$skip_log
	if [[ $1 == --vm ]]; then
		shift
		vm=1
		logged "$name" ci/vm-run --timeout "$VM_TIMEOUT" -- "$@" || rc=$?
	else
		logged "$name" ctest "$@" || rc=$?
	fi
	unset BRANCHLAB_SKIP_LOG
	if ! count_ctest "$LOGS/$name.log"; then
		step_failed "$name (exit $rc, no ctest summary)"
	elif [[ $rc -ne 0 && $FAILED -eq $before ]]; then
		step_failed "$name (exit $rc)"
	fi
	count_skipped_parts "$skip_log"
	if [[ $vm -eq 1 ]]; then
		skips_fail "$name" "$LOGS/$name.log" "$skipped_before"
	fi
}

# The integration tests that did not run whole on the host: skipped (exit
# 77) or with parts skipped (the skip log names them). A test that ran
# whole on the host kernel is not run again under TCG, where it takes
# several times as long. One ctest regex, empty when every test ran whole.
vm_test_regex() {
	local log=$LOGS/integration-host.log skips=$REPO/build/skipped-parts-integration-host.log
	local name names=() all
	all=$(ctest --test-dir build -N -L integration | sed -nE 's/^ *Test +#[0-9]+: ([^ ]+)$/\1/p')
	while read -r name; do
		[[ -n $name ]] || continue
		if grep -qx "${name}_sh" <<<"$all"; then names+=("${name}_sh"); else names+=("$name"); fi
	done < <({
		grep -E '^[[:space:]]+[0-9]+ - .* \((Skipped|Disabled)\)' "$log" |
			sed -E 's/^[[:space:]]+[0-9]+ - ([^ ]+) .*/\1/'
		[[ -s $skips ]] && cut -d: -f1 "$skips"
	} | sed 's/_sh$//' | sort -u)
	[[ ${#names[@]} -gt 0 ]] || return 0
	local IFS='|'
	printf '^(%s)$' "${names[*]}"
}

vm_integration() {
	local regex
	regex=$(vm_test_regex)
	if [[ -z $regex ]]; then
		banner "integration-vm"
		echo "test.sh: every integration test ran whole on this kernel: no test VM run"
		return 0
	fi
	echo "test.sh: in the test VM, what the host could not run whole: $regex"
	run_ctest integration-vm --vm ctest --test-dir build -L integration -R "$regex" --output-on-failure
}

build() {
	local dir=$1
	shift
	banner "build $dir"
	if ! logged "configure-$dir" cmake -S . -B "$dir" "$@"; then
		step_failed "configure of $dir/"
		return 1
	fi
	if ! logged "build-$dir" cmake --build "$dir" -j "$JOBS"; then
		step_failed "build of $dir/"
		return 1
	fi
}

main() {
	local start=$SECONDS built=0 asan_built=0

	banner "setup"
	ci/setup.sh || step_failed "ci/setup.sh"

	build build -DCMAKE_BUILD_TYPE=Debug && built=1
	build build-asan -DCMAKE_BUILD_TYPE=Debug -DBRANCHLAB_SANITIZE=ON && asan_built=1
	# -O2 sees what -O0 does not (maybe-uninitialized, format-truncation):
	# built, not run, so -Werror guards the optimised build too.
	build build-release -DCMAKE_BUILD_TYPE=Release

	if [[ $built -eq 1 ]]; then
		run_ctest unit --test-dir build -L unit --output-on-failure -j "$JOBS"
	fi
	if [[ $asan_built -eq 1 ]]; then
		run_ctest unit-asan --test-dir build-asan -L unit --output-on-failure -j "$JOBS"
	fi
	if [[ $built -eq 1 ]]; then
		run_ctest integration-host --test-dir build -L integration --output-on-failure
		vm_integration
	fi

	if [[ -x ci/lint.sh ]]; then
		banner "lint"
		ci/lint.sh || step_failed "ci/lint.sh"
	fi

	# The topology loader under libFuzzer for a bounded time: no crash,
	# leak or hang (BRANCHLAB_FUZZ_SECONDS, default 30).
	banner "fuzz the topology loader"
	bash ci/fuzz.sh "${BRANCHLAB_FUZZ_SECONDS:-30}" >"$LOGS/fuzz.log" 2>&1 ||
		{ tail -n 30 "$LOGS/fuzz.log"; step_failed "ci/fuzz.sh"; }
	grep -E '^(Done|stat::number_of_executed_units)' "$LOGS/fuzz.log" || true

	printf '\n'
	if [[ ${#FAILED_STEPS[@]} -gt 0 ]]; then
		printf 'test.sh: failed steps:\n'
		printf '  - %s\n' "${FAILED_STEPS[@]}"
	fi
	printf 'test.sh: took %d s\n' "$((SECONDS - start))"
	printf '%d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
	[[ $FAILED -eq 0 ]]
}

main "$@"
