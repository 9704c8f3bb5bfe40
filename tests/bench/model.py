#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The route model alone: time and peak memory of `branchlab routes FILE vm1`
on bench-gen topologies of N sites, with what the model holds (`routes -v`).

usage: tests/bench/model.py [--json FILE] [N...]   (default: 100 300 1000 2000)

--json FILE: also the figures, one object per size, for report.py.

Environment: BRANCHLAB_BENCH_BIN, a build dir with branchlab and
tests/bench/bench-gen (default: build-release/, which must be built:
cmake -DCMAKE_BUILD_TYPE=Release); BRANCHLAB_BENCH_REPEAT, runs per size
(default 3; the fastest counts: other load only ever adds time).

No root and no lab: the model is computed from the file, as `trace` and
`verify` do on a lab whose saved model is stale. Then the same for a lab
that is up, whose state dir (lab/lab_model.c) keeps the model: a private
BRANCHLAB_STATE_DIR holds what `up` leaves there (manifest, topology
snapshot; no namespaces are made), the first `routes LAB vm1` computes
and saves the model, the next ones read it. Prints Markdown (the commit, one
row of figures per size, then ratios to the smallest size), the form
docs/benchmarks.md quotes. Not part of ci/test.sh, and nothing asserts a
time: a 2000-site run takes a few minutes and about 1 GB.
"""
import json
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


def run_once(branchlab, yaml, tmp, env=None):
    """(wall s, cpu s, peak KB, stderr) of one `routes FILE|LAB vm1 -v`.
    Peak memory from /usr/bin/time: a child forked from Python would count
    Python's own pages in its high-water mark, before the exec."""
    usage = os.path.join(tmp, "usage")
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", usage,
                           branchlab, "routes", yaml, NODE, "-v"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env=env)
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
    saved_wall, saved_peak, saved_size = read_saved(bindir, n, yaml, repeat, tmp)
    print(f"model.py: {n} sites: {wall:.2f} s, {peak / 1024:.0f} MB; "
          f"saved: {saved_wall:.2f} s, {saved_peak / 1024:.0f} MB", file=sys.stderr)
    return dict(n=n, wall=wall, cpu=cpu, peak_kb=peak, rounds=rounds, nodes=nodes,
                rows=rows, stored=stored, kroutes=kroutes, saved_wall=saved_wall,
                saved_peak_kb=saved_peak, saved_size=saved_size)


def read_saved(bindir, n, yaml, repeat, tmp):
    """(wall s, peak KB, file bytes) of `routes LAB vm1` reading the model
    the lab keeps: the fastest of `repeat` reads after the one that saves."""
    lab = f"bench{n}"
    state = os.path.join(tmp, "state")
    labdir = os.path.join(state, lab)
    os.makedirs(labdir, exist_ok=True)
    with open(yaml) as src, open(os.path.join(labdir, "topology.yaml"), "w") as dst:
        dst.write(src.read())
    with open(os.path.join(labdir, "manifest"), "w") as f:
        f.write(f"lab {lab}\ntopology {yaml}\nnetns {lab}-{NODE}\n")
    env = dict(os.environ, BRANCHLAB_STATE_DIR=state)
    branchlab = os.path.join(bindir, "branchlab")
    first = run_once(branchlab, lab, tmp, env)
    if "computed, saved to" not in first[3]:
        sys.exit(f"model.py: the first routes {lab} did not save the model:\n{first[3]}")
    runs = [run_once(branchlab, lab, tmp, env) for _ in range(repeat)]
    if any("read from" not in r[3] for r in runs):
        sys.exit(f"model.py: routes {lab} did not read the saved model")
    wall, _, peak, _ = min(runs)
    return wall, peak, os.path.getsize(os.path.join(labdir, "model"))


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
    print(f"\nA lab that is up (`routes LAB {NODE}`): the model read from its state dir, "
          "against computing it:\n")
    print("| sites | saved model (MB) | read (s) | read peak MB | compute (s) | "
          "compute ÷ read |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['n']} | {r['saved_size'] / 2**20:.0f} | {r['saved_wall']:.2f} | "
              f"{r['saved_peak_kb'] / 1024:.0f} | {r['wall']:.2f} | "
              f"{r['wall'] / r['saved_wall']:.1f}× |")
    base = results[0]
    print(f"\nRatios to {base['n']} sites (linear in rows: the time ratio equals the rows ratio):\n")
    print("| sites | sites ratio | rows ratio | wall ratio | CPU ratio | peak memory ratio |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['n']} | {r['n'] / base['n']:.0f}× | {r['rows'] / base['rows']:.1f}× | "
              f"{r['wall'] / base['wall']:.1f}× | {r['cpu'] / base['cpu']:.1f}× | "
              f"{r['peak_kb'] / base['peak_kb']:.1f}× |")


def main():
    args = sys.argv[1:]
    json_path = None
    if args[:1] == ["--json"]:
        json_path, args = args[1], args[2:]
    sizes = [int(a) for a in args] or [100, 300, 1000, 2000]
    bindir = os.environ.get("BRANCHLAB_BENCH_BIN", os.path.join(ROOT, "build-release"))
    repeat = int(os.environ.get("BRANCHLAB_BENCH_REPEAT", "3"))
    with tempfile.TemporaryDirectory(prefix="branchlab-model-") as tmp:
        results = [measure(bindir, n, repeat, tmp) for n in sizes]
    report(results, repeat)
    if json_path:
        with open(json_path, "w") as f:
            json.dump(dict(commit=commit(), repeat=repeat, sizes=results), f, indent=1)


if __name__ == "__main__":
    main()
