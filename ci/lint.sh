#!/usr/bin/env bash
# Static analysis of the C sources: cppcheck, warnings and worse fail.
# Suppress a false positive in place with "// cppcheck-suppress <id>".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v cppcheck >/dev/null || { echo "lint: cppcheck not found: run ci/setup.sh" >&2; exit 2; }

dirs=()
for d in orchestrator netlink vici; do
	[[ -d $d ]] && dirs+=("$d")
done
[[ ${#dirs[@]} -gt 0 ]] || { echo "lint: no C sources yet"; exit 0; }

echo "lint: cppcheck ${dirs[*]}"
cppcheck --error-exitcode=1 --enable=warning,performance,portability \
	--inline-suppr -q -j "${BRANCHLAB_JOBS:-2}" --std=c11 -D_GNU_SOURCE -I . \
	"${dirs[@]}"
echo "lint: clean"
