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
