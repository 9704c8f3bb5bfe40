#!/usr/bin/env bash
# The main job: build branchlab, bring the reference lab up, verify it
# against its expectations, trace every pair of nodes its expectations
# name, bring it down.
#
#   ci/lab.sh [TOPOLOGY]      (default topologies/azure-coexist.yaml; any
#                              topology file works)
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
	local vm
	# The effective routes of the first VM, as the portal would show them.
	vm=$("$BL" show "$TOPOLOGY" | sed -n 's/^  \([a-z0-9-]*\) (vm, netns .*/\1/p' | head -n 1)
	set -x
	"$BL" validate "$TOPOLOGY"
	"$BL" up "$TOPOLOGY"
	trap '"$BL" down "$TOPOLOGY"' EXIT
	"$BL" status "$TOPOLOGY"
	[[ -z $vm ]] || "$BL" routes "$TOPOLOGY" "$vm"
	"$BL" verify "$TOPOLOGY"
	"$BL" trace "$TOPOLOGY" --expected
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
