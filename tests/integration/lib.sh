# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the shell integration tests: how they skip and fail.
# Exit 77 is what ctest reports as skipped (SKIP_RETURN_CODE).

skip() { echo "SKIP: $*"; exit 77; }
# A part of a test that cannot run here while the rest does: said on
# stdout and recorded, one line, in $BRANCHLAB_SKIP_LOG, which ci/test.sh
# adds to "skipped" on the host and to "failed" in the test VM (whose
# kernel has every feature, so nothing may be skipped there).
skip_part() {
	echo "SKIP (part): $*"
	if [[ -n ${BRANCHLAB_SKIP_LOG:-} ]]; then
		printf '%s: %s\n' "$(basename "$0" .sh)" "$*" >>"$BRANCHLAB_SKIP_LOG"
	fi
}
fail() { echo "FAIL: $*" >&2; exit 1; }
need_root() { [[ $(id -u) == 0 ]] || skip "needs root (network namespaces)"; }

# Needs what a lab without tunnels needs (namespaces, veth, bridges,
# multipath routes), not IPsec. Uses $BL and $WORK; leaves doctor's answer
# in $WORK/doctor.json for further questions.
need_plumbing() {
	need_root
	"$BL" doctor --json >"$WORK/doctor.json" || true
	local gaps
	gaps=$(python3 -c "import json; print('; '.join(c['feature']+': '+c['detail'] for c in json.load(open('$WORK/doctor.json')) if not c['ok'] and c['feature'] in ('network namespaces', 'veth', 'bridge', 'multipath routes')))")
	[[ -z $gaps ]] || skip "branchlab doctor: $gaps"
}
