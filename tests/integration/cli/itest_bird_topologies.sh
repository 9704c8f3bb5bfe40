#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every shipped topology with `up --control-plane bird` (real BIRD over
# real tunnels): `diff --wait 60` must exit 0 (every BGP speaker's kernel
# routes are the model's, and every VM's too: their gateway routes come
# from the VNet feed, a BIRD per VM fed by the gateways), `verify` must
# pass (its packets take the routes BIRD installed), and down must leave
# no BIRD (and no charon) of the lab.
#
# BL_KEYING (static or ikev2, default static) is given to every `up` as
# --keying: itest_bird_topologies_ikev2.sh runs the same with every tunnel
# negotiated by charon, so BGP runs over IKEv2 SAs. Needs IPsec in the
# kernel: on a host without it, it skips (77) with doctor's reason; it runs
# for real in the test VM.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
KEYING=${BL_KEYING:-static}
WORK=$(mktemp -d)
LAB=

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=tests/integration/cli/bird_lab.sh
. "$(dirname "${BASH_SOURCE[0]}")/bird_lab.sh"

cleanup() {
	[[ -z $LAB ]] || "$BL" down "$LAB" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}

need_root
need_bird_lab "$KEYING"
trap cleanup EXIT

n=0
for topo in "$SRC"/topologies/*.yaml; do
	LAB=$(awk '/^name:/ {print $2; exit}' "$topo")
	bird_lab_check "$topo" "$LAB" "$KEYING" 60 20
	LAB=
	n=$((n + 1))
done
echo "ok: $n topologies in bird mode with $KEYING keying"
