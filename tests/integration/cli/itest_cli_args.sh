#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The command line of every verb, without a lab (no root needed):
#   - `branchlab --version`; `CMD --help`, `CMD -h` and `help CMD` exit 0
#     with the usage line and the options of every command;
#   - options before, between and after operands, `--opt=value`, `-c5`,
#     `-v` anywhere; unknown options, extra operands and options of one
#     group together (`--tap --json`) are refused with status 2;
#   - `validate --json`: file, line, column, rule, message per problem;
#   - `graph --format svg`: an SVG drawn by dot with the Azure / on-premises
#     clusters, addresses, ASNs and tunnels; dot and mermaid carry them too;
#   - with no lab up, a command whose lab is left out says so (status,
#     which lists every lab up, says there is none).
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
WORK=$(mktemp -d)
TOPO=$SRC/topologies/azure-coexist.yaml
# An empty state root: no lab is up, whatever else runs on this machine.
export BRANCHLAB_STATE_DIR=$WORK/state

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
trap 'rm -rf "$WORK"' EXIT

# expect_status WANT CMD...: run CMD, stdout+stderr in $WORK/out.
expect_status() {
	local want=$1 got=0
	shift
	"$@" >"$WORK/out" 2>&1 || got=$?
	[[ $got == "$want" ]] || fail "$* exited $got, want $want: $(cat "$WORK/out")"
}

out_has() { grep -qF -- "$1" "$WORK/out" || fail "$2: no \`$1' in: $(cat "$WORK/out")"; }

json_ok() { python3 -m json.tool "$1" >/dev/null || fail "$2 is not JSON: $(head -c 400 "$1")"; }

test_version() {
	expect_status 0 "$BL" --version
	grep -qE '^branchlab [0-9]+\.[0-9]+\.[0-9]+$' "$WORK/out" || fail "--version printed: $(cat "$WORK/out")"
	echo "ok: --version ($(cat "$WORK/out"))"
}

test_help_of_every_command() {
	local cmds n=0 c
	cmds=$("$BL" help --commands)
	for c in $cmds; do
		for how in "$c --help" "$c -h" "help $c"; do
			# shellcheck disable=SC2086
			expect_status 0 "$BL" $how
			out_has "Usage: branchlab $c" "$how"
			out_has "Options:" "$how"
			out_has "-h, --help" "$how"
		done
		n=$((n + 1))
	done
	[[ $n -ge 13 ]] || fail "help --commands lists $n commands: $cmds"
	expect_status 0 "$BL" verify --help
	out_has "--junit FILE" "verify --help lists its own options"
	out_has "Only one of: --json and --tap, --scenario and --all-scenarios." "verify --help names the exclusive options"
	expect_status 2 "$BL" help nosuch
	out_has "unknown command 'nosuch'" "help nosuch"
	echo "ok: --help, -h and help CMD for each of $n commands"
}

test_option_positions() {
	"$BL" show "$TOPO" --json >"$WORK/after"
	"$BL" show --json "$TOPO" >"$WORK/before"
	cmp -s "$WORK/before" "$WORK/after" || fail "show --json FILE differs from show FILE --json"
	"$BL" -v routes "$TOPO" vm1 >"$WORK/a" 2>/dev/null
	"$BL" routes "$TOPO" -v vm1 >"$WORK/b" 2>/dev/null
	"$BL" routes "$TOPO" vm1 --verbose >"$WORK/c" 2>/dev/null
	cmp -s "$WORK/a" "$WORK/b" && cmp -s "$WORK/a" "$WORK/c" || fail "-v moves routes' output"
	"$BL" graph --format=mermaid "$TOPO" >"$WORK/a"
	"$BL" graph "$TOPO" -f mermaid >"$WORK/b"
	cmp -s "$WORK/a" "$WORK/b" || fail "graph --format=mermaid differs from -f mermaid"
	head -2 "$WORK/a" | grep -q '^graph LR' || fail "graph --format=mermaid is not mermaid"
	echo "ok: options before and after operands, --opt=value, -v anywhere"
}

# `show --nodes` (what the bash completion offers after a lab): exactly
# the names `show --json` gives, in the same order.
test_show_nodes() {
	"$BL" show "$TOPO" --nodes >"$WORK/a"
	"$BL" show "$TOPO" --json | python3 -c 'import json, sys; print("\n".join(n["name"] for n in json.load(sys.stdin)["nodes"]))' >"$WORK/b"
	cmp -s "$WORK/a" "$WORK/b" || fail "show --nodes: $(tr '\n' ' ' <"$WORK/a"), show --json: $(tr '\n' ' ' <"$WORK/b")"
	grep -qx vpngw-in1 "$WORK/a" || fail "show --nodes lacks vpngw-in1: $(tr '\n' ' ' <"$WORK/a")"
	expect_status 2 "$BL" show "$TOPO" --nodes --json
	out_has "--nodes and --json cannot be used together" "show --nodes --json"
	echo "ok: show --nodes lists the $(wc -l <"$WORK/a") nodes of show --json"
}

test_refusals() {
	expect_status 2 "$BL" verify --tap --json
	out_has "--tap and --json cannot be used together" "verify --tap --json"
	expect_status 2 "$BL" routes "$TOPO" vm1 --json --explain=10.0.0.0/8
	out_has "--json and --explain cannot be used together" "routes --json --explain"
	expect_status 2 "$BL" show "$TOPO" --bogus
	out_has "unknown option \`--bogus'" "show --bogus"
	expect_status 2 "$BL" show "$TOPO" extra
	out_has "unexpected argument \`extra'" "show FILE extra"
	expect_status 2 "$BL" ping -c0 vm1 b1
	out_has "--count takes a number from 1 to 1000, not \`0'" "ping -c0"
	expect_status 2 "$BL" down --all somelab
	out_has "--all takes no LAB" "down --all LAB"
	expect_status 2 "$BL" up "$TOPO" --keying=psk
	out_has "--keying takes static or ikev2, not \`psk'" "up --keying=psk"
	expect_status 2 "$BL" show --json=yes "$TOPO"
	out_has "option takes no value: \`--json=yes'" "show --json=yes"
	echo "ok: conflicting, unknown, valueless and bad options and extra operands refused (status 2)"
}

test_validate_json() {
	local bad=$SRC/tests/fixtures/bad/bad-address.yaml
	expect_status 1 "$BL" validate --json "$TOPO" "$bad"
	json_ok "$WORK/out" "validate --json"
	python3 - "$WORK/out" "$TOPO" "$bad" <<-'EOF' || fail "validate --json: $(cat "$WORK/out")"
		import json, sys
		doc = json.load(open(sys.argv[1]))
		good, bad = doc["files"]
		assert good == {"file": sys.argv[2], "ok": True, "problems": []}, good
		assert bad["file"] == sys.argv[3] and bad["ok"] is False, bad
		p = bad["problems"][0]
		assert p == {"file": sys.argv[3], "line": 4, "column": 13, "severity": "error",
			     "rule": "address", "key": "vpn_sites[0].public",
			     "message": "'203.0.113.300' is not an IPv4 address"}, p
	EOF
	# A warning is marked as one, and does not fail the file.
	printf 'name: lab\nvpn_sites:\n  - {name: a, asn: 65100}\n  - {name: b, asn: 65100}\n' >"$WORK/warn.yaml"
	expect_status 0 "$BL" validate --json "$WORK/warn.yaml"
	python3 - "$WORK/out" <<-'EOF' || fail "validate --json warning: $(cat "$WORK/out")"
		import json, sys
		f = json.load(open(sys.argv[1]))["files"][0]
		assert f["ok"] is True, f
		p = f["problems"][0]
		assert (p["severity"], p["rule"], p["key"], p["line"]) == \
		       ("warning", "loop", "vpn_sites[1].asn", 4), p
	EOF
	expect_status 0 "$BL" validate "$TOPO" --json
	json_ok "$WORK/out" "validate --json of a good file"
	echo "ok: validate --json gives file, line, column, rule and message per problem"
}

test_graph() {
	command -v dot >/dev/null || fail "no dot: ci/setup.sh installs graphviz"
	expect_status 0 "$BL" graph "$TOPO" --format svg -o "$WORK/lab.svg"
	python3 -c "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" "$WORK/lab.svg" || fail "graph --format svg is not XML"
	for want in "<svg" "Azure (hub and spoke VNets)" "on&#45;premises a" \
		"Microsoft edge (ExpressRoute)" "AS 65515" "10.0.1.4/16" "tunnel tun&#45;in0"; do
		grep -qF -- "$want" "$WORK/lab.svg" || fail "graph svg lacks \`$want'"
	done
	"$BL" graph "$TOPO" >"$WORK/lab.dot"
	grep -qF 'label="rras-a\nrras, AS 65010\n' "$WORK/lab.dot" || fail "dot lacks rras-a's ASN"
	grep -qF 'subgraph cluster_' "$WORK/lab.dot" || fail "dot has no cluster"
	echo "ok: graph svg (dot $(dot -V 2>&1 | awk '{print $5}')) with groups, ASNs, addresses, tunnels"
}

test_no_lab_up() {
	local c
	expect_status 0 "$BL" status
	out_has "no lab is up" "status lists the labs that are up: none"
	for c in "show" "routes vm1" "ping vm1 b1" "trace vm1 b1" "verify" "exec vm1 -- true" "down"; do
		# shellcheck disable=SC2086
		expect_status 1 "$BL" $c
		out_has "no lab is up" "$c with its lab left out and no lab up"
	done
	echo "ok: a left-out lab with no lab up is an error that says so"
}

test_version
test_help_of_every_command
test_option_positions
test_show_nodes
test_refusals
test_validate_json
test_graph
test_no_lab_up
