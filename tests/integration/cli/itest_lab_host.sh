#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The lab lifecycle without tunnels, so it runs on any kernel with
# namespaces, veth, bridges and multipath (the host here included): the
# reference topology minus its VPN site. Checks, one table row each:
#   - up refuses a namespace it did not create, rolls back every namespace
#     it did create and its new state dir, and leaves the stranger alone;
#   - up builds the lab; the VM reaches site B over ExpressRoute (exec +
#     ping), the CE's route to the hub is a two-way multipath route and the
#     VM's route to 10.0.0.0/8's remainder a blackhole (route model);
#   - every link of a node has rp_filter 0, set per link over netlink;
#   - in the test VM only (its kernel is the test's own): up raises the
#     kernel-wide neighbour table limits and input queue (netdev_max_backlog,
#     4 per port of the largest bridge) a lab needs, and never lowers them;
#   - up of another file that carries the running lab's name is refused,
#     and the lab is left as it was;
#   - up again converges (a link whose rp_filter was turned on is turned
#     off again); down leaves nothing;
#   - every command that needs a running lab says in one line that it is
#     not up (by name or by file), exit 1.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
LAB=ithost$(($$ % 1000))
WORK=$(mktemp -d)
TOPO=$WORK/lab.yaml
STRANGER=$LAB-b1

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	"$BL" down "$LAB" >/dev/null 2>&1 || true
	ip netns del "$STRANGER" 2>/dev/null || true
	rm -rf "$WORK"
}

lab_namespaces() { ip netns list | awk '{print $1}' | grep "^$LAB-" || true; }

check_kernel() {
	need_plumbing
}

# The reference lab without its VPN site (and without expectations).
write_topology() {
	python3 - "$SRC/topologies/azure-coexist.yaml" "$TOPO" "$LAB" <<-'EOF'
		import re, sys
		text = open(sys.argv[1]).read()
		text = re.sub(r'(?m)^name: .*$', 'name: ' + sys.argv[3], text)
		text = re.sub(r'(?ms)^vpn_sites:.*?(?=^er_circuits:)', '', text)
		text = re.sub(r'(?ms)^expect:.*', '', text)
		open(sys.argv[2], 'w').write(text)
	EOF
}

test_rollback() {
	ip netns add "$STRANGER"
	if "$BL" up "$TOPO" 2>"$WORK/up.err"; then
		fail "up took over namespace $STRANGER"
	fi
	grep -q "namespace '$STRANGER' exists" "$WORK/up.err" || fail "unexpected error: $(cat "$WORK/up.err")"
	[[ $(lab_namespaces) == "$STRANGER" ]] || fail "rollback left: $(lab_namespaces | tr '\n' ' ')"
	[[ ! -e /run/branchlab/$LAB ]] || fail "rollback left the state dir"
	ip netns del "$STRANGER"
	echo "ok: up refused $STRANGER, rolled back, kept the stranger"
}

test_up_and_routes() {
	"$BL" -v up "$TOPO" || fail "up failed"
	"$BL" exec "$LAB" vm1 -- ping -q -c 2 -W 2 172.16.0.10 >/dev/null || fail "vm1 cannot reach b1 over ER"
	ip -n "$LAB-ce-b" route show 10.0.0.0/16 | grep -c nexthop | grep -qx 2 ||
		fail "ce-b: 10.0.0.0/16 is not a two-way multipath route"
	ip -n "$LAB-vm1" route show type blackhole | grep -q "^blackhole 10.0.0.0/8" ||
		fail "vm1: no blackhole for 10.0.0.0/8 (R16)"
	echo "ok: up, vm1 -> b1 over ExpressRoute, multipath and blackhole routes"
}

NEIGH=/proc/sys/net/ipv4/neigh/default
BACKLOG=/proc/sys/net/core/netdev_max_backlog

# The neighbour limits are shared by every namespace of the kernel: only
# where the kernel is this test's alone (the VM) are they lowered to see
# up raise them (4 and 2 per link), and put back after.
test_neigh_limits() {
	local links old2 old3 oldq want3 ports
	if [[ -z ${BRANCHLAB_IN_VM:-} ]]; then
		skip_part "neighbour limits: they are the host kernel's, tested in the VM only"
		return
	fi
	links=$("$BL" show "$TOPO" | sed -n 's/^lab [^:]*: [0-9]* nodes, \([0-9]*\) interfaces.*/\1/p')
	want3=$((links * 4))
	old2=$(<"$NEIGH/gc_thresh2") old3=$(<"$NEIGH/gc_thresh3") oldq=$(<"$BACKLOG")
	echo 16 >"$NEIGH/gc_thresh2"
	echo 32 >"$NEIGH/gc_thresh3"
	echo 1 >"$BACKLOG"
	"$BL" -v up "$TOPO" 2>"$WORK/up.err" || fail "up failed: $(cat "$WORK/up.err")"
	[[ $(<"$NEIGH/gc_thresh3") == "$want3" && $(<"$NEIGH/gc_thresh2") == $((links * 2)) ]] ||
		fail "gc_thresh2/3 are $(<"$NEIGH/gc_thresh2")/$(<"$NEIGH/gc_thresh3"), want $((links * 2))/$want3"
	grep -q "raised the kernel's neighbour table limits" "$WORK/up.err" || fail "up did not say it raised them"
	ports=$(largest_bridge_ports)
	[[ $(<"$BACKLOG") == $((ports * 4)) ]] ||
		fail "netdev_max_backlog is $(<"$BACKLOG"), want $((ports * 4)) (4 x the $ports ports of the largest bridge)"
	grep -q "raised the kernel's input queue" "$WORK/up.err" || fail "up did not say it raised netdev_max_backlog"
	echo $((want3 * 2)) >"$NEIGH/gc_thresh3"
	echo $((ports * 8)) >"$BACKLOG"
	"$BL" up "$TOPO" || fail "third up failed"
	[[ $(<"$NEIGH/gc_thresh3") == $((want3 * 2)) ]] || fail "up lowered gc_thresh3"
	[[ $(<"$BACKLOG") == $((ports * 8)) ]] || fail "up lowered netdev_max_backlog"
	echo "$old3" >"$NEIGH/gc_thresh3"
	echo "$old2" >"$NEIGH/gc_thresh2"
	echo "$oldq" >"$BACKLOG"
	echo "ok: up raised gc_thresh2/3 to $((links * 2))/$want3 for $links links and" \
		"netdev_max_backlog to $((ports * 4)) for a bridge of $ports ports, and lowers nothing"
}

# The most ports any bridge of the running lab has (veths enslaved to it).
largest_bridge_ports() {
	local ns most=0 n
	for ns in $(ip netns list | awk -v p="$LAB-" 'index($1, p) == 1 { print $1 }'); do
		n=$(ip -n "$ns" -o link show | grep -c " master " || true)
		((n > most)) && most=$n
	done
	echo "$most"
}

# rp_filter of every veth and bridge of ce-b, one "name value" line each
# (not the kernel's own fallback devices, like ip_vti0, which the lab
# does not make).
ce_rp_filters() {
	local ns=$LAB-ce-b name
	for name in $( (ip -n "$ns" -o link show type veth; ip -n "$ns" -o link show type bridge) |
		awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
		echo "$name $(ip netns exec "$ns" sysctl -n "net.ipv4.conf.$name.rp_filter")"
	done
}

test_rp_filter_per_link() {
	local links
	links=$(ce_rp_filters)
	[[ -n $links ]] || fail "ce-b has no links"
	[[ -z $(grep -v ' 0$' <<<"$links") ]] || fail "rp_filter not 0 on ce-b: $links"
	echo "ok: rp_filter 0 on every veth and bridge of ce-b ($(wc -l <<<"$links") links)"
}

# Commands by lab name use the copy of the file that `up` kept: a key the
# schema does not know added to the file, or the file deleted, changes
# nothing for the running lab (both broke status, routes and ping).
test_lab_keeps_its_topology() {
	cp "$TOPO" "$WORK/kept.yaml"
	echo "colour: blue" >>"$TOPO"
	"$BL" validate "$TOPO" >/dev/null 2>&1 && fail "validate accepted an unknown key"
	"$BL" status "$LAB" >/dev/null || fail "status after an edit of the file failed"
	"$BL" routes "$LAB" vm1 | grep -q 172.16.0.0/16 || fail "routes after an edit of the file failed"
	rm "$TOPO"
	"$BL" ping "$LAB" vm1 b1 >/dev/null || fail "ping after the file was deleted failed"
	"$BL" routes "$LAB" ce-b >/dev/null || fail "routes after the file was deleted failed"
	cmp -s "$WORK/kept.yaml" "/run/branchlab/$LAB/topology.yaml" || fail "the kept copy differs from the file"
	mv "$WORK/kept.yaml" "$TOPO"
	echo "ok: status, routes and ping of the lab use the kept copy (file edited, then deleted)"
}

# Another file that carries the running lab's name is refused, and the
# running lab is left as it was.
test_other_file_same_name() {
	local before
	before=$(lab_namespaces | sort)
	cp "$TOPO" "$WORK/other.yaml"
	if "$BL" up "$WORK/other.yaml" 2>"$WORK/up.err"; then
		fail "up of another file named $LAB was accepted"
	fi
	grep -q "lab '$LAB' is up from $TOPO, not from $WORK/other.yaml" "$WORK/up.err" ||
		fail "unexpected refusal: $(cat "$WORK/up.err")"
	[[ $(lab_namespaces | sort) == "$before" ]] || fail "the refused up changed the namespaces"
	grep -qx "$TOPO" <(sed -n 's/^topology //p' "/run/branchlab/$LAB/manifest") ||
		fail "the refused up rewrote the manifest: $(cat "/run/branchlab/$LAB/manifest")"
	"$BL" exec "$LAB" b1 -- ping -q -c 1 -W 2 10.0.1.4 >/dev/null || fail "the lab broke after the refusal"
	echo "ok: up of another file with the running lab's name refused, lab untouched"
}

# Every command that needs the lab running says in one line that it is not
# up, and exits 1, whether named by name or by file.
test_not_up_one_line() {
	local cmd
	for cmd in "status $LAB" "verify $LAB" "ping $LAB vm1 b1" "trace $LAB vm1 b1" \
		"exec $LAB vm1 -- true" "down $LAB" "status $TOPO" "verify $TOPO" \
		"ping $TOPO vm1 b1" "trace $TOPO vm1 b1" "trace $TOPO --expected" \
		"exec $TOPO vm1 -- true" "routes $LAB vm1"; do
		local rc=0
		# shellcheck disable=SC2086 # the words of the command
		"$BL" $cmd >"$WORK/out" 2>&1 || rc=$?
		[[ $rc == 1 ]] || fail "$cmd on a lab that is not up exited $rc: $(cat "$WORK/out")"
		[[ $(wc -l <"$WORK/out") == 1 ]] && grep -q "not up" "$WORK/out" ||
			fail "$cmd on a lab that is not up said: $(cat "$WORK/out")"
	done
	echo "ok: every command on a lab that is not up says so in one line, exit 1"
}

# verify pings side by side, and pings again side by side a reachable
# pair that lost every echo (a neighbour resolution too slow under load):
# b1 drops the first 3 echo requests (3 x 60 bytes), the check passes and
# says it was the second try. A pair that stays cut fails both tries.
test_verify_second_try() {
	{ cat "$TOPO"; printf 'expect:\n  - reach: {from: vm1, to: b1}\n'; } >"$WORK/reach.yaml"
	ip netns exec "$LAB-b1" iptables -I INPUT -p icmp --icmp-type echo-request \
		-m quota --quota 180 -j DROP
	"$BL" -v verify "$WORK/reach.yaml" --timeout 0 >"$WORK/verify.out" 2>"$WORK/verify.err" ||
		fail "verify failed although b1 answered the second try: $(cat "$WORK/verify.out" "$WORK/verify.err")"
	grep -q "^PASS  reach vm1 -> b1 .*at the second try: the first had no reply" "$WORK/verify.out" ||
		fail "verify did not say the pair answered at the second try: $(cat "$WORK/verify.out")"
	grep -q "verify: 1 of 1 pairs answered only at the second try" "$WORK/verify.err" ||
		fail "verify -v did not count the second try: $(cat "$WORK/verify.err")"
	ip netns exec "$LAB-b1" iptables -F INPUT
	ip netns exec "$LAB-b1" iptables -I INPUT -p icmp --icmp-type echo-request -j DROP
	if "$BL" verify "$WORK/reach.yaml" --timeout 0 >"$WORK/verify.out" 2>&1; then
		fail "verify passed a pair whose echo requests are all dropped"
	fi
	grep -q "^FAIL  reach vm1 -> b1" "$WORK/verify.out" || fail "no FAIL line: $(cat "$WORK/verify.out")"
	ip netns exec "$LAB-b1" iptables -F INPUT
	echo "ok: verify tries a silent pair again side by side (passes after 3 lost echoes, fails when cut)"
}

test_converge_and_down() {
	local link
	link=$(ce_rp_filters | awk 'NR == 1 { print $1 }')
	ip netns exec "$LAB-ce-b" sysctl -qw "net.ipv4.conf.$link.rp_filter=1"
	"$BL" up "$TOPO" || fail "second up did not converge"
	[[ $(ip netns exec "$LAB-ce-b" sysctl -n "net.ipv4.conf.$link.rp_filter") == 0 ]] ||
		fail "second up left rp_filter 1 on $link of ce-b"
	"$BL" exec "$LAB" b1 -- ping -q -c 1 -W 2 10.0.1.4 >/dev/null || fail "b1 cannot reach vm1 after second up"
	"$BL" down "$TOPO" || fail "down failed"
	[[ -z $(lab_namespaces) ]] || fail "down left: $(lab_namespaces | tr '\n' ' ')"
	[[ ! -e /run/branchlab/$LAB ]] || fail "down left the state dir"
	echo "ok: second up converged, down left nothing"
}

main() {
	trap cleanup EXIT
	check_kernel
	write_topology
	for t in test_rollback test_up_and_routes test_lab_keeps_its_topology test_rp_filter_per_link \
		test_neigh_limits test_verify_second_try test_other_file_same_name test_converge_and_down \
		test_not_up_one_line; do
		"$t"
	done
}

main "$@"
