#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# control_plane: bird without tunnels, so it runs on any kernel with
# namespaces, veth, bridges and multipath (the host here included): the
# reference topology minus its VPN site, brought up with
# `up --control-plane bird`, real BIRD daemons. Checks:
#   - up starts one BIRD per BGP speaker (6) and one in the VM (the VNet
#     feed), each in its namespace;
#   - `diff --wait 30` exits 0: every speaker's kernel routes are the
#     model's, the BGP ones installed by BIRD (proto bird), the CE's route
#     to the hub a two-way multipath route;
#   - status shows every session Established (both ends of 7, and of the
#     3 VNet feed sessions: both VPN instances and the ER gateway to vm1);
#   - the VM's gateway route is BIRD's, and follows a speaker: stopping
#     the MSEE's BIRD takes vm1's 172.16.0.0/16 away without branchlab
#     pushing anything, `up` brings the daemon and the route back;
#   - a BIRD killed with SIGKILL: status names its node and exits 1, diff
#     exits 1 naming the routes that went; up again restarts it and diff
#     is back to 0;
#   - down leaves no BIRD of the lab running and no state dir.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
LAB=itbird$(($$ % 1000))
WORK=$(mktemp -d)
TOPO=$WORK/lab.yaml
STATE=${BRANCHLAB_STATE_DIR:-/run/branchlab}/$LAB

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	"$BL" down "$LAB" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}

# Live (not zombie) BIRD processes started with this lab's state dir.
lab_birds() {
	local p
	for p in $(pgrep -x bird || true); do
		[[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) != Z ]] || continue
		{ tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -q "$STATE/bird/" && echo "$p"
	done
	return 0
}

write_topology() {
	python3 - "$SRC/topologies/azure-coexist.yaml" "$TOPO" "$LAB" <<-'EOF2'
		import re, sys
		text = open(sys.argv[1]).read()
		text = re.sub(r'(?m)^name: .*$', 'name: ' + sys.argv[3], text)
		text = re.sub(r'(?ms)^vpn_sites:.*?(?=^er_circuits:)', '', text)
		text = re.sub(r'(?ms)^expect:.*', '', text)
		open(sys.argv[2], 'w').write(text)
	EOF2
}

need_root
need_plumbing
[[ -x /usr/sbin/bird ]] || skip "no /usr/sbin/bird: install bird2 (ci/setup.sh does)"
trap cleanup EXIT
write_topology

start=$SECONDS
"$BL" up "$TOPO" --control-plane bird >/dev/null || fail "up --control-plane bird failed"
n=$(lab_birds | wc -l)
[[ $n -eq 7 ]] || fail "$n BIRD daemons run, want 7 (vpngw-in0/1, ergw-in0, routeserver, msee-b, ce-b, vm1)"
echo "ok: up started 7 BIRD daemons"

"$BL" diff "$LAB" --wait 30 >"$WORK/diff" || fail "diff after up: $(cat "$WORK/diff")"
grep -q "^lab $LAB: 0 differences .* in 6 BGP speakers (bird control plane) and 1 VM" "$WORK/diff" ||
	fail "unexpected diff output: $(cat "$WORK/diff")"
ip -n "$LAB-ce-b" route show 10.0.0.0/16 | grep -q "proto bird" || fail "ce-b: 10.0.0.0/16 is not BIRD's"
ip -n "$LAB-ce-b" route show 10.0.0.0/16 | grep -c nexthop | grep -qx 2 ||
	fail "ce-b: 10.0.0.0/16 is not a two-way multipath route"
echo "ok: diff 0 after $((SECONDS - start)) s; BIRD's multipath route at ce-b"

# A session that carries nothing (the two instances here) may come up
# after diff is already 0: give them the same 30 s.
for _ in $(seq 60); do
	"$BL" status "$LAB" >"$WORK/status" || fail "status failed: $(cat "$WORK/status")"
	est=$(grep -c " Established " "$WORK/status" || true)
	[[ $est -lt 20 ]] || break
	sleep 0.5
done
[[ $est -eq 20 ]] || fail "$est session ends Established, want 20 (7 sessions, 3 VNet feeds): $(cat "$WORK/status")"
echo "ok: status shows the 20 session ends (7 sessions, 3 VNet feeds) Established"
ip -n "$LAB-vm1" route show 172.16.0.0/16 | grep -q "via 10.0.255.6 dev eth0 proto bird" ||
	fail "vm1: 172.16.0.0/16 is not BIRD's via the ER gateway: $(ip -n "$LAB-vm1" route)"
echo "ok: vm1's route to the ER site is BIRD's, via the ER gateway"

kill -9 "$(cat "$STATE/bird/ce-b.pid")"
sleep 1
if "$BL" status "$LAB" >/dev/null 2>"$WORK/status.err"; then
	fail "status exits 0 with the BIRD of ce-b killed"
fi
grep -q "bird of 'ce-b' is dead" "$WORK/status.err" || fail "status: $(cat "$WORK/status.err")"
"$BL" up "$TOPO" >/dev/null || fail "up again failed"
[[ $(lab_birds | wc -l) -eq 7 ]] || fail "up did not restart the killed BIRD"
"$BL" diff "$LAB" --wait 30 >"$WORK/diff" || fail "diff after restart: $(cat "$WORK/diff")"
echo "ok: a killed BIRD is reported dead by node, up restarts it, diff 0 again"

kill "$(cat "$STATE/bird/msee-b.pid")"
sleep 1
if "$BL" diff "$LAB" >"$WORK/diff"; then
	fail "diff exits 0 with the MSEE's BIRD stopped"
fi
grep -q "^ce-b 10.0.0.0/16: model via 192.168.100.130, 192.168.100.134, kernel absent" "$WORK/diff" ||
	fail "diff does not name ce-b's lost route: $(cat "$WORK/diff")"
echo "ok: with the MSEE's BIRD stopped diff exits 1 and names the routes that went"

# The VM follows the speakers live: nothing of branchlab ran since the stop.
gone=0
for _ in $(seq 20); do
	if ! ip -n "$LAB-vm1" route show 172.16.0.0/16 | grep -q .; then gone=1; break; fi
	sleep 0.5
done
[[ $gone -eq 1 ]] || fail "vm1 keeps 172.16.0.0/16 with the MSEE's BIRD stopped: $(ip -n "$LAB-vm1" route)"
grep -q "^vm1 172.16.0.0/16: model via 10.0.255.6, kernel absent" "$WORK/diff" ||
	fail "diff does not name vm1's lost route: $(cat "$WORK/diff")"
"$BL" up "$TOPO" >/dev/null || fail "up to restart the MSEE's BIRD failed"
"$BL" diff "$LAB" --wait 30 >"$WORK/diff" || fail "diff after the MSEE restart: $(cat "$WORK/diff")"
ip -n "$LAB-vm1" route show 172.16.0.0/16 | grep -q "via 10.0.255.6 dev eth0 proto bird" ||
	fail "vm1: 172.16.0.0/16 is not back as BIRD's: $(ip -n "$LAB-vm1" route)"
echo "ok: vm1's route went with the MSEE's BIRD and came back with it (BIRD's, not pushed)"

"$BL" down "$LAB" >/dev/null || fail "down failed"
[[ -z $(lab_birds) ]] || fail "BIRD still runs after down: $(lab_birds)"
[[ ! -e $STATE ]] || fail "down left $STATE"
echo "ok: down leaves no BIRD and no state"
