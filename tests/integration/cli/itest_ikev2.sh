#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# IKEv2 keying through the lab lifecycle, on the reference topology with
# `up --keying ikev2`: one charon per IPsec node negotiates both tunnels
# from RRAS; a ping crosses each tunnel and that tunnel's CHILD_SA
# counters grow; `status` (text and JSON) shows IKE/CHILD_SA state, SPIs,
# rekey times and counters; a SIGKILLed charon is reported dead by node
# name (status exits 1) and `up` restarts it; a wrong pre-shared key on
# one side makes `up` fail with an authentication failure naming the
# tunnel; after `down` no charon runs and the state dir is gone.
#
# Needs root, strongSwan's charon and a kernel with ESP and xfrm
# interfaces: skips (77) elsewhere; runs for real in the test VM.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
REF=$SRC/topologies/azure-coexist.yaml
LAB=coexist
STATE=/run/branchlab/$LAB
WORK=$(mktemp -d)
UP=

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	[[ -n $UP ]] && "$BL" down "$LAB" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT

need_root
[[ -x /usr/lib/ipsec/charon ]] || skip "needs strongSwan's charon (/usr/lib/ipsec/charon)"
if ! "$BL" doctor >"$WORK/doctor.txt" 2>&1; then
	grep -i missing "$WORK/doctor.txt" || true
	skip "this kernel cannot build a lab with tunnels (branchlab doctor above); run in the test VM"
fi
charons() { grep -lx charon /proc/[0-9]*/comm 2>/dev/null | wc -l; }
[[ $(charons) == 0 ]] || skip "a charon runs already (not ours): cannot count ours"
json() { "$BL" status "$LAB" --json 2>/dev/null || true; }

# Field of tunnel T's CHILD_SA on node N from status --json on stdin.
child_field() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
for t in d["tunnels"]:
    ike = t.get("ike")
    if not ike or ike["name"] != sys.argv[1]:
        continue
    for e in ike["ends"]:
        if e["node"] == sys.argv[2]:
            c = e["children"]
            print(c[0][sys.argv[3]] if c else "none")
' "$@"
}

# --- up: both tunnels from RRAS established, time to all SAs installed --
start=$(date +%s%N)
"$BL" -v up "$REF" --keying ikev2 >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; fail "up --keying ikev2"; }
UP=1
echo "ok up --keying ikev2 in $((($(date +%s%N) - start) / 1000000)) ms; $(grep 'charons\|until every' "$WORK/up.log" | sed 's/^up: *//' | tr '\n' ';')"
[[ $(charons) == 3 ]] || fail "expected 3 charons (rras-a, vpngw-in0, vpngw-in1), found $(charons)"

"$BL" status "$LAB" >"$WORK/status.txt" || { cat "$WORK/status.txt"; fail "status of a healthy lab exits non-zero"; }
for t in rras-a-vpngw-in0 rras-a-vpngw-in1; do
	grep -A4 "ikev2 tunnel '$t'" "$WORK/status.txt" >"$WORK/t.txt" || fail "status shows no tunnel $t"
	[[ $(grep -c 'IKE_SA ESTABLISHED' "$WORK/t.txt") == 2 ]] || { cat "$WORK/t.txt"; fail "$t: IKE_SA not ESTABLISHED on both ends"; }
	[[ $(grep -Ec 'CHILD_SA INSTALLED spi in [0-9a-f]{8} out [0-9a-f]{8} .*rekey in [0-9]+ s' "$WORK/t.txt") == 2 ]] ||
		{ cat "$WORK/t.txt"; fail "$t: CHILD_SA not INSTALLED with SPIs and rekey time on both ends"; }
done
echo "ok status (text): both tunnels ESTABLISHED/INSTALLED on both ends, SPIs and rekey times shown"

json >"$WORK/status.json"
python3 - "$WORK/status.json" <<'EOF' || fail "status --json lacks IKE/CHILD_SA state"
import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(c["state"] for c in d["charons"]) == ["running"] * 3, d["charons"]
for t in d["tunnels"]:
    for e in t["ike"]["ends"]:
        assert e["ike_state"] == "ESTABLISHED" and e["rekey_in_s"] > 0, e
        c = e["children"][0]
        assert c["state"] == "INSTALLED" and int(c["spi_in"], 16) and int(c["spi_out"], 16), c
        assert c["rekey_in_s"] > 0, c
EOF
echo "ok status --json: charons running, IKE/CHILD_SA state, SPIs, rekey times"

# --- a ping crosses each tunnel; that tunnel's counters grow --------------
ping_tunnel() {
	local inst=$1 t=rras-a-vpngw-in$1 inner before after
	inner=$("$BL" show "$REF" --json | python3 -c "
import json, sys
print(json.load(sys.stdin)['tunnels'][$inst]['gateway']['inner'].split('/')[0])")
	before=$(json | child_field "$t" rras-a packets_out)
	"$BL" exec "$LAB" rras-a -- ping -c 3 -i 0.2 -W 2 "$inner" >"$WORK/ping.txt" ||
		{ cat "$WORK/ping.txt"; fail "ping from rras-a to $inner over $t"; }
	after=$(json | child_field "$t" rras-a packets_out)
	((after >= before + 3)) || fail "$t: CHILD_SA packets_out $before -> $after after 3 pings"
	echo "ok ping rras-a -> $inner over $t: packets_out $before -> $after"
}
ping_tunnel 0
ping_tunnel 1

# --- a killed charon is reported dead; up restarts it ---------------------
pid=$(cut -d' ' -f1 "$STATE/charon/vpngw-in1.pid")
kill -9 "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
if "$BL" status "$LAB" >"$WORK/dead.txt" 2>"$WORK/dead.err"; then
	fail "status exits 0 with vpngw-in1's charon killed"
fi
grep -q "charon of 'vpngw-in1' is dead" "$WORK/dead.err" || { cat "$WORK/dead.err"; fail "status did not name the dead charon"; }
grep -Eq '^  vpngw-in1 +dead' "$WORK/dead.txt" || { cat "$WORK/dead.txt"; fail "status text does not list vpngw-in1 as dead"; }
[[ $(json | python3 -c 'import json,sys; print([c["state"] for c in json.load(sys.stdin)["charons"] if c["node"]=="vpngw-in1"][0])') == dead ]] ||
	fail "status --json does not list vpngw-in1 as dead"
echo "ok killed charon: status exits 1 and names it: $(cat "$WORK/dead.err")"

start=$(date +%s%N)
"$BL" up "$REF" >"$WORK/up2.log" 2>&1 || { cat "$WORK/up2.log"; fail "up after a charon died"; }
[[ $(json | child_field rras-a-vpngw-in1 vpngw-in1 state) == INSTALLED ]] || fail "up did not bring rras-a-vpngw-in1 back"
"$BL" status "$LAB" >/dev/null 2>&1 || fail "status still unhappy after up restarted the charon"
echo "ok up restarted vpngw-in1's charon, tunnel back in $((($(date +%s%N) - start) / 1000000)) ms"
ping_tunnel 1

# --- a wrong pre-shared key on one side: up fails naming the tunnel -------
cp "$STATE/charon/vpngw-in1.psk" "$WORK/good.psk"
sed -i "s/^rras-a-vpngw-in1 .*/rras-a-vpngw-in1 $(printf '0%.0s' {1..64})/" "$STATE/charon/vpngw-in1.psk"
pid=$(cut -d' ' -f1 "$STATE/charon/vpngw-in1.pid")
kill -9 "$pid"   # a running charon keeps its SA: make the next up re-authenticate
if "$BL" up "$REF" >"$WORK/bad.log" 2>&1; then
	fail "up succeeded with a wrong pre-shared key on vpngw-in1"
fi
grep -q "initiating tunnel 'rras-a-vpngw-in1' on 'rras-a' failed: authentication failed" "$WORK/bad.log" ||
	{ cat "$WORK/bad.log"; fail "up did not report an authentication failure for rras-a-vpngw-in1"; }
grep -q "rras-a-vpngw-in0" "$WORK/bad.log" && { cat "$WORK/bad.log"; fail "the good tunnel was blamed too"; }
echo "ok wrong PSK: $(grep -m1 'authentication failed' "$WORK/bad.log")"
cp "$WORK/good.psk" "$STATE/charon/vpngw-in1.psk"
pid=$(cut -d' ' -f1 "$STATE/charon/vpngw-in1.pid")
kill -9 "$pid"
"$BL" up "$REF" >"$WORK/up3.log" 2>&1 || { cat "$WORK/up3.log"; fail "up with the key restored"; }
echo "ok key restored: up succeeds again"

# --- a keying switch on the running lab is refused, the lab untouched ------
if "$BL" up "$REF" --keying static >"$WORK/switch.log" 2>&1; then
	fail "up --keying static on a lab running IKEv2 was accepted"
fi
grep -q "runs tunnel a/0 with ikev2 keying; switching a running lab to static is not supported" "$WORK/switch.log" ||
	{ cat "$WORK/switch.log"; fail "the keying switch was not refused with its reason"; }
[[ $(charons) == 3 ]] || fail "the refused switch left $(charons) charons, want 3"
[[ $(json | child_field rras-a-vpngw-in0 rras-a state) == INSTALLED ]] || fail "the refused switch broke rras-a-vpngw-in0"
"$BL" up "$REF" >"$WORK/same.log" 2>&1 || { cat "$WORK/same.log"; fail "up again without --keying (kept ikev2)"; }
"$BL" show "$LAB" | grep -q "keys: IKEv2 PSK" || { "$BL" show "$LAB"; fail "show of the lab does not report the ikev2 keying in use"; }
echo "ok keying switch refused: $(head -1 "$WORK/switch.log"); show reports ikev2"

# --- down: no charon left, no state -----------------------------------------
"$BL" down "$LAB" >/dev/null || fail "down"
UP=
[[ $(charons) == 0 ]] || fail "$(charons) charon(s) left after down"
[[ ! -e $STATE ]] || fail "$STATE left after down"
grep -q "^$LAB-" <(ip netns list) && fail "namespaces of $LAB left after down"
# --- RRAS proposing what Azure does not accept: no proposal chosen --------
cat >"$WORK/ikebad.yaml" <<'YAML'
name: ikebad
vpn_sites:
  - name: a
    tunnels: [{instance: 0, ike: aes128-sha1-modp1024}, {instance: 1}]
YAML
if "$BL" up "$WORK/ikebad.yaml" --keying ikev2 >"$WORK/ikebad.log" 2>&1; then
	"$BL" down ikebad >/dev/null 2>&1
	fail "up succeeded with an IKE proposal the gateway does not accept"
fi
grep -q "tunnel 'rras-a-vpngw-in0'.*no proposal chosen" "$WORK/ikebad.log" ||
	{ cat "$WORK/ikebad.log"; fail "up did not name the proposal mismatch of rras-a-vpngw-in0"; }
[[ $(charons) == 0 ]] || fail "$(charons) charon(s) left after the failed up"
grep -q "^ikebad-" <(ip netns list) && fail "namespaces of ikebad left after the failed up"
echo "ok proposal mismatch: $(grep -m1 'no proposal chosen' "$WORK/ikebad.log")"

echo "PASS: ikev2 lab up, pings over both tunnels, dead charon reported and restarted, wrong PSK named, proposal mismatch named, clean down"
