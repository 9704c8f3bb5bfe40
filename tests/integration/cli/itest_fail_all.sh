#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `fail` and `restore` on every element kind (docs/failures.md), on the
# shipped topologies and on one with another address plan (azure-coexist
# with every address, ASN, /30 and the transit pool changed), real
# namespaces, kernel and (for IKEv2) charon. For each element that
# `fail --list` names:
#   - fail: failing it again changes nothing (the lab's diff of every
#     namespace's kernel routes and links against the model under the
#     failure is empty), and the kernel's routes (proto static) of key
#     nodes (first VM, RRAS, CE, MSEE, last VPN instance; all model nodes
#     before the first failure) equal, independently, the model's active
#     routes under the failure (`routes LAB NODE --json`: kernel next hops,
#     None as blackhole);
#   - for vm1 -> every host and host -> host: where the model (`trace
#     --json`) predicts every path reached, a ping gets through; where it
#     predicts none, a ping is lost (at least one such cut is seen);
#   - restore: every namespace's routes and link states are as before.
# Then, on vpn-only with `up --keying ikev2`: fail tunnel:a/0 terminates
# that tunnel's IKE_SA on both ends (the other stays INSTALLED), restore
# negotiates it again and a ping crosses it; instance:vpngw-in1 and
# node:rras-a likewise; a converging `up` with a failed tunnel keeps its
# SAs down. With static keys, fail keeps the xfrm states (the interface
# down carries the failure).
#
# Time (test VM, TCG): 20-40 s per element (routes, trace, ping, the
# snapshots: tens of processes, each slow under emulation), so the whole
# matrix (about 150 elements) is far too long for every CI run. By
# default: on the other address plan, the first element of each kind
# `fail --list` names and the first RRAS and CE node (8 of 19), then the
# IKEv2 part. BRANCHLAB_FULL=1: every element of the other address plan
# and of every shipped topology. BRANCHLAB_FAIL_TOPOLOGIES="single-tunnel.yaml
# ...": also these shipped topologies (the same subset unless FULL).
# Figures in docs/failures.md.
#
# Needs root and a kernel with ESP and xfrm/VTI interfaces: skips (77)
# elsewhere (branchlab doctor); runs for real in the test VM.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
WORK=$(mktemp -d)
export BRANCHLAB_STATE_DIR=$WORK/state
LABS=()

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	for lab in "${LABS[@]}"; do "$BL" down "$lab" >/dev/null 2>&1 || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT

need_plumbing
if ! python3 -c "import json, sys; sys.exit(any(not c['ok'] for c in json.load(open('$WORK/doctor.json'))))"; then
	skip "this kernel cannot build a lab with tunnels ($(python3 -c "import json; print('; '.join(c['feature'] for c in json.load(open('$WORK/doctor.json')) if not c['ok']))")); run in the test VM"
fi

# Python without a version manager's shim (half a second a start).
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

# check.py BL LAB SKIP KEYS PAIRS: the kernel's routes (proto static) of
# each key node but SKIP equal the model's active routes (`routes --json`:
# kernel next hops; None as blackhole; the plan's on-link routes to peers'
# public addresses aside); then for each SRC:DST of PAIRS (SKIP not in
# it), the model's verdict (trace --json: every path reached, or none) and
# a ping that agrees. Prints "KEPT CUT".
cat >"$WORK/check.py" <<-'EOF'
	import json, subprocess, sys
	from concurrent.futures import ThreadPoolExecutor
	bl, lab, skip, keys, pairs = sys.argv[1:6]
	def run(*a):
	    return subprocess.run(list(a), capture_output=True, text=True)
	nodes = [n for n in keys.split() if n != skip]
	def compare(node):
	    p = run(bl, 'routes', lab, node, '--json')
	    if p.returncode and 'in the route model' in p.stderr:
	        return None
	    if p.returncode:
	        return f'routes {lab} {node}: {p.stderr}'
	    want = {}
	    for r in json.loads(p.stdout)['routes']:
	        if r['state'] != 'Active':
	            continue
	        if r['next_hop_type'] == 'None':
	            want[r['prefix']] = {'blackhole'}
	        elif r['kernel_hops']:
	            want.setdefault(r['prefix'], set()).update(r['kernel_hops'])
	    have = {}
	    for r in json.loads(run('ip', '-j', '-n', f'{lab}-{node}', '-4', 'route', 'show', 'proto', 'static').stdout or '[]'):
	        dst = r['dst'] if '/' in r['dst'] else r['dst'] + '/32'
	        if r.get('type') == 'blackhole':
	            have[dst] = {'blackhole'}
	            continue
	        hops = [r['gateway']] if 'gateway' in r else [h['gateway'] for h in r.get('nexthops', []) if 'gateway' in h]
	        have.setdefault(dst, set()).update(hops or ['dev ' + r.get('dev', '?')])
	    # The plan's on-link routes (a peer's public address over "inet"),
	    # where the model has nothing for the prefix.
	    have = {k: v for k, v in have.items() if k in want or not all(h.startswith('dev ') for h in v)}
	    if want != have:
	        return f'{node}: model {sorted((k, sorted(v)) for k, v in want.items())}, kernel {sorted((k, sorted(v)) for k, v in have.items())}'
	    return ''
	def reach(pair):
	    src, dst = pair.split(':')
	    if skip in (src, dst):
	        return None
	    t = run(bl, 'trace', lab, src, dst, '--json', '-n', '1')
	    ends = {p['end'] for p in json.loads(t.stdout)['predicted']}
	    if ends == {'reached'}:
	        p = run(bl, 'ping', lab, src, dst, '-c', '2')
	        return ('kept', None) if not p.returncode else \
	            ('bad', f'the model reaches {src} -> {dst}, the ping does not: {p.stdout} {p.stderr}')
	    if 'reached' not in ends:
	        p = run(bl, 'ping', lab, src, dst, '-c', '1')
	        return ('cut', None) if p.returncode else \
	            ('bad', f'the model cuts {src} -> {dst} ({ends}), the ping gets through')
	    return None
	with ThreadPoolExecutor(4) as pool:
	    results = list(pool.map(compare, nodes))
	    checked = [r for r in results if r is not None]
	    bad = [r for r in checked if r]
	    if bad or not checked:
	        sys.exit('kernel != model: ' + ('; '.join(bad) or 'no node checked'))
	# One pair at a time: traces from one namespace would see each other's answers.
	verdicts = [v for v in map(reach, pairs.split()) if v]
	bad = [why for v, why in verdicts if v == 'bad']
	if bad:
	    sys.exit('; '.join(bad))
	print(sum(v == 'kept' for v, _ in verdicts), sum(v == 'cut' for v, _ in verdicts))
EOF

# snapshot.py LAB: routes and link states of every namespace, normalised.
cat >"$WORK/snapshot.py" <<-'EOF'
	import json, subprocess, sys
	lab = sys.argv[1]
	def run(*a, stdin=None):
	    return subprocess.run(list(a), input=stdin, capture_output=True, text=True, check=True).stdout
	for ns in sorted(l.split()[0] for l in run('ip', 'netns', 'list').splitlines() if l.startswith(lab + '-')):
	    out, dec, docs = run('ip', '-j', '-4', '-n', ns, '-batch', '-', stdin='route show table all\nlink show\n'), json.JSONDecoder(), []
	    i = 0
	    while i < len(out):
	        if out[i].isspace():
	            i += 1
	            continue
	        doc, i = dec.raw_decode(out, i)
	        docs.append(doc)
	    routes, links = docs
	    for r in sorted(json.dumps(r, sort_keys=True) for r in routes):
	        print(ns, r)
	    for l in links:
	        print(ns, l['ifname'], 'UP' in l['flags'])
EOF

ELEMENTS=0 CUTS=0 KEPT=0
# run_matrix FILE LAB
run_matrix() {
	local file=$1 lab=$2 e te skip keys pairs k c t0=$SECONDS
	LABS+=("$lab")
	"$BL" up "$file" --keying static >/dev/null 2>"$WORK/up.log" || fail "up $lab: $(cat "$WORK/up.log")"
	# Key nodes, compared with the model one by one: every model node
	# before any failure, then the first VM, RRAS, CE and MSEE and the
	# last VPN gateway instance (the Route Server is not in the data path:
	# the lab pushes it no route).
	$PY "$WORK/check.py" "$BL" "$lab" "" "$("$BL" show "$lab" --json | $PY -c "
import json, sys
print(' '.join(n['name'] for n in json.load(sys.stdin)['nodes'] if n['kind'] not in ('routeserver', 'bridge', 'host')))")" "" \
		>"$WORK/cmp" 2>&1 || fail "$lab before any failure: $(cat "$WORK/cmp")"
	keys=$("$BL" show "$lab" --json | $PY -c "
import json, sys
nodes = json.load(sys.stdin)['nodes']
first = {}
for n in nodes:
    first.setdefault(n['kind'], n['name'])
vpngw = [n['name'] for n in nodes if n['kind'] == 'vpngw']
print(' '.join([first[k] for k in ('vm', 'rras', 'ce', 'msee') if k in first] + vpngw[-1:]))")
	$PY "$WORK/snapshot.py" "$lab" >"$WORK/before"
	pairs=$("$BL" show "$lab" --json | $PY -c "
import json, sys
d = json.load(sys.stdin)
vms = [n['name'] for n in d['nodes'] if n['kind'] == 'vm']
hosts = [n['name'] for n in d['nodes'] if n['kind'] == 'host']
pairs = [(vms[0], h) for h in hosts] + [(a, b) for a, b in zip(hosts, hosts[1:])]
print(' '.join(f'{a}:{b}' for a, b in pairs))")
	"$BL" fail "$lab" --list >"$WORK/all" || fail "fail --list $lab"
	# By default the first element of each kind and the first RRAS and CE
	# node; every element with BRANCHLAB_FULL=1.
	if [[ ${BRANCHLAB_FULL:-} == 1 ]]; then
		cp "$WORK/all" "$WORK/elements"
	else
		awk -F: '!seen[$1]++ || (/^node:(rras|ce)-/ && !seen[substr($2, 1, 3)]++)' "$WORK/all" >"$WORK/elements"
	fi
	grep -q "^node:" "$WORK/elements" || fail "$lab: fail --list names no node"
	cut -d: -f1 "$WORK/elements" >>"$WORK/kinds"
	while read -r e; do
		te=$SECONDS
		"$BL" fail "$lab" "$e" >"$WORK/out" 2>&1 || fail "fail $lab $e: $(cat "$WORK/out")"
		skip=
		[[ $e == node:* || $e == instance:* ]] && skip=${e#*:}
		# Every node: the lab's own diff of the kernel against the model
		# under the failure finds nothing to change.
		"$BL" fail "$lab" "$e" >"$WORK/out" 2>&1 || fail "fail $lab $e again: $(cat "$WORK/out")"
		grep -q "links: 0 changed; routes: 0 added, 0 replaced, 0 removed;" "$WORK/out" ||
			fail "$lab $e: the kernel differs from the model under it: $(cat "$WORK/out")"
		$PY "$WORK/check.py" "$BL" "$lab" "$skip" "$keys" "$pairs" >"$WORK/cmp" 2>&1 || fail "$lab $e: $(cat "$WORK/cmp")"
		read -r k c <"$WORK/cmp"
		KEPT=$((KEPT + k)) CUTS=$((CUTS + c))
		"$BL" restore "$lab" "$e" >"$WORK/out" 2>&1 || fail "restore $lab $e: $(cat "$WORK/out")"
		$PY "$WORK/snapshot.py" "$lab" >"$WORK/after"
		diff -u "$WORK/before" "$WORK/after" >"$WORK/diff" || fail "$lab: restore $e left: $(head -20 "$WORK/diff")"
		ELEMENTS=$((ELEMENTS + 1))
		echo "  $lab $e: $((SECONDS - te)) s"
	done <"$WORK/elements"
	"$BL" down "$lab" >/dev/null
	echo "ok $lab ($(basename "$file")): $(wc -l <"$WORK/elements") of $(wc -l <"$WORK/all") elements failed and restored, kernel = model, pings as predicted ($((SECONDS - t0)) s)"
}

# azure-coexist with every address, ASN and /30 changed.
other_plan() {
	sed -e "s/^name: .*/name: $2/" -e 's#169\.254\.0\.0/16#100.127.0.0/16#' \
		-e 's/10\.0\./10.40./g' -e 's/192\.168\.1\./192.168.77./g' -e 's/172\.16\./172.20./g' \
		-e 's#192\.168\.100\.128/30#192.168.150.0/30#' -e 's#192\.168\.100\.132/30#192.168.150.4/30#' \
		-e 's/192\.168\.100\.129/192.168.150.1/g' -e 's/192\.168\.100\.130/192.168.150.2/g' \
		-e 's/192\.168\.100\.133/192.168.150.5/g' -e 's/192\.168\.100\.134/192.168.150.6/g' \
		-e 's/65010/65110/g' -e 's/65020/65120/g' -e 's/20\.0\.0\.1/52.1.2.1/g' \
		-e 's/203\.0\.113\.10/198.51.100.20/' "$SRC/topologies/azure-coexist.yaml" >"$1"
	! grep -nE '10\.0\.|192\.168\.(1|100)\.|172\.16\.|169\.254\.|65010|65020' "$1" || fail "an address of azure-coexist is left"
}

test_matrix() {
	local i=0 f lab
	other_plan "$WORK/plan2.yaml" fap$(($$ % 100))
	"$BL" validate "$WORK/plan2.yaml" >"$WORK/v" 2>&1 || fail "validate: $(cat "$WORK/v")"
	grep -q warning "$WORK/v" && fail "the other plan's expectations disagree with the model: $(cat "$WORK/v")"
	run_matrix "$WORK/plan2.yaml" fap$(($$ % 100))
	"$BL" up "$WORK/plan2.yaml" --keying static >/dev/null 2>&1 || fail "up plan2"
	"$BL" verify fap$(($$ % 100)) --all-scenarios >"$WORK/v" 2>&1 || fail "verify plan2: $(cat "$WORK/v")"
	"$BL" verify fap$(($$ % 100)) >"$WORK/v" 2>&1 || fail "verify plan2: $(cat "$WORK/v")"
	"$BL" down fap$(($$ % 100)) >/dev/null
	echo "ok the other address plan verifies, every scenario too"
	for f in "$SRC"/topologies/*.yaml; do
		[[ ${BRANCHLAB_FULL:-} == 1 || " ${BRANCHLAB_FAIL_TOPOLOGIES:-} " == *" $(basename "$f") "* ]] || continue
		lab=fa$i$(($$ % 100))
		i=$((i + 1))
		sed "s/^name: .*/name: $lab/" "$f" >"$WORK/$lab.yaml"
		run_matrix "$WORK/$lab.yaml" "$lab"
	done
	((CUTS > 0)) || fail "no element cut any pair: the cut branch was never checked"
	[[ $(sort -u "$WORK/kinds" | tr '\n' ' ') == "circuit er-link er-maintenance instance node tunnel " ]] ||
		fail "not every kind was failed: $(sort -u "$WORK/kinds" | tr '\n' ' ')"
	echo "ok matrix: $ELEMENTS elements, $KEPT pings kept, $CUTS pings cut as the model predicted"
}

# IKE_SA state of tunnel T on node N: ESTABLISHED+INSTALLED, or none.
sa_of() {
	"$BL" status "$1" --json 2>/dev/null | $PY -c '
import json, sys
for t in json.load(sys.stdin)["tunnels"]:
    ike = t.get("ike")
    if not ike or ike["name"] != sys.argv[1]:
        continue
    for e in ike["ends"]:
        if e["node"] == sys.argv[2]:
            c = e["children"]
            print("installed" if c and c[0]["state"] == "INSTALLED" else e["ike_state"])
' "$2" "$3"
}

test_ikev2() {
	local lab=fai$(($$ % 100)) t0 t
	[[ -x /usr/lib/ipsec/charon ]] || fail "no charon in the test VM"
	sed "s/^name: .*/name: $lab/" "$SRC/topologies/vpn-only.yaml" >"$WORK/$lab.yaml"
	LABS+=("$lab")
	"$BL" up "$WORK/$lab.yaml" --keying ikev2 >/dev/null 2>"$WORK/up.log" || fail "up ikev2: $(cat "$WORK/up.log")"
	for t in rras-a-vpngw-in0 rras-a-vpngw-in1; do
		[[ $(sa_of "$lab" $t rras-a) == installed && $(sa_of "$lab" $t vpngw-in${t: -1}) == installed ]] ||
			fail "$t not installed after up"
	done
	t0=$SECONDS
	"$BL" fail "$lab" tunnel:a/0 >"$WORK/out" 2>&1 || fail "fail tunnel ikev2: $(cat "$WORK/out")"
	echo "  fail tunnel:a/0 (ikev2): $(grep -o 'in [0-9.]* s' "$WORK/out")"
	[[ $(sa_of "$lab" rras-a-vpngw-in0 rras-a) == none ]] || fail "rras-a keeps the SA of a failed tunnel: $(sa_of "$lab" rras-a-vpngw-in0 rras-a)"
	[[ $(sa_of "$lab" rras-a-vpngw-in0 vpngw-in0) == none ]] || fail "vpngw-in0 keeps the SA of a failed tunnel"
	[[ $(sa_of "$lab" rras-a-vpngw-in1 rras-a) == installed ]] || fail "the other tunnel lost its SA"
	"$BL" ping "$lab" vm1 a1 -c 2 >/dev/null 2>&1 || fail "vm1 -> a1 over tunnel 1"
	"$BL" up "$WORK/$lab.yaml" >/dev/null 2>"$WORK/up.log" || fail "converging up: $(cat "$WORK/up.log")"
	[[ $(sa_of "$lab" rras-a-vpngw-in0 rras-a) == none ]] || fail "a converging up negotiated a failed tunnel"
	"$BL" restore "$lab" tunnel:a/0 >"$WORK/out" 2>&1 || fail "restore tunnel ikev2: $(cat "$WORK/out")"
	echo "  restore tunnel:a/0 (ikev2): $(grep -o 'in [0-9.]* s' "$WORK/out")"
	[[ $(sa_of "$lab" rras-a-vpngw-in0 rras-a) == installed && $(sa_of "$lab" rras-a-vpngw-in0 vpngw-in0) == installed ]] ||
		fail "restore did not negotiate tunnel a/0 again"
	"$BL" fail "$lab" tunnel:a/1 >/dev/null 2>&1 || fail "fail tunnel:a/1"
	"$BL" ping "$lab" vm1 a1 -c 2 >"$WORK/ping" 2>&1 || fail "vm1 -> a1 over the renegotiated tunnel 0: $(cat "$WORK/ping")"
	"$BL" restore "$lab" --all >/dev/null 2>&1 || fail "restore --all"
	echo "ok ikev2: fail tunnel:a/0 terminates its SAs on both ends, up keeps them down, restore negotiates them again ($((SECONDS - t0)) s)"

	"$BL" fail "$lab" instance:vpngw-in1 >"$WORK/out" 2>&1 || fail "fail instance ikev2: $(cat "$WORK/out")"
	echo "  fail instance:vpngw-in1 (ikev2): $(grep -o 'in [0-9.]* s' "$WORK/out")"
	[[ $(sa_of "$lab" rras-a-vpngw-in1 rras-a) == none && $(sa_of "$lab" rras-a-vpngw-in1 vpngw-in1) == none ]] ||
		fail "an instance in maintenance keeps its tunnel's SAs"
	[[ $(sa_of "$lab" rras-a-vpngw-in0 rras-a) == installed ]] || fail "instance 0's tunnel lost its SA"
	"$BL" restore "$lab" instance:vpngw-in1 >/dev/null 2>&1 || fail "restore instance"
	[[ $(sa_of "$lab" rras-a-vpngw-in1 rras-a) == installed ]] || fail "restore did not bring instance 1's tunnel back"
	"$BL" fail "$lab" node:rras-a >/dev/null 2>&1 || fail "fail node:rras-a"
	[[ $(sa_of "$lab" rras-a-vpngw-in0 vpngw-in0) == none && $(sa_of "$lab" rras-a-vpngw-in1 vpngw-in1) == none ]] ||
		fail "the gateways keep SAs with a failed RRAS"
	"$BL" restore "$lab" --all >/dev/null 2>&1 || fail "restore node"
	"$BL" ping "$lab" vm1 a1 -c 2 >/dev/null 2>&1 || fail "vm1 -> a1 after restore"
	"$BL" verify "$lab" >"$WORK/v" 2>&1 || fail "verify after restore: $(cat "$WORK/v")"
	"$BL" down "$lab" >/dev/null
	echo "ok ikev2: instance:vpngw-in1 and node:rras-a take their tunnels' SAs down on both ends; restore brings them back, the lab verifies"

	lab=fas$(($$ % 100))
	sed "s/^name: .*/name: $lab/" "$SRC/topologies/vpn-only.yaml" >"$WORK/$lab.yaml"
	LABS+=("$lab")
	"$BL" up "$WORK/$lab.yaml" --keying static >/dev/null 2>&1 || fail "up static"
	t=$(ip -n "$lab-rras-a" xfrm state | grep -c '^src')
	"$BL" fail "$lab" tunnel:a/0 >/dev/null 2>&1 || fail "fail static tunnel"
	[[ $(ip -n "$lab-rras-a" xfrm state | grep -c '^src') == "$t" ]] || fail "static keying: fail changed the xfrm states"
	"$BL" down "$lab" >/dev/null
	echo "ok static keying: fail tunnel:a/0 keeps the $t xfrm states of rras-a (the interface down carries it)"
}

T0=$SECONDS
test_matrix
test_ikev2
echo "PASS: every element of every topology run fails and restores as the model says ($((SECONDS - T0)) s)"
