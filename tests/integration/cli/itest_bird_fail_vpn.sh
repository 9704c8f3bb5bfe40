#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The VPN part of itest_bird_fail.sh (fail and restore of a tunnel and of
# an instance in bird mode): a test of its own so that the test VM, which
# runs what the host could not run whole, runs only this part. Sourced,
# so skipped parts are logged under this test's name.
BIRD_FAIL_PART=vpn
# shellcheck source=tests/integration/cli/itest_bird_fail.sh
. "$(dirname "${BASH_SOURCE[0]}")/itest_bird_fail.sh"
