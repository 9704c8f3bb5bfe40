#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# itest_bird_topologies.sh with `up --keying ikev2`: every shipped topology
# in bird mode with its tunnels negotiated by charon (BIRD's sessions over
# IKEv2 SAs): diff exits 0, verify passes, down leaves no BIRD or charon.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export BL_KEYING=ikev2
exec bash "$HERE/itest_bird_topologies.sh"
