#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The route model kept with a lab (lab/lab_model.h), real namespaces:
#   up saves it; `routes LAB NODE` and `trace` read it (-v says so), and
#   routes prints what computing the model prints; another failure set (the failures
#   file written by hand, no converging up) makes `routes` compute it
#   again, under the failure; back to none, the tables are as before;
#   down removes it with the rest of the state.
# The lab is topologies/azure-coexist.yaml without its VPN site (no ESP
# needed): ExpressRoute only, on the host.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
WORK=$(mktemp -d)
export BRANCHLAB_STATE_DIR=$WORK/state
UP=

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	[[ -n $UP ]] && "$BL" down "$UP" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT

# copy LAB FILE: the ER-only reference topology named LAB.
copy() {
	python3 - "$SRC/topologies/azure-coexist.yaml" "$2" "$1" <<-'EOF'
		import re, sys
		text = open(sys.argv[1]).read()
		text = re.sub(r'(?m)^name: .*$', 'name: ' + sys.argv[3], text)
		text = re.sub(r'(?ms)^expect:.*', '', text)
		text = re.sub(r'(?ms)^vpn_sites:.*?(?=^er_circuits:)', '', text)
		open(sys.argv[2], 'w').write(text)
	EOF
}

# routes_v LAB NODE OUT: `routes -v`, the table in OUT, how the model was
# had ("read" or "computed") on stdout.
routes_v() {
	"$BL" routes "$1" "$2" -v >"$3" 2>"$WORK/err" || { cat "$WORK/err"; fail "routes $1 $2"; }
	if grep -q '^routes: route model: read from ' "$WORK/err"; then
		echo read
	elif grep -q '^routes: route model: computed, saved to ' "$WORK/err"; then
		echo computed
	else
		cat "$WORK/err" >&2
		echo neither
	fi
}

main() {
	local lab=itcache$(($$ % 1000)) how
	need_root
	copy "$lab" "$WORK/lab.yaml"
	copy "${lab}x" "$WORK/notup.yaml"
	"$BL" up "$WORK/lab.yaml" >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; fail "up"; }
	UP=$lab
	[[ -s $BRANCHLAB_STATE_DIR/$lab/model ]] || fail "up saved no model"
	echo "ok up saved the model (at ${SECONDS}s)"

	for node in vm1 ce-b msee-b ergw-in0; do
		how=$(routes_v "$lab" "$node" "$WORK/cached")
		[[ $how == read ]] || fail "routes $lab $node: model $how, not read"
		# The same lab, not up: computed from the file alone.
		"$BL" routes "$WORK/notup.yaml" "$node" >"$WORK/computed" || fail "routes FILE $node"
		cmp -s "$WORK/cached" "$WORK/computed" ||
			{ diff "$WORK/cached" "$WORK/computed"; fail "$node: the saved model prints otherwise"; }
	done
	echo "ok routes LAB NODE reads it, and prints what computing prints (at ${SECONDS}s)"

	"$BL" -v trace "$lab" vm1 b1 >"$WORK/trace.log" 2>&1 || { cat "$WORK/trace.log"; fail "trace"; }
	grep -q 'route model: read from' "$WORK/trace.log" || { cat "$WORK/trace.log"; fail "trace computed the model"; }
	echo "ok trace reads it (at ${SECONDS}s)"

	routes_v "$lab" ce-b "$WORK/before" >/dev/null
	echo 'er-link:b/primary' >"$BRANCHLAB_STATE_DIR/$lab/failures"
	how=$(routes_v "$lab" ce-b "$WORK/failed")
	[[ $how == computed ]] || fail "another failure set: model $how, not computed"
	cmp -s "$WORK/before" "$WORK/failed" && fail "the table of ce-b ignores the failed link"
	how=$(routes_v "$lab" ce-b "$WORK/failed2")
	[[ $how == read ]] || fail "the same failures again: model $how, not read"
	cmp -s "$WORK/failed" "$WORK/failed2" || fail "the saved model under failure prints otherwise"
	rm "$BRANCHLAB_STATE_DIR/$lab/failures"
	how=$(routes_v "$lab" ce-b "$WORK/after")
	[[ $how == computed ]] || fail "no failures again: model $how, not computed"
	cmp -s "$WORK/before" "$WORK/after" || fail "without failures the table is not as before"
	echo "ok a changed failure set computes it again (at ${SECONDS}s)"

	"$BL" down "$lab" >/dev/null || fail "down"
	UP=
	[[ ! -e $BRANCHLAB_STATE_DIR/$lab ]] || fail "down left $(ls "$BRANCHLAB_STATE_DIR/$lab")"
	echo "PASS: the model kept with the lab"
}

main "$@"
