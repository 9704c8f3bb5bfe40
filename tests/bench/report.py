# SPDX-License-Identifier: GPL-2.0-or-later
"""Write docs/benchmarks.md from the raw results of tests/bench/run.sh.

usage: report.py RESULTS_DIR OUTPUT.md
Every figure comes from a file in RESULTS_DIR; what was not measured is
said to be missing, never guessed.
"""
import datetime
import math
import os
import re
import subprocess
import sys


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def cmd(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def times(res):
    """{(label, n): (wall_s, maxrss_kb, extra...)} from times.txt."""
    out = {}
    for line in read(os.path.join(res, "times.txt")).splitlines():
        f = line.split()
        if len(f) >= 4:
            out[(f[0], int(f[1]))] = [float(x) for x in f[2:]]
    return out


def objects(res):
    """{n: (namespaces, links, addrs, routes, sas, policies)} (branchlab's)."""
    out = {}
    for line in read(os.path.join(res, "objects.txt")).splitlines():
        f = line.split()
        if f[0] == "branchlab":
            out[int(f[1])] = [int(x) for x in f[2:]]
    return out


def phases(text):
    """[(phase, seconds, trips)] and the total from `branchlab -v up`."""
    rows = re.findall(r"up:\s+(\w+)\s+([\d.]+) s(?:, (\d+) netlink round trips)?", text)
    total = re.search(r"in ([\d.]+) s, (\d+) netlink round trips", text)
    return rows, total


def machine(res):
    cpu = re.search(r"Model name:\s+(.*)", cmd("lscpu"))
    mem = re.search(r"MemTotal:\s+(\d+)", read("/proc/meminfo"))
    guest = read(os.path.join(res, "kernel.txt")).split("\n")
    return [
        "| what | value |", "|---|---|",
        "| CPU | %s, %s cores |" % (cpu.group(1) if cpu else "?", os.cpu_count()),
        "| memory | %.1f GiB |" % (int(mem.group(1)) / 2**20 if mem else 0),
        "| host kernel | %s (no ESP, no VTI, no xfrm interfaces) |" % os.uname().release,
        "| measured under | %s, kernel %s, %s |" % (
            guest[1] if len(guest) > 1 else "?", guest[0] if guest else "?",
            guest[2].replace("MemTotal:", "memory").strip() if len(guest) > 2 else "?"),
        "| date | %s |" % datetime.date.today().isoformat(),
    ]


def ratio(a, b):
    return "%.1f×" % (a / b) if a and b else "-"


def cell(t, key):
    return "%.2f" % t[key][0] if key in t else "not run"


def commands(res):
    """{n: (ip lines of the script, of the batch script, netns dels)}."""
    out = {}
    for line in read(os.path.join(res, "commands.txt")).splitlines():
        f = [int(x) for x in line.split()]
        out[f[0]] = f[1:]
    return out


def per_process(t, cmds, label, col):
    """Seconds per `ip` line at the largest N where label ran."""
    ran = [n for (l, n) in t if l == label and n in cmds and cmds[n][col]]
    if not ran:
        return None
    n = max(ran)
    return t[(label, n)][0] / cmds[n][col]


def script_cell(t, cmds, label, col, n):
    """Measured seconds, or an extrapolation marked as such."""
    if (label, n) in t:
        return "%.2f" % t[(label, n)][0], t[(label, n)][0]
    cost = per_process(t, cmds, label, col)
    if cost is None or n not in cmds:
        return "not run", 0
    est = cost * cmds[n][col]
    return "≈%.0f (extrapolated)" % est, est


def up_table(t, objs, res):
    cmds = commands(res)
    rows = ["| sites | namespaces | links | addresses | routes | SAs | policies "
            "| branchlab up (s) | of it building (s) | script (s) | ip -batch (s) "
            "| script ÷ branchlab | batch ÷ branchlab | peak memory branchlab / script / batch (MB) |",
            "|" + "---|" * 14]
    for n in sorted(objs):
        o = objs[n]
        ph, _ = phases(read(os.path.join(res, "up-branchlab-%d.out" % n)))
        build = sum(float(s) for name, s, _ in ph if name != "doctor")
        bl = t.get(("up-branchlab", n), [0, 0])
        mem = " / ".join("%.1f" % (t[(w, n)][1] / 1024) if (w, n) in t else "-"
                         for w in ("up-branchlab", "up-script", "up-batch"))
        sc, sv = script_cell(t, cmds, "up-script", 0, n)
        bc, bv = script_cell(t, cmds, "up-batch", 1, n)
        rows.append("| %d | %d | %d | %d | %d | %d | %d | %.2f | %.2f | %s | %s | %s | %s | %s |" % (
            n, o[0], o[1], o[2], o[3], o[4], o[5], bl[0], build, sc, bc,
            ratio(sv, bl[0]), ratio(bv, bl[0]), mem))
    return rows


def down_table(t, objs, res):
    cmds = commands(res)
    rows = ["| sites | branchlab down (s) | script (s) | ip -batch (s) | script ÷ branchlab |",
            "|---|---|---|---|---|"]
    for n in sorted(objs):
        bl = t.get(("down-branchlab", n), [0])[0]
        sc, sv = script_cell(t, cmds, "down-script", 2, n)
        rows.append("| %d | %.2f | %s | %s | %s |" % (
            n, bl, sc, cell(t, ("down-batch", n)), ratio(sv, bl)))
    return rows


def trips_table(objs, res):
    rows = ["| sites | objects | round trips | objects per round trip | phases (s, round trips) |",
            "|---|---|---|---|---|"]
    for n in sorted(objs):
        ph, total = phases(read(os.path.join(res, "up-branchlab-%d.out" % n)))
        count = sum(objs[n][1:])
        if not total:
            continue
        desc = ", ".join("%s %s%s" % (p, s, " / %s" % r if r else "") for p, s, r in ph)
        rows.append("| %d | %d | %s | %.1f | %s |" % (
            n, count, total.group(2), count / int(total.group(2)), desc))
    return rows


def strace_table(res):
    rows = ["| way | sites | processes (execve) | sendmsg+sendto | recvmsg+recvfrom |",
            "|---|---|---|---|---|"]
    for name in sorted(os.listdir(res)):
        m = re.match(r"strace-(\w+)-(\d+)\.txt$", name)
        if not m:
            continue
        calls = {}
        for line in read(os.path.join(res, name)).splitlines():
            f = line.split()
            if len(f) >= 5 and f[-1] in ("sendmsg", "sendto", "recvmsg", "recvfrom", "execve"):
                calls[f[-1]] = int(f[3])
        rows.append("| %s | %s | %d | %d | %d |" % (
            m.group(1), m.group(2), calls.get("execve", 0),
            calls.get("sendmsg", 0) + calls.get("sendto", 0),
            calls.get("recvmsg", 0) + calls.get("recvfrom", 0)))
    return rows


def growth_table(t, objs, res):
    """Cost per object and the exponent k of time ~ N^k between sizes."""
    rows = ["| sites | objects | up (s) | building (s) | ms per object (building) "
            "| k since previous size (building) | peak MB |", "|---|---|---|---|---|---|---|"]
    prev = None
    for n in sorted(objs):
        if ("up-branchlab", n) not in t:
            continue
        ph, _ = phases(read(os.path.join(res, "up-branchlab-%d.out" % n)))
        build = sum(float(x) for name, x, _ in ph if name != "doctor")
        count = sum(objs[n][1:])
        k = "-"
        if prev and build and prev[1]:
            k = "%.2f" % (math.log(build / prev[1]) / math.log(n / prev[0]))
        rows.append("| %d | %d | %.2f | %.2f | %.2f | %s | %.1f |" % (
            n, count, t[("up-branchlab", n)][0], build, 1000 * build / count, k,
            t[("up-branchlab", n)][1] / 1024))
        prev = (n, build)
    return rows


def reference_section(res):
    text = []
    for name, what in (("up-reference.out", "reference lab (topologies/azure-coexist.yaml)"),
                       ("up-sites50.out", "generated 50-site lab (45 VPN sites, 5 ER circuits)")):
        ph, total = phases(read(os.path.join(res, name)))
        if not total:
            continue
        text.append("- %s: %s s, %s round trips; %s" % (
            what, total.group(1), total.group(2),
            ", ".join("%s %s s%s" % (p, x, " / %s trips" % r if r else "") for p, x, r in ph)))
    return text


def main():
    res, out = sys.argv[1], sys.argv[2]
    t, objs = times(res), objects(res)
    text = ["# Benchmarks: branchlab against an iproute2 script", "",
            "Written by `tests/bench/run.sh %s` (as root; the figures below are"
            " its output, not edited)." % " ".join(str(n) for n in sorted(objs)), "",
            "Run it again with `tests/bench/run.sh [N...]` (default 10 100 1000). It "
            "builds Release into `build-bench/rel` (or uses `BRANCHLAB_BENCH_BIN`), "
            "generates each lab with `bench-gen` and its iproute2 twin with `bench-script` "
            "on the host, then measures inside the test VM when the host kernel has no ESP. "
            "Raw results stay in `build-bench/results/`. No test asserts a time.", "",
            "## Machine", ""] + machine(res)
    text += ["", "## up", "", "Same objects both ways (counted by netlink dumps in every "
             "namespace after each build; the run fails when they differ). *script*: one "
             "`ip` process per object, what users write; *ip -batch*: one `ip -batch` per "
             "namespace and phase. *building* is `up` without its doctor check.", ""]
    text += up_table(t, objs, res)
    text += ["", "## down", ""] + down_table(t, objs, res)
    text += ["", "## How cost grows with N (`branchlab up`)", "",
             "k is the exponent of building time ~ N^k between two sizes (1 = linear).", ""]
    text += growth_table(t, objs, res)
    text += ["", "## Netlink round trips of `branchlab up`", ""] + trips_table(objs, res)
    ref = reference_section(res)
    if ref:
        text += ["", "## Round trips of the reference lab and of 50 sites (issue 4)", ""] + ref
    text += ["", "## Syscalls of one up (strace -f -c)", ""] + strace_table(res)
    for name in sorted(os.listdir(res)):
        m = re.match(r"perf-(\d+)\.txt$", name)
        if m:
            text += ["", "## Where the time of `up` goes (%s sites, perf, top symbols)" % m.group(1),
                     "", "```"] + read(os.path.join(res, name)).rstrip().splitlines() + ["```"]
    for (label, n), v in sorted(t.items()):
        if label == "verify":
            text += ["", "## verify of all site pairs", "",
                     "%d sites, %d reach expectations (each a ping of 3 echo requests): %.2f s, peak %.1f MB."
                     % (n, n * (n - 1), v[0], v[1] / 1024)]
    notes = read(os.path.join(res, "notes.md"))
    if notes:
        text += ["", "## Notes", "", notes.rstrip()]
    with open(out, "w") as f:
        f.write("\n".join(text) + "\n")


if __name__ == "__main__":
    main()
