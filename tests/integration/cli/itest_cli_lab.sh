#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The commands against a lab that is up, on the host (no tunnels: the
# ExpressRoute half of azure-coexist.yaml, with expectations of which two
# are wrong on purpose). Checks, one function each:
#   - up and down end with one summary line (nodes, links, tunnels,
#     routes, time);
#   - status: the table (node, kind, namespace, state, addresses), the
#     per-interface counters only with --detail, --json parsed;
#   - with exactly one lab up, the lab is left out of every command;
#   - ping and trace take a node, node/interface or an address; --json of
#     both parsed; trace --svg draws the lab with the measured path;
#   - exec with no command runs $SHELL in the node's namespace;
#   - verify prints expected and seen in full for each failure (ECMP
#     next-hop set, path set); --junit carries file, line, expected and
#     seen; --json parsed.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
LAB=itcli$(($$ % 1000))
WORK=$(mktemp -d)
TOPO=$WORK/lab.yaml
# A state root of its own: this lab is the only one up, whatever else runs.
export BRANCHLAB_STATE_DIR=$WORK/state

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	"$BL" down "$LAB" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}

json_ok() { python3 -m json.tool "$1" >/dev/null || fail "$2 is not JSON: $(head -c 400 "$1")"; }
has() { grep -qF -- "$2" "$1" || fail "$3: no \`$2' in: $(cat "$1")"; }

# Site B over ExpressRoute only; the msee-b route and the vm1 -> b1 path
# expectations are wrong: msee-b has two next hops (ECMP over both
# circuits), and the path goes through the ER gateway.
write_topology() {
	python3 - "$SRC/topologies/azure-coexist.yaml" "$TOPO" "$LAB" <<-'EOF'
		import re, sys
		text = open(sys.argv[1]).read()
		text = re.sub(r'(?m)^name: .*$', 'name: ' + sys.argv[3], text)
		text = re.sub(r'(?ms)^vpn_sites:.*?(?=^er_circuits:)', '', text)
		text = re.sub(r'(?ms)^expect:.*', '', text)
		text += """expect:
		  - reach: {from: vm1, to: b1}
		  - route: {node: msee-b, prefix: 172.16.0.0/16, next_hops: [192.168.100.129]}
		  - paths:
		      from: vm1
		      to: b1
		      any_of: [vm1 > vpngw-in0 > msee-b > ce-b > b1]
		"""
		open(sys.argv[2], 'w').write(text)
	EOF
}

test_up_summary() {
	"$BL" up "$TOPO" >"$WORK/up.out" || fail "up failed"
	[[ $(wc -l <"$WORK/up.out") == 1 ]] || fail "up printed more than one line: $(cat "$WORK/up.out")"
	grep -qE "^lab $LAB up: 11 nodes, 12 links, 0 tunnels, 12 routes in [0-9.]+ s$" "$WORK/up.out" ||
		fail "up summary: $(cat "$WORK/up.out")"
	echo "ok: $(cat "$WORK/up.out")"
}

test_status() {
	"$BL" status >"$WORK/st" || fail "status failed"
	grep -qE '^NODE +KIND +NAMESPACE +STATE +ADDRESSES$' "$WORK/st" || fail "status has no table: $(cat "$WORK/st")"
	grep -qE "^msee-b +msee +$LAB-msee-b +up +169.254.0.2/30 192.168.100.130/30 192.168.100.134/30$" "$WORK/st" ||
		fail "status row of msee-b: $(cat "$WORK/st")"
	if grep -q "rx .* pkts" "$WORK/st"; then fail "status without --detail shows counters"; fi
	"$BL" status "$LAB" --detail >"$WORK/st"
	grep -qE '^    eth0 +veth +up +rx [0-9]+ pkts' "$WORK/st" || fail "status --detail has no counters: $(cat "$WORK/st")"
	"$BL" status --json >"$WORK/st.json"
	json_ok "$WORK/st.json" "status --json"
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['lab']=='$LAB' and len(d['nodes'])==11, d" \
		"$WORK/st.json" || fail "status --json content"
	echo "ok: status table, counters only with --detail, --json"
}

test_lab_left_out() {
	"$BL" show >"$WORK/a" && "$BL" show "$LAB" >"$WORK/b" && cmp -s "$WORK/a" "$WORK/b" ||
		fail "show with the lab left out differs from show $LAB"
	"$BL" routes vm1 >"$WORK/a" && "$BL" routes "$TOPO" vm1 >"$WORK/b" && cmp -s "$WORK/a" "$WORK/b" ||
		fail "routes vm1 differs from routes FILE vm1"
	"$BL" graph -f mermaid >"$WORK/a" || fail "graph with the lab left out"
	"$BL" exec vm1 -- true || fail "exec with the lab left out"
	echo "ok: show, routes, graph, exec (and below ping, trace, verify, down) without the lab"
}

test_ping() {
	local to
	for to in b1 b1/eth0 172.16.0.10; do
		"$BL" ping vm1/eth0 "$to" -c2 >"$WORK/ping" || fail "ping vm1/eth0 $to: $(cat "$WORK/ping")"
		has "$WORK/ping" "2 sent, 2 received, 0% loss" "ping vm1/eth0 $to"
	done
	"$BL" ping --json "$TOPO" vm1 b1 --count=1 >"$WORK/ping.json" || fail "ping --json"
	json_ok "$WORK/ping.json" "ping --json"
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['received']==1 and d['address']=='172.16.0.10', d" \
		"$WORK/ping.json" || fail "ping --json content: $(cat "$WORK/ping.json")"
	echo "ok: ping to a node, node/interface and address; --json"
}

test_trace() {
	"$BL" trace vm1 172.16.0.10 -n 4 --svg "$WORK/trace.svg" >"$WORK/trace" || fail "trace: $(cat "$WORK/trace")"
	has "$WORK/trace" "vm1 > ergw-in0 > msee-b > ce-b > b1" "trace to an address"
	python3 -c "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" "$WORK/trace.svg" || fail "trace --svg is not XML"
	# the measured path drawn: arrows in the first path colour, labelled 1.1 ...
	has "$WORK/trace.svg" 'stroke="#d62728"' "trace --svg draws the path"
	has "$WORK/trace.svg" ">1.4<" "trace --svg numbers the hops"
	"$BL" trace --json vm1/eth0 b1 --flows=2 >"$WORK/trace.json" || fail "trace --json"
	json_ok "$WORK/trace.json" "trace --json"
	echo "ok: trace to an address and from node/interface; --svg; --json"
}

test_exec_shell() {
	local shell=$WORK/shell.sh
	printf '#!/bin/sh\nip netns identify\n' >"$shell"
	chmod +x "$shell"
	SHELL=$shell "$BL" exec vm1 >"$WORK/exec" </dev/null || fail "exec without a command"
	[[ $(cat "$WORK/exec") == "$LAB-vm1" ]] || fail "exec's shell ran in '$(cat "$WORK/exec")'"
	echo "ok: exec NODE with no command runs \$SHELL in $LAB-vm1"
}

test_verify() {
	if "$BL" verify --timeout 0 --junit "$WORK/j.xml" >"$WORK/verify"; then
		fail "verify passed two wrong expectations"
	fi
	has "$WORK/verify" "expected: present via 192.168.100.129 (exactly this one)" "verify route"
	has "$WORK/verify" "seen:     via 192.168.100.129 192.168.100.133" "verify route"
	has "$WORK/verify" "expected: exactly {vm1 > vpngw-in0 > msee-b > ce-b > b1}" "verify paths"
	has "$WORK/verify" "seen:     {vm1 > ergw-in0 > msee-b > ce-b > b1}" "verify paths"
	python3 - "$WORK/j.xml" <<-'EOF' || fail "junit: $(cat "$WORK/j.xml")"
		import sys, xml.etree.ElementTree as ET
		suite = ET.parse(sys.argv[1]).getroot()
		assert suite.get("tests") == "3" and suite.get("failures") == "2", suite.attrib
		failed = [c for c in suite if c.find("failure") is not None]
		for c in failed:
		    f = c.find("failure")
		    assert c.get("file").endswith(".yaml") and int(c.get("line")) > 0, c.attrib
		    assert f.get("expected") and f.get("seen"), f.attrib
		assert failed[0].find("failure").get("seen") == "via 192.168.100.129 192.168.100.133"
	EOF
	# Given FILE, the report names FILE, as the user wrote it (not the
	# copy the lab keeps in its state dir).
	"$BL" verify "$TOPO" -t0 --junit "$WORK/jf.xml" >/dev/null || true
	python3 - "$WORK/jf.xml" "$TOPO" <<-'EOF' || fail "junit of verify FILE: $(cat "$WORK/jf.xml")"
		import sys, xml.etree.ElementTree as ET
		suite = ET.parse(sys.argv[1]).getroot()
		files = {suite.get("file")} | {c.get("file") for c in suite}
		assert files == {sys.argv[2]}, files
	EOF
	"$BL" verify -t0 --json >"$WORK/verify.json" || true
	json_ok "$WORK/verify.json" "verify --json"
	echo "ok: verify shows expected and seen in full; JUnit file (the FILE given), line, expected, seen; --json"
}

test_down_summary() {
	"$BL" down >"$WORK/down.out" || fail "down failed"
	grep -qE "^lab $LAB down: 11 nodes, 12 links, 0 tunnels, 12 routes in [0-9.]+ s$" "$WORK/down.out" ||
		fail "down summary: $(cat "$WORK/down.out")"
	[[ -z $(ip netns list | grep "^$LAB-" || true) ]] || fail "down left namespaces"
	echo "ok: $(cat "$WORK/down.out")"
}

need_plumbing
trap cleanup EXIT
write_topology
test_up_summary
test_status
test_lab_left_out
test_ping
test_trace
test_exec_shell
test_verify
test_down_summary
