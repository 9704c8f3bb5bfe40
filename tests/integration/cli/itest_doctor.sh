#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# branchlab doctor on the running kernel: one JSON entry per feature, an
# exit status that says whether a full lab can run (0) or not (1), in
# agreement with the entries, and no throwaway namespace left behind.
set -euo pipefail

BRANCHLAB=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
if [[ $(id -u) -ne 0 ]]; then
	echo "itest_doctor: skipped: needs root (doctor tries namespaces)"
	exit 77
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
before=$(ip netns list | sort)
"$BRANCHLAB" doctor --json >"$out" || rc=$?
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
	echo "itest_doctor: FAIL: doctor exited $rc" >&2
	exit 1
fi

python3 - "$out" "$rc" <<'PY'
import json, sys
checks = json.load(open(sys.argv[1]))
rc = int(sys.argv[2])
fallback = {"qemu-system-x86_64", "test VM kernel"}
assert len(checks) == 15, f"{len(checks)} entries"
for c in checks:
    assert set(c) == {"feature", "ok", "detail", "remedy"}, c
    assert c["detail"], f"{c['feature']}: no detail"
    # A missing feature always says what to do, in words, not an errno.
    if not c["ok"]:
        assert c["remedy"], f"{c['feature']}: missing without a remedy"
full = all(c["ok"] for c in checks if c["feature"] not in fallback)
assert rc == (0 if full else 1), f"exit {rc} but full lab possible: {full}"
print("ok   doctor: %d checks, %d missing, exit %d" %
      (len(checks), sum(not c["ok"] for c in checks), rc))
PY

# Its throwaway namespace has no name: none may appear (another user's
# namespaces may come and go meanwhile, so compare only additions).
added=$(comm -13 <(echo "$before") <(ip netns list | sort))
if [[ -n $added ]]; then
	echo "itest_doctor: FAIL: named namespaces appeared: $added" >&2
	exit 1
fi
echo "ok   doctor named no namespace"

# Where the kernel cannot carry a lab but the test VM can, doctor prints
# the command that runs this binary in it: that command must work as
# printed, with doctor's "..." replaced by a verb. Where the kernel can,
# doctor says so and prints no such command.
text=$("$BRANCHLAB" doctor) || true
if grep -q 'the test VM can:' <<<"$text"; then
	cmd=$(grep -A1 'the test VM can:' <<<"$text" | tail -n1 | sed -e 's/^ *//' -e 's/ \.\.\.$//')
	[[ $cmd == /*" -- "/* ]] || { echo "itest_doctor: FAIL: remedy is not absolute: $cmd" >&2; exit 1; }
	# shellcheck disable=SC2086 # the printed command, split as a shell would
	vm_out=$($cmd doctor 2>&1) || { echo "itest_doctor: FAIL: '$cmd doctor' failed:" >&2; echo "$vm_out" | tail -n 20 >&2; exit 1; }
	grep -q 'A full lab (with tunnels) can run here' <<<"$vm_out" ||
		{ echo "itest_doctor: FAIL: '$cmd doctor' ran, but not in a kernel with tunnels:" >&2; echo "$vm_out" >&2; exit 1; }
	echo "ok   the printed remedy works: $cmd doctor"
else
	grep -q 'A full lab (with tunnels) can run here\|A full lab cannot run here' <<<"$text" ||
		{ echo "itest_doctor: FAIL: doctor gave no verdict:" >&2; echo "$text" >&2; exit 1; }
	echo "ok   doctor offers no VM remedy here: $(tail -n1 <<<"$text")"
fi
