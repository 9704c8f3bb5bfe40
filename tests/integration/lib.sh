# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the shell integration tests: how they skip and fail.
# Exit 77 is what ctest reports as skipped (SKIP_RETURN_CODE).

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
need_root() { [[ $(id -u) == 0 ]] || skip "needs root (network namespaces)"; }
