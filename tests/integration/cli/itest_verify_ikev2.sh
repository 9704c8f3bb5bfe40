#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# itest_verify.sh with `up --keying ikev2`: the shipped topologies verify
# with their tunnels negotiated by charon instead of static keys. Every
# topology when BRANCHLAB_FULL=1; otherwise a representative subset (the
# reference design, one tunnel, VPN only) to keep CI's VM time short.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export BL_KEYING=ikev2
if [[ ${BRANCHLAB_FULL:-0} != 1 ]]; then
	export BL_TOPOLOGIES="azure-coexist.yaml single-tunnel.yaml vpn-only.yaml"
fi
exec bash "$HERE/itest_verify.sh"
