#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The route model alone: time and peak memory of `branchlab routes FILE vm1`
on bench-gen topologies of N sites, with what the model holds (`routes -v`).

usage: tests/bench/model.py [N...]        (default: 100 300 1000 2000)

Environment: BRANCHLAB_BENCH_BIN, a build dir with branchlab and
tests/bench/bench-gen (default: build-release/, which must be built:
cmake -DCMAKE_BUILD_TYPE=Release); BRANCHLAB_BENCH_REPEAT, runs per size
(default 3; the fastest counts: other load only ever adds time).

No root and no lab: the model is computed from the file, as `trace`,
`verify` and `ping` do before they probe. Prints Markdown (the commit, one
row of figures per size, then ratios to the smallest size), the form
docs/benchmarks.md quotes. Not part of ci/test.sh, and nothing asserts a
time: a 2000-site run takes a few minutes and about 1 GB.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NODE = "vm1"
SIZE_LINE = re.compile(
    r"route model: (\d+) rounds, (\d+) nodes, (\d+) rows, (\d+) stored rows, "
    r"(\d+) kernel routes")


def commit():
    def git(*args):
        return subprocess.run(["git", "-C", ROOT, *args], capture_output=True,
                              text=True).stdout.strip()
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "-uno") else ""
    return git("log", "-1", "--format=%h %s") + dirty


def run_once(branchlab, yaml, tmp):
    """(wall s, cpu s, peak KB, stderr) of one `routes FILE vm1 -v`. Peak
    memory from /usr/bin/time: a child forked from Python would count
    Python's own pages in its high-water mark, before the exec."""
    usage = os.path.join(tmp, "usage")
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", usage,
                           branchlab, "routes", yaml, NODE, "-v"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"model.py: routes {yaml} {NODE} failed:\n{proc.stderr}")
    with open(usage) as f:
        user, system, peak = f.read().split()[-3:]
    return wall, float(user) + float(system), int(peak), proc.stderr


def measure(bindir, n, repeat, tmp):
    yaml = os.path.join(tmp, f"bench{n}.yaml")
    with open(yaml, "w") as out:
        subprocess.run([os.path.join(bindir, "tests/bench/bench-gen"), str(n), f"bench{n}"],
                       stdout=out, check=True)
    runs = [run_once(os.path.join(bindir, "branchlab"), yaml, tmp) for _ in range(repeat)]
    wall, cpu, peak, err = min(runs)
    m = SIZE_LINE.search(err)
    if not m:
        sys.exit(f"model.py: no 'route model:' line from routes -v:\n{err}")
    rounds, nodes, rows, stored, kroutes = (int(x) for x in m.groups())
    print(f"model.py: {n} sites: {wall:.2f} s, {peak / 1024:.0f} MB", file=sys.stderr)
    return dict(n=n, wall=wall, cpu=cpu, peak_kb=peak, rounds=rounds, nodes=nodes,
                rows=rows, stored=stored, kroutes=kroutes)


def report(results, repeat):
    print(f"commit: {commit()}  ")
    print(f"`branchlab routes FILE {NODE}` on `bench-gen N`, the fastest of {repeat} runs; "
          "*rows*: every node's table summed (a VNet's table once per VM); "
          "*stored*: rows the model keeps (RIBs, local routes, VNet tables).\n")
    print("| sites | rounds | nodes | rows | stored rows | kernel routes | wall (s) | "
          "CPU (s) | peak MB | µs per row | bytes per row |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['n']} | {r['rounds']} | {r['nodes']} | {r['rows']} | {r['stored']} | "
              f"{r['kroutes']} | {r['wall']:.2f} | {r['cpu']:.2f} | "
              f"{r['peak_kb'] / 1024:.0f} | {1e6 * r['wall'] / r['rows']:.2f} | "
              f"{1024 * r['peak_kb'] / r['rows']:.0f} |")
    base = results[0]
    print(f"\nRatios to {base['n']} sites (linear in rows: the time ratio equals the rows ratio):\n")
    print("| sites | sites ratio | rows ratio | wall ratio | CPU ratio | peak memory ratio |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['n']} | {r['n'] / base['n']:.0f}× | {r['rows'] / base['rows']:.1f}× | "
              f"{r['wall'] / base['wall']:.1f}× | {r['cpu'] / base['cpu']:.1f}× | "
              f"{r['peak_kb'] / base['peak_kb']:.1f}× |")


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [100, 300, 1000, 2000]
    bindir = os.environ.get("BRANCHLAB_BENCH_BIN", os.path.join(ROOT, "build-release"))
    repeat = int(os.environ.get("BRANCHLAB_BENCH_REPEAT", "3"))
    with tempfile.TemporaryDirectory(prefix="branchlab-model-") as tmp:
        results = [measure(bindir, n, repeat, tmp) for n in sizes]
    report(results, repeat)


if __name__ == "__main__":
    main()
