#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The reference lab (topologies/azure-coexist.yaml) in a privileged
# container, as a CI job would run it (docs/ci.md): `podman run
# --privileged` brings it up, verifies it and brings it down, and
#   - the container has a mount and a PID namespace of its own (compared
#     with this shell's);
#   - it runs branchlab from this build (the binary's own --version inside);
#   - the lab lived only in the container: no `coexist` state dir in this
#     machine's state root and no `coexist-*` namespace here, before or after.
#
# No image and no registry: the container's root is this machine's own
# root, bind-mounted (in a private mount namespace of the test) on a
# directory (`--rootfs DIR`: the directory stands where the image would,
# last before the command) and made read-only by podman, with podman's usual tmpfs on
# /run and /tmp. The bind is needed because pivot_root refuses the
# current root itself (`--rootfs /` fails with EBUSY).
#
# Needs root, podman (ci/setup.sh installs it) and a kernel with ESP and
# xfrm interfaces: on the host kernel it skips (77) with doctor's reason;
# in the test VM it must pass:
#   ci/vm-run -- env BRANCHLAB=$PWD/build/branchlab bash tests/integration/cli/itest_container.sh
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
BL=$(readlink -f "$BL")
TOPO=$SRC/topologies/azure-coexist.yaml
LAB=coexist
WORK=$(mktemp -d)

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
trap 'rm -rf "$WORK"' EXIT

check_prerequisites() {
	need_root
	"$BL" doctor --json >"$WORK/doctor.json" || true
	local gaps
	gaps=$(python3 -c "import json; print('; '.join(c['feature']+': '+c['detail'] for c in json.load(open('$WORK/doctor.json')) if not c['ok'] and c['feature'] in ('xfrm netlink', 'ESP rfc4106(gcm(aes))', 'xfrm interface')))")
	[[ -z $gaps ]] || skip "branchlab doctor: $gaps"
	command -v podman >/dev/null || fail "podman not found (package podman; ci/setup.sh installs it)"
	command -v unshare >/dev/null || fail "unshare not found (package util-linux)"
}

# Nothing of the lab on this side of the container.
lab_absent_here() {
	local when=$1 state
	state=${BRANCHLAB_STATE_DIR:-/run/branchlab}
	[[ ! -e $state/$LAB ]] || fail "$when: $state/$LAB exists outside the container"
	! grep -q "^$LAB-" <(ip netns list) || fail "$when: $LAB-* namespaces outside the container: $(ip netns list | grep "^$LAB-" | tr '\n' ' ')"
}

# What runs inside: the namespaces it is in, the binary's version, then
# the lab's life. Any failure stops it with that status.
INSIDE='set -eu
echo "mnt $(readlink /proc/self/ns/mnt)"
echo "pid $(readlink /proc/self/ns/pid)"
"$BL" --version
"$BL" up "$TOPO"
"$BL" verify "$TOPO"
"$BL" down "$TOPO"
echo "inside: done"'

# Runs podman in a private mount namespace of its own: there the test's
# root is bind-mounted on $WORK/root, and, in the test VM (whose init
# mounts no cgroup file system), a cgroup2 is mounted where crun looks
# for one. Neither mount is seen outside.
run_container() {
	mkdir -p "$WORK/root" "$WORK/storage" "$WORK/run" "$WORK/tmp"
	# shellcheck disable=SC2016
	unshare --mount --propagation private bash -c '
		set -eu
		work=$1; shift
		if [[ $(stat -f -c %T /sys/fs/cgroup) != cgroup2fs ]]; then
			mount -t cgroup2 cgroup2 /sys/fs/cgroup
		fi
		mount --rbind / "$work/root"
		exec "$@"' bash "$WORK" \
		podman --root "$WORK/storage" --runroot "$WORK/run" --tmpdir "$WORK/tmp" \
		--storage-driver vfs --cgroup-manager cgroupfs --events-backend none \
		run --rm --privileged --network none --cgroups disabled --read-only \
		-v "$SRC:$SRC:ro" -v "$(dirname "$BL"):$(dirname "$BL"):ro" \
		-e BL="$BL" -e TOPO="$TOPO" \
		--rootfs "$WORK/root" bash -c "$INSIDE"
}

check_prerequisites
lab_absent_here "before"
start=$(date +%s)
status=0
run_container >"$WORK/out" 2>&1 || status=$?
cat "$WORK/out"
[[ $status == 0 ]] || fail "the container exited $status"
echo "ok: the container brought the lab up, verified it and brought it down in $(($(date +%s) - start)) s"

inside_mnt=$(sed -n 's/^mnt //p' "$WORK/out")
inside_pid=$(sed -n 's/^pid //p' "$WORK/out")
[[ -n $inside_mnt && $inside_mnt != "$(readlink /proc/self/ns/mnt)" ]] ||
	fail "the container's mount namespace ($inside_mnt) is this shell's"
[[ -n $inside_pid && $inside_pid != "$(readlink /proc/self/ns/pid)" ]] ||
	fail "the container's PID namespace ($inside_pid) is this shell's"
echo "ok: own mount namespace ($inside_mnt) and PID namespace ($inside_pid)"

grep -qx "branchlab $("$BL" --version | cut -d' ' -f2)" "$WORK/out" ||
	fail "the container did not run this build's branchlab ($("$BL" --version))"
grep -qE "^lab $LAB up: [0-9]+ nodes, [0-9]+ links, 2 tunnels" "$WORK/out" || fail "no up summary of lab $LAB"
grep -qE "^verify $LAB: ([0-9]+) of \1 checks passed" "$WORK/out" || fail "verify did not pass every check of lab $LAB"
grep -qE "^lab $LAB down: " "$WORK/out" || fail "no down summary of lab $LAB"
grep -qx "inside: done" "$WORK/out" || fail "the container stopped before the end"
echo "ok: branchlab $("$BL" --version | cut -d' ' -f2) from $BL; up, verify and down summaries"

lab_absent_here "after"
echo "ok: no $LAB state dir and no $LAB-* namespace outside the container, before and after"
