# SPDX-License-Identifier: GPL-2.0-or-later
"""Write docs/benchmarks.md from the raw results of one tests/bench/run.sh.

usage: report.py RESULTS_DIR OUTPUT.md
Every figure comes from a file in RESULTS_DIR, written by that one run.
A figure that was not measured whole is computed from what was, in the
same run, and marked "≈ ... (est.)"; the method is in the report.
"""
import json
import math
import os
import statistics
import re
import subprocess
import sys

PHASES = ["namespaces", "sysctls", "links", "addresses", "tunnels", "routes"]
WAYS = ["script", "batch"]


def read(res, name, default=""):
    try:
        with open(os.path.join(res, name)) as f:
            return f.read()
    except OSError:
        return default


def cmd(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def times(res):
    """{(label, n): [wall_s, maxrss_kb]} from times.txt."""
    out = {}
    for line in read(res, "times.txt").splitlines():
        f = line.split()
        if len(f) >= 4:
            out[(f[0], int(f[1]))] = [float(x) for x in f[2:4]]
    return out


def objects(res):
    """{n: [namespaces, links, addrs, routes, sas, policies]} (branchlab's)."""
    out = {}
    for line in read(res, "objects.txt").splitlines():
        f = line.split()
        if f and f[0] == "branchlab":
            out[int(f[1])] = [int(x) for x in f[2:]]
    return out


def sizes(res):
    """The sizes the run measured (those it wrote scripts for)."""
    return sorted(int(m.group(1)) for m in
                  (re.match(r"counts-script-(\d+)\.txt$", x) for x in os.listdir(res)) if m)


def up_phases(res, name):
    """[(phase, seconds, trips, requests)] and the (total s, trips, requests)
    from `branchlab -v up`."""
    text = read(res, name)
    rows = [(p, float(s), int(t) if t else 0, int(q) if q else 0) for p, s, q, t in re.findall(
        r"up:\s+(\w+)\s+([\d.]+) s(?:, (?:(\d+) netlink requests in )?(\d+)"
        r"(?: netlink)? round trips)?", text)]
    total = re.search(r"in ([\d.]+) s, (?:(\d+) netlink requests in )?(\d+)(?: netlink)? round trips",
                      text)
    if not total:
        return rows, None
    return rows, (float(total.group(1)), int(total.group(3)), int(total.group(2) or 0))


def script_counts(res, way, n):
    """{phase: (processes, request lines)} of a script."""
    out = {}
    for line in read(res, "counts-%s-%d.txt" % (way, n)).splitlines():
        p, procs, lines = line.split()
        out[p] = (int(procs), int(lines))
    return out


def script_phases(res, way, n):
    """{phase: seconds} of a timed script run, or None when it did not run."""
    marks = [line.split() for line in read(res, "phases-%s-%d.txt" % (way, n)).splitlines()]
    if not marks or marks[-1][0] != "end":
        return None
    return {marks[i][0]: float(marks[i + 1][1]) - float(marks[i][1]) for i in range(len(marks) - 1)}


def ip_process_cost(res):
    vals = [float(line.split()[1]) for line in read(res, "calibration.txt").splitlines()
            if line.startswith("ip_process")]
    return vals


class Estimator:
    """Seconds of a script at n sites from one measured at m sites.

    For each phase: one `ip` process costs p (measured alone, this run);
    what the phase took beyond its processes, divided by its request
    lines, is the cost of a line. At n sites: processes x p + lines x that.
    For the one-process-per-line script this is the measured cost per
    command of each phase, scaled by the phase's commands.
    """

    def __init__(self, res, way, m, p):
        self.way, self.m, self.p = way, m, p
        counts, durs = script_counts(res, way, m), script_phases(res, way, m)
        self.line_cost = {}
        for ph in PHASES:
            procs, lines = counts.get(ph, (0, 0))
            spent = durs.get(ph, 0.0)
            if way == "script" or not lines:
                self.line_cost[ph] = (spent / lines if lines else 0.0, 0.0)
            else:
                self.line_cost[ph] = (0.0, max(0.0, spent - procs * p) / lines)
        self.res = res

    def seconds(self, n):
        counts = script_counts(self.res, self.way, n)
        total = 0.0
        for ph in PHASES:
            procs, lines = counts.get(ph, (0, 0))
            per_cmd, per_line = self.line_cost[ph]
            total += lines * per_cmd if self.way == "script" else procs * self.p + lines * per_line
        return total


def measured_sizes(res, way):
    return [n for n in sizes(res) if script_phases(res, way, n)]


def estimator_for(res, way, n, p):
    """The estimator from the largest size measured below n."""
    below = [m for m in measured_sizes(res, way) if m < n]
    return Estimator(res, way, max(below), p) if below and p else None


def way_seconds(res, t, way, n, p):
    """(seconds, text): measured, or estimated and marked."""
    if ("up-" + way, n) in t:
        return t[("up-" + way, n)][0], "%.1f" % t[("up-" + way, n)][0]
    est = estimator_for(res, way, n, p)
    if not est:
        return None, "not run"
    s = est.seconds(n)
    return s, "≈%.0f (est. from %d)" % (s, est.m)


def ratio(a, b, estimated=False):
    if not a or not b:
        return "-"
    return ("≈%.0f×" if estimated else "%.1f×") % (a / b)


def machine(res):
    cpu = re.search(r"Model name:\s+(.*)", cmd("lscpu"))
    mem = re.search(r"MemTotal:\s+(\d+)", read("/", "proc/meminfo"))
    guest = read(res, "kernel.txt").splitlines() + ["?"] * 4
    gmem = re.search(r"(\d+)", guest[2])
    costs = ip_process_cost(res)
    return [
        "| what | value |", "|---|---|",
        "| CPU | %s, %s cores |" % (cpu.group(1) if cpu else "?", os.cpu_count()),
        "| memory | %.1f GiB |" % (int(mem.group(1)) / 2**20 if mem else 0),
        "| host kernel | %s |" % os.uname().release,
        "| labs with tunnels measured under | %s, kernel %s, %.1f GiB, %s vCPUs |" % (
            guest[1], guest[0], int(gmem.group(1)) / 2**20 if gmem else 0, guest[3]),
        "| commit | %s |" % " ".join(read(res, "commit.txt").split()).replace("|", "\\|"),
        "| kernel complaints during the run (dmesg) | %s |" % (
            "; ".join(" ".join(x.split()) for x in read(res, "dmesg.txt").splitlines()) or "none"),
        "| run | %s to %s (the host part from %s) |" % (
            read(res, "started.txt").strip(), read(res, "finished.txt").strip(),
            read(res, "host-started.txt").strip() or "-"),
        "| one `ip` process (100 × `ip -n NS link set lo up`) | %s |" % (
            " and ".join("%.3f s" % c for c in costs) + " (start and end of the run; "
            "the estimates use the first: at the end the kernel is still destroying "
            "the largest lab's namespaces)" if costs else "not measured"),
    ]


def up_table(res, t, objs, p):
    rows = ["| sites | namespaces | links | addresses | routes | SAs | policies "
            "| branchlab up (s) | of it building (s) | script (s) | ip -batch (s) "
            "| script ÷ branchlab | batch ÷ branchlab | peak MB branchlab / script / batch |",
            "|" + "---|" * 14]
    for n in sorted(objs):
        if ("up-branchlab", n) not in t:
            continue
        bl = t[("up-branchlab", n)]
        ph, _ = up_phases(res, "up-branchlab-%d.out" % n)
        building = sum(s for name, s, *_ in ph if name != "doctor")
        cells, ratios = [], []
        for way in WAYS:
            s, text = way_seconds(res, t, way, n, p)
            cells.append(text)
            ratios.append(ratio(s, bl[0], ("up-" + way, n) not in t))
        mem = " / ".join("%.1f" % (t[(k, n)][1] / 1024) if (k, n) in t else "-"
                         for k in ("up-branchlab", "up-script", "up-batch"))
        rows.append("| %d | %s | %.2f | %.2f | %s | %s | %s |" % (
            n, " | ".join(str(x) for x in objs[n]), bl[0], building,
            " | ".join(cells), " | ".join(ratios), mem))
    return rows


def phase_table(res, t, objs):
    rows = ["| sites | way | " + " | ".join(PHASES) + " | total |", "|" + "---|" * (len(PHASES) + 3)]
    for n in sorted(objs):
        ph, _ = up_phases(res, "up-branchlab-%d.out" % n)
        d = {name: s for name, s, *_ in ph}
        if d:
            rows.append("| %d | branchlab | %s | %.1f |" % (
                n, " | ".join("%.2f" % d.get(x, 0) for x in PHASES), sum(d.get(x, 0) for x in PHASES)))
        for way in WAYS:
            s = script_phases(res, way, n)
            c = script_counts(res, way, n)
            if s:
                rows.append("| %d | %s | %s | %.1f |" % (n, way, " | ".join(
                    "%.2f (%d)" % (s.get(x, 0), c.get(x, (0, 0))[0]) for x in PHASES),
                    sum(s.get(x, 0) for x in PHASES)))
    return rows


def estimate_section(res, t, p):
    lines = []
    for way in WAYS:
        ms = measured_sizes(res, way)
        for m in ms:
            for n in ms:
                if n <= m:
                    continue
                est = Estimator(res, way, m, p).seconds(n)
                real = t[("up-" + way, n)][0]
                lines.append("- check: the %s at %d sites estimated from %d sites: %.0f s; "
                             "measured: %.0f s (%+.0f %%)." % (
                                 way, n, m, est, real, 100 * (est - real) / real))
    counts = []
    for n in sizes(res):
        c = {w: script_counts(res, w, n) for w in WAYS}
        counts.append("| %d | %d | %d | %d |" % (
            n, sum(x[0] for x in c["script"].values()), sum(x[0] for x in c["batch"].values()),
            sum(x[1] for x in c["batch"].values())))
    return lines, ["| sites | script: commands (processes) | ip -batch: processes "
                   "| ip -batch: request lines |", "|---|---|---|---|"] + counts


def down_table(res, t, objs, p):
    rows = ["| sites | branchlab down (s) | script (s) | ip -batch (s) | script ÷ branchlab |",
            "|---|---|---|---|---|"]
    for n in sorted(objs):
        if ("down-branchlab", n) not in t:
            continue
        bl = t[("down-branchlab", n)][0]
        cells, first = [], None
        for way in WAYS:
            key = ("down-" + way, n)
            if key in t:
                cells.append("%.2f" % t[key][0])
                first = first if first is not None else (t[key][0], False)
                continue
            ran = [m for (label, m) in t if label == "down-" + way and m < n]
            if ran:
                m = max(ran)
                est = t[("down-" + way, m)][0] * objs[n][0] / objs[m][0]
                cells.append("≈%.0f (est. from %d)" % (est, m))
                first = first if first is not None else (est, True)
            else:
                cells.append("not run")
        rows.append("| %d | %.2f | %s | %s |" % (
            n, bl, " | ".join(cells), ratio(first[0], bl, first[1]) if first else "-"))
    return rows


def growth_table(res, t, objs):
    rows = ["| sites | objects | up (s) | building (s) | ms per object (building) "
            "| k since previous size (building) | peak MB |", "|---|---|---|---|---|---|---|"]
    prev = None
    for n in sorted(objs):
        if ("up-branchlab", n) not in t:
            continue
        ph, _ = up_phases(res, "up-branchlab-%d.out" % n)
        build = sum(s for name, s, *_ in ph if name != "doctor")
        count = sum(objs[n][1:])
        k = "-"
        if prev and build and prev[1]:
            k = "%.2f" % (math.log(build / prev[1]) / math.log(n / prev[0]))
        rows.append("| %d | %d | %.2f | %.2f | %.3f | %s | %.1f |" % (
            n, count, t[("up-branchlab", n)][0], build, 1000 * build / count, k,
            t[("up-branchlab", n)][1] / 1024))
        prev = (n, build)
    return rows


def trips_table(res, objs):
    """Objects counted after up: links, addresses, routes, SAs, policies (the
    kernel's connected routes included, which take no request)."""
    rows = ["| sites | objects | netlink requests | round trips | requests per object "
            "| objects per round trip |", "|---|---|---|---|---|---|"]
    for n in sorted(objs):
        _, total = up_phases(res, "up-branchlab-%d.out" % n)
        if total:
            count = sum(objs[n][1:])
            rows.append("| %d | %d | %s | %d | %s | %.1f |" % (
                n, count, total[2] or "-", total[1],
                "%.2f" % (total[2] / count) if total[2] else "-", count / total[1]))
    return rows


def reference_section(res):
    text = []
    for name, what in (("up-reference.out", "reference lab (topologies/azure-coexist.yaml)"),
                       ("up-sites50.out", "generated 50-site lab (45 VPN sites, 5 ER circuits)")):
        ph, total = up_phases(res, name)
        if total:
            text.append("- %s: %.2f s, %d round trips; %s" % (what, total[0], total[1], ", ".join(
                "%s %.3f s%s" % (p, s, " / %d trips" % r if p != "doctor" else "")
                for p, s, r, _ in ph)))
    return text


def strace_table(res):
    rows = ["| sites | processes (execve) | sendmsg+sendto | recvmsg+recvfrom |", "|---|---|---|---|"]
    for name in sorted(os.listdir(res)):
        m = re.match(r"strace-branchlab-(\d+)\.txt$", name)
        if not m:
            continue
        calls = {}
        for line in read(res, name).splitlines():
            f = line.split()
            if len(f) >= 5 and f[-1] in ("sendmsg", "sendto", "recvmsg", "recvfrom", "execve"):
                calls[f[-1]] = int(f[3])
        rows.append("| %s | %d | %d | %d |" % (
            m.group(1), calls.get("execve", 0), calls.get("sendmsg", 0) + calls.get("sendto", 0),
            calls.get("recvmsg", 0) + calls.get("recvfrom", 0)))
    return rows


def pairs(res):
    """{(what, n): [ints]} from pairs.txt."""
    out = {}
    for line in read(res, "pairs.txt").splitlines():
        f = line.split()
        out[(f[0], int(f[1]))] = [int(x) for x in f[2:] if x.isdigit()]
    return out


def scaled(seconds, done, total):
    if done == total:
        return seconds, "%.1f" % seconds
    s = seconds * total / done
    return s, "≈%.0f (est. from %d pairs)" % (s, done)


def verify_table(res, t):
    pr = pairs(res)
    rows = ["| sites | host pairs | branchlab verify: pairs run, passed | verify (s) | verify peak MB "
            "| ping loop: pairs run, answered | ping loop (s) | all pairs: verify (s) "
            "| all pairs: ping loop (s) | loop ÷ verify |", "|" + "---|" * 10]
    trace = trace_table(res, t)
    for n in sizes(res):
        allp = n * (n - 1)
        if ("verify", n) in pr and ("verify", n) in t:
            v_total, v_passed = (pr[("verify", n)] + [0, 0])[:2]
            v_all, v_text = scaled(t[("verify", n)][0], v_total, allp)
            l_done, l_ok = (pr.get(("pingloop", n), []) + [0, 0])[:2]
            l_all, l_text = scaled(t[("pingloop", n)][0], l_done, allp) if ("pingloop", n) in t \
                else (None, "not run")
            rows.append("| %d | %d | %d, %d | %.1f | %.1f | %d, %d | %s | %s | %s | %s |" % (
                n, allp, v_total, v_passed, t[("verify", n)][0], t[("verify", n)][1] / 1024,
                l_done, l_ok, "%.1f" % t[("pingloop", n)][0] if ("pingloop", n) in t else "-",
                v_text, l_text, ratio(l_all, v_all, v_total != allp or l_done != allp)))
    return rows, trace


def trace_pairs(res, name="trace-pairs.txt"):
    """{n: [(from, to, seconds, exit)]}: each trace timed alone."""
    out = {}
    for line in read(res, name).splitlines():
        f = line.split()
        if len(f) == 5:
            out.setdefault(int(f[0]), []).append((f[1], f[2], float(f[3]), int(f[4])))
    return out


def spread(secs):
    return "%.2f / %.2f / %.2f" % (min(secs), statistics.median(secs), max(secs))


def trace_table(res, t):
    tp = trace_pairs(res)
    rows = ["| sites | pairs traced | trace (s per pair: min / median / max) "
            "| median ÷ smallest size's | paths as the model predicts | traceroute (s per pair) |",
            "|---|---|---|---|---|---|"]
    if not tp:
        return rows
    base = statistics.median(x[2] for x in tp[min(tp)])
    for n in sorted(tp):
        secs = [x[2] for x in tp[n]]
        tr = t.get(("traceroute", n))
        rows.append("| %d | %d | %s | %.1f× | %d of %d | %s |" % (
            n, len(secs), spread(secs), statistics.median(secs) / base,
            sum(1 for x in tp[n] if x[3] == 0), len(secs),
            "%.2f" % (tr[0] / len(secs)) if tr else "-"))
    for n in sorted(tp):
        for f, to, sec, rc in tp[n]:
            if rc:
                rows.append("")
                rows.append("- %d sites, `trace %s %s` (%.2f s) exited %d: %s" % (
                    n, f, to, sec, rc, trace_differs(res, n, tp[n].index((f, to, sec, rc)) + 1)))
    return rows


def trace_differs(res, n, k):
    """The measured paths of a trace that differed, with its silent hops."""
    out = read(res, "trace-bench%d-%d.out" % (n, k)).splitlines()
    paths = [x.strip() for x in out if x.startswith("measured path")]
    silent = sum(1 for x in out if x.strip().split()[1:2] == ["*"])
    return "%s (%d hop%s with no answer, shown `*`)" % (
        "; ".join(paths) or "no output kept", silent, "" if silent == 1 else "s")


def verify_failures(res):
    """Each failing check of each verify, with what it saw."""
    lines = []
    for n in sizes(res):
        out = read(res, "verify-%d.out" % n).splitlines()
        for i, line in enumerate(out):
            if line.startswith("FAIL "):
                seen = next((x.split(":", 1)[1].strip() for x in out[i + 1:i + 4]
                             if x.strip().startswith("seen:")), "?")
                lines.append("- %d sites: %s: seen %s" % (n, line[5:].strip(), seen))
    return lines


def verify_detail(res):
    """Side-by-side pass, second tries and failed neighbour resolutions."""
    pr = pairs(res)
    rows = ["| sites | reach checks | passed side by side (first or second try) "
            "| of them only at the second try | passed one by one after | failed "
            "| ARP resolutions failed during verify (kernel-wide) |",
            "|---|---|---|---|---|---|---|"]
    for n in sizes(res):
        v = pr.get(("verify", n))
        if not v or len(v) < 4:
            continue
        side = re.search(r"(\d+) reach checks side by side in ([\d.]+) s, (\d+) passed",
                         read(res, "verify-%d.err" % n))
        rows.append("| %d | %d | %s | %d | %s | %d | %d |" % (
            n, v[0], "%s in %s s" % (side.group(3), side.group(2)) if side else "-",
            v[2], v[1] - int(side.group(3)) if side else "-", v[0] - v[1], v[3]))
    return rows


def phase_seconds(res, name, phase):
    """Seconds of one phase of a `branchlab -v up` (0 when absent)."""
    rows, _ = up_phases(res, name)
    return sum(sec for p, sec, *_ in rows if p == phase)


def bird_table(res, t):
    """Bird mode: from the start of `up --control-plane bird` to the first
    `diff` exit 0, against the static up of the same lab in the same run."""
    rows = ["| sites | static up (s) | bird up (s) | then diff 0 after (s) "
            "| up to diff 0 (s) | ÷ static up | without doctor: static up, up to diff 0 (s) "
            "| ÷ (without doctor) | bird up peak MB |", "|" + "---|" * 9]
    for line in read(res, "bird.txt").splitlines():
        n, up, diff, total = line.split()
        n = int(n)
        static = t.get(("up-branchlab", n), [0, 0])[0]
        mem = t.get(("up-bird", n), [0, 0])[1] / 1024
        s_bare = static - phase_seconds(res, "up-branchlab-%d.out" % n, "doctor")
        b_bare = float(total) - phase_seconds(res, "up-bird-%d.out" % n, "doctor")
        rows.append("| %d | %.2f | %s | %s | %s | %s | %.2f, %.2f | %s | %.1f |" % (
            n, static, up, diff, total, ratio(float(total), static), s_bare, b_bare,
            ratio(b_bare, s_bare), mem))
    return rows if len(rows) > 2 else []


def model_results(res):
    try:
        return json.loads(read(res, "model.json") or "null")
    except ValueError:
        return None


def model_section(res):
    body = read(res, "model.md").strip()
    if not body:
        return []
    return ["", "## The route model alone (host)", "",
            "`tests/bench/model.py %s`, run by run.sh on the host before the VM part (the model "
            "needs no kernel feature, so it is measured natively): `branchlab routes FILE vm1 -v` "
            "on `bench-gen N` topologies (`limits: relaxed` from 300 sites) computes the whole "
            "model; then the same lab's model read back from a state dir, as `trace`, `verify`, "
            "`ping` and `routes LAB` do while the lab is up. *bytes per row*: peak memory over "
            "rows; *rounds*: rounds until no table changed." % " ".join(
                str(r["n"]) for r in model_results(res)["sizes"]) if model_results(res) else "", ""
            ] + body.splitlines()


def er_times(res, where):
    out = {}
    for line in read(res, "er-%s.txt" % where).splitlines():
        f = line.split()
        if len(f) >= 4:
            out[(f[0].replace("-" + where, ""), int(f[1]))] = [float(x) for x in f[2:4]]
    return out


def er_verified(res, where, n):
    m = re.search(r"(\d+) of (\d+) checks passed", read(res, "er-verify-%s-%d.out" % (where, n)))
    return "%s of %s" % (m.group(1), m.group(2)) if m else "-"


def er_section(res):
    nat, tcg = er_times(res, "native"), er_times(res, "tcg")
    if not nat:
        return []
    rows = ["| circuits | what | native (s) | TCG (s) | TCG ÷ native |", "|---|---|---|---|---|"]
    for n in sorted({k[1] for k in nat}):
        for label, what in (("er-up", "up"), ("er-trace-3", "trace, 3 pairs each alone"),
                            ("er-verify", "verify (%s native, %s TCG)" % (
                                er_verified(res, "native", n), er_verified(res, "tcg", n))),
                            ("er-down", "down")):
            a, b = nat.get((label, n)), tcg.get((label, n))
            rows.append("| %d | %s | %s | %s | %s |" % (
                n, what, "%.2f" % a[0] if a else "-", "%.2f" % b[0] if b else "-",
                ratio(b[0], a[0]) if a and b and a[0] else "-"))
    return ["", "## ExpressRoute only: native against TCG", "",
            "What the host kernel can run (no ESP): `bench-gen N LAB --er-only` (N circuits, one "
            "host each, a spoke VM per 20 circuits, `limits: relaxed` past 16), first natively on "
            "the host, then the same commands on the same files inside the test VM. *verify*: "
            "every circuit host to its spoke VM and back (2N reach checks). *TCG ÷ native* is "
            "what the emulation costs each command on this machine; it differs by command "
            "(CPU-bound work pays most, waiting for packets least), so it tells roughly, not "
            "exactly, what the VM's figures above would be on a kernel with ESP.", ""] + rows


def goal_rows(res, t):
    """Issue 18's goals, each with the figure of this run that answers it."""
    rows = ["| goal | measured in this run | met |", "|---|---|---|"]
    mr = model_results(res)
    by_n = {r["n"]: r for r in mr["sizes"]} if mr else {}
    if 1000 in by_n:
        peak = by_n[1000]["peak_kb"] / 1024
        rows.append("| model at 1000 sites: peak memory at most 300 MB (host) | %.0f MB "
                    "(%.0f bytes per row) | %s |" % (peak, 1024 * by_n[1000]["peak_kb"] /
                                                       by_n[1000]["rows"],
                                                       "yes" if peak <= 300 else "no"))
    if 1000 in by_n and 100 in by_n:
        r = by_n[1000]["wall"] / by_n[100]["wall"]
        rc = by_n[1000]["cpu"] / by_n[100]["cpu"]
        rows.append("| model time at 1000 sites at most 110× the time at 100 | %.1f× wall, "
                    "%.1f× CPU (rows: %.1f×) | %s |" % (
                        r, rc, by_n[1000]["rows"] / by_n[100]["rows"],
                        "yes" if max(r, rc) <= 110 else "no"))
    tp = trace_pairs(res)
    big = max(tp) if tp else None
    if big and big >= 1000:
        med = statistics.median(x[2] for x in tp[big])
        rows.append("| a trace at %d sites (test VM) within 5 s | %s s (min / median / max "
                    "of %d pairs) | %s |" % (big, spread([x[2] for x in tp[big]]), len(tp[big]),
                                             "yes" if max(x[2] for x in tp[big]) <= 5 else "no"))
        small = min(tp)
        base = statistics.median(x[2] for x in tp[small])
        rows.append("| ... and within 3× a trace at %d sites | %.1f× (medians %.2f s and %.2f s) "
                    "| %s |" % (small, med / base, med, base, "yes" if med <= 3 * base else "no"))
    pr = pairs(res)
    for n in sizes(res):
        v = pr.get(("verify", n))
        if n >= 1000 and v:
            rows.append("| every sampled verify pair passes at %d sites | %d of %d%s | %s |" % (
                n, v[1], v[0], " (%d at the second try)" % v[2] if len(v) > 2 and v[2] else "",
                "yes" if v[0] == v[1] else "no: each failure is named below"))
    return rows


def main():
    res, out = sys.argv[1], sys.argv[2]
    t, objs = times(res), objects(res)
    costs = ip_process_cost(res)
    # The cost at the start: at the end the kernel is still destroying the
    # largest lab's namespaces, and every process pays for it.
    p = costs[0] if costs else 0
    est_lines, count_rows = estimate_section(res, t, p)
    verify_rows, trace_rows = verify_table(res, t)
    text = ["# Benchmarks: branchlab against iproute2 scripts", "",
            "Written by one run of `tests/bench/run.sh %s` (as root). Everything below is "
            "generated from that run's raw results (`build-bench/results/`); nothing is "
            "edited by hand. What needs no ESP (the route model alone, ExpressRoute-only "
            "labs) is measured on the host first; everything with tunnels in the test VM. "
            "Figures marked ≈ … (est.) were not measured whole: how each is "
            "computed is under *Estimates*. No test asserts a time." % " ".join(
                str(n) for n in sizes(res)), "",
            "## Goals (issue 18)", ""] + goal_rows(res, t) + ["",
            "## Machine", ""] + machine(res)
    text += ["", "## up: branchlab against the scripts", "",
             "Each way builds the same objects: after each build, netlink dumps count links, "
             "addresses, routes, SAs and policies in every namespace, and the run stops when "
             "a way differs from branchlab. *script*: one `ip` process per object, what users "
             "write; *ip -batch*: one `ip -batch` per namespace and phase, the fastest an "
             "iproute2 script gets. *building*: `up` without its doctor check.", ""]
    text += up_table(res, t, objs, p)
    text += ["", "### By phase (s; for the scripts, processes in brackets)", ""] + phase_table(res, t, objs)
    text += ["", "## down", ""] + down_table(res, t, objs, p)
    text += ["", "## How the cost of `branchlab up` grows", "",
             "k: exponent of building time ~ sites^k between two sizes (1 = linear in sites). "
             "Routes grow with sites² (every site learns every other site's LAN), so the "
             "cost per object is the figure to read for linearity.", ""] + growth_table(res, t, objs)
    bird = bird_table(res, t)
    if bird:
        text += ["", "## Bird mode: from `up` to `diff` exit 0", "",
                 "The same generated lab, after the static `up` of the same run was taken down, with "
                 "`up --control-plane bird` (one BIRD 2 per BGP speaker and per VM, static "
                 "keys); then `diff LAB --wait` until every speaker's and VM's kernel routes "
                 "are the model's. *÷ static up*: that whole time over the static `up` of the "
                 "same lab in this run; *without doctor*: both times less their `doctor` "
                 "check, which takes seconds with a cold page cache (the first `up` of a "
                 "run) and a fraction of a second after.", ""] + bird
    text += ["", "## Netlink round trips of `branchlab up`", ""] + trips_table(res, objs)
    ref = reference_section(res)
    if ref:
        text += ["", "### The reference lab and 50 sites", ""] + ref
    text += ["", "## Syscalls of one `branchlab up` (strace -f -c)", ""] + strace_table(res)
    for name in sorted(os.listdir(res)):
        m = re.match(r"perf-(\d+)\.txt$", name)
        if not m:
            continue
        n = m.group(1)
        text += ["", "## Where the time of `up` goes (%s sites, perf record -g at 499 Hz)" % n, ""]
        for part, title in (("perf-dso-%s.txt", "By binary:"),
                            ("perf-children-%s.txt", "branchlab's functions, with the kernel time "
                             "spent under them (children):"),
                            ("perf-%s.txt", "Top symbols, self time:")):
            body = read(res, part % n).rstrip()
            if body:
                text += [title, "", "```"] + body.splitlines() + ["```", ""]
    text += ["", "## verify and trace of site pairs", "",
             "A pair is a host on one site and a host on another (both directions count). "
             "`branchlab verify` pings every reach expectation of the file (3 echo requests "
             "each), all at once, 128 at a time; the *ping loop* is the plain way, one "
             "`ip netns exec SRC ping -q -c 3 -i 0.1 -W 1 DST` per pair. Beyond 10 sites the "
             "loop runs on an even sample of the pairs, and beyond 100 sites verify does too "
             "(the file would hold a million expectations); their time is scaled to all pairs.",
             ""] + verify_rows
    text += ["", "Side by side, pairs that answered only at the second try, and neighbour "
             "resolutions the kernel gave up on during verify (`ip -s ntable`, "
             "`res_failed`; counted for every namespace at once):", ""] + verify_detail(res)
    fails = verify_failures(res)
    if fails:
        text += ["", "Checks that failed:", ""] + fails
    text += ["", "`trace` (16 flows, multipath) against `traceroute -n -q 1 -w 1` (one flow), "
             "on the first pairs of the sample, one process per pair each, each timed alone "
             "(a trace reads the model the lab keeps):", ""] + trace_rows
    text += model_section(res)
    text += er_section(res)
    text += ["", "## Estimates", "",
             "Under TCG one process costs about %.2f s, so the one-process-per-object script is "
             "run whole only up to %s sites, and `ip -batch` up to %s. Beyond, each phase "
             "of a script is estimated from its measured phase at the largest smaller size: "
             "for the script, the phase's cost per command times its commands; for `ip -batch`, "
             "its processes times the cost of one `ip` process (measured alone, see *Machine*) "
             "plus its request lines times what a line cost beyond the processes. "
             "`down` of the scripts scales with namespaces." % (
                 p, os.environ.get("BRANCHLAB_BENCH_SCRIPT_MAX", "10"),
                 os.environ.get("BRANCHLAB_BENCH_BATCH_MAX", "100")), ""]
    text += est_lines + [""] + count_rows
    with open(out, "w") as f:
        f.write("\n".join(text) + "\n")


if __name__ == "__main__":
    main()
