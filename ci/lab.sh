#!/usr/bin/env bash
# The main job: build branchlab, bring the reference lab up, verify it
# against its expectations, print the traces, bring it down.
#
#   ci/lab.sh [TOPOLOGY]      (default topologies/azure-coexist.yaml)
#
# When this machine's kernel cannot carry IPsec (`branchlab doctor` says
# what is missing), the same steps run inside the test VM (ci/vm-run),
# whose stock Debian kernel can.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$REPO"
TOPOLOGY=${1:-topologies/azure-coexist.yaml}
BL=$REPO/build/branchlab

run_lab() {
	local lab
	lab=$(sed -n 's/^name:[[:space:]]*\([a-z0-9-]*\).*/\1/p' "$TOPOLOGY" | head -n 1)
	set -x
	"$BL" validate "$TOPOLOGY"
	"$BL" up "$TOPOLOGY"
	trap '"$BL" down "$TOPOLOGY"' EXIT
	"$BL" status "$lab"
	"$BL" routes "$TOPOLOGY" vm1
	"$BL" verify "$TOPOLOGY"
	"$BL" trace "$lab" vm1 a1
	"$BL" trace "$lab" a1 b1
	"$BL" trace "$lab" b1 a1
	"$BL" down "$TOPOLOGY"
	trap - EXIT
	set +x
}

if [[ ${1:-} == --inside ]]; then
	shift
	TOPOLOGY=${1:-topologies/azure-coexist.yaml}
	run_lab
	exit 0
fi

ci/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build -j"${BRANCHLAB_JOBS:-2}"
if "$BL" doctor; then
	run_lab
else
	echo "lab.sh: this kernel cannot carry the lab's tunnels (see above); running it in the test VM"
	ci/vm-run -- "$REPO/ci/lab.sh" --inside "$TOPOLOGY"
fi
