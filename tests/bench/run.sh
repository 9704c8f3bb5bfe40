#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/bench/run.sh [N...]   (as root; default N: 10 100 1000)
#
# One run, side by side: for generated labs of N sites, `branchlab up` and
# `down` against the iproute2 scripts that build the same objects
# (bench-script: one `ip` per object, and one `ip -batch` per namespace and
# phase), each timed phase by phase and checked to have built the same
# objects (bench-count); while branchlab's lab is up, `verify` of every
# site pair against a loop of `ip netns exec ... ping`, and `trace` of a
# few pairs against `traceroute`; then syscalls, netlink round trips and a
# perf profile of `up`; then, up to 100 sites, the same lab in bird mode:
# the time from `up --control-plane bird` to `diff` exit 0. Before that, on
# the host: the route model alone (model.py: time, memory, bytes per row,
# rounds at 100 300 1000 2000 sites), and ExpressRoute-only labs (no ESP:
# `bench-gen --er-only`, up to 256 circuits) natively, measured again the
# same way inside the VM for the TCG factor. Writes docs/benchmarks.md
# (report.py), every section from this one run. When the host kernel has
# no ESP everything with tunnels is measured inside the test VM
# (ci/vm-run), and the report says so.
#
# What would take hours under TCG is measured on a part and scaled, and
# the report marks each such figure with how: the scripts beyond
# BRANCHLAB_BENCH_SCRIPT_MAX / _BATCH_MAX sites (default 10 / 100) from
# costs per phase measured in this run, and the ping loop (and branchlab's
# verify beyond 100 sites) on an even sample of the pairs.
#
# Environment: BRANCHLAB_BENCH_BIN (a build dir with branchlab and
# tests/bench/*; default: build Release into build-bench/rel),
# BRANCHLAB_BENCH_MEM (VM memory, MB), BRANCHLAB_BENCH_SCRIPT_MAX,
# BRANCHLAB_BENCH_BATCH_MAX, BRANCHLAB_BENCH_BIRD_MAX (largest size also
# brought up in bird mode, default 100), BRANCHLAB_BENCH_BIRD_ONLY=1 (see
# bird_only), BRANCHLAB_BENCH_MODEL_SIZES (default "100 300 1000 2000"),
# BRANCHLAB_BENCH_ER_SIZES (circuits, default "16 64 256"),
# BRANCHLAB_BENCH_REPORT (where the report goes, default
# docs/benchmarks.md). Not part of ci/test.sh: it takes about an hour.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/build-bench/results
PHASES=(namespaces sysctls links addresses tunnels routes)
# Pairs of the ping loop beyond 10 sites; pairs of branchlab's verify
# beyond 100 sites (the loader's cap is 20,000 expectations); pairs traced
# at every size, each timed alone (a trace reads the model the lab keeps).
PING_SAMPLE=200
VERIFY_SAMPLE=3000
TRACE_SAMPLE=5
read -ra MODEL_SIZES <<<"${BRANCHLAB_BENCH_MODEL_SIZES:-100 300 1000 2000}"
read -ra ER_SIZES <<<"${BRANCHLAB_BENCH_ER_SIZES:-16 64 256}"
# How long `diff` may wait for BIRD to converge (bird_to_diff).
BIRD_DIFF_WAIT=1800
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

build() {
	if [[ -n ${BRANCHLAB_BENCH_BIN:-} ]]; then
		return
	fi
	BRANCHLAB_BENCH_BIN=$ROOT/build-bench/rel
	# Frame pointers: perf's call graphs (where the time of up goes)
	# need them; they cost about nothing.
	cmake -S "$ROOT" -B "$BRANCHLAB_BENCH_BIN" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_C_FLAGS=-fno-omit-frame-pointer >/dev/null
	cmake --build "$BRANCHLAB_BENCH_BIN" -j 2 --target branchlab bench-gen bench-script bench-count >/dev/null
}

kernel_has_esp() {
	[[ -r /proc/config.gz ]] || return 0 # no config: assume a distro kernel
	zcat /proc/config.gz | grep -Eq '^CONFIG_INET_ESP=(y|m)'
}

# measure LABEL N CMD...: run under /usr/bin/time; appends
# "label N wall_s maxrss_kb" to $TIMES (times.txt unless set).
measure() {
	local label=$1 n=$2
	shift 2
	if ! /usr/bin/time -f '%e %M' -o "$OUT/time.tmp" "$@" >"$OUT/$label-$n.out" 2>&1; then
		tail -5 "$OUT/$label-$n.out" >&2
		die "$label for $n sites failed (output in $OUT/$label-$n.out)"
	fi
	echo "$label $n $(tail -1 "$OUT/time.tmp")" >>"${TIMES:-$OUT/times.txt}"
}

# Neighbour resolutions that failed so far, kernel-wide (ARP's res_failed):
# read before and after verify, to tell lost echoes from lost neighbours.
neigh_failed() {
	ip -s ntable show name arp_cache | awk '/res_failed/ { n += $2 } END { print n + 0 }'
}

# Both ways must have built the same objects in every namespace.
check_counts() {
	local n=$1 way=$2
	"$BRANCHLAB_BENCH_BIN/tests/bench/bench-count" "bench$n-" >"$OUT/count-$way-$n.txt"
	if ! cmp -s "$OUT/count-branchlab-$n.txt" "$OUT/count-$way-$n.txt"; then
		diff "$OUT/count-branchlab-$n.txt" "$OUT/count-$way-$n.txt" | head -20 >&2
		die "$way built other objects than branchlab for $n sites"
	fi
	awk -v n="$n" -v way="$way" '{ ns++; l += $2; a += $3; r += $4; s += $5; p += $6 }
		END { print way, n, ns, l, a, r, s, p }' "$OUT/count-$way-$n.txt" >>"$OUT/objects.txt"
}

# down: one `ip netns del` per namespace, or one `ip -batch` of them.
down_script() {
	local n=$1 batch=$2
	echo '#!/bin/sh -e'
	if [[ $batch ]]; then
		echo "ip -batch - <<'EOF'"
		grep -o "netns add bench$n-[a-z0-9-]*" "$OUT/script-$n.sh" | sed 's/^netns add/netns del/'
		echo EOF
	else
		grep -o "netns add bench$n-[a-z0-9-]*" "$OUT/script-$n.sh" | sed 's/^netns add/ip netns del/'
	fi
}

# Processes and request lines of each phase of a script: "phase procs lines".
# A plain line is one of each; an `ip -batch` is one process whose
# here-document lines are the requests.
script_counts() {
	awk -v order="${PHASES[*]}" '
		/^# phase / { ph = $3; next }
		doc && /^EOF$/ { doc = 0; next }
		doc { lines[ph]++; next }
		/^ip .*-batch - / { procs[ph]++; doc = 1; next }
		/^ip / { procs[ph]++; lines[ph]++ }
		END { n = split(order, o, " "); for (i = 1; i <= n; i++) print o[i], procs[o[i]] + 0, lines[o[i]] + 0 }
	' "$1"
}

# The script with each "# phase X" turned into a timestamp line.
timed_script() {
	sed 's/^# phase \(.*\)$/echo "\1 $(date +%s.%N)" >>"$BENCH_PHASES"/' "$1"
	echo 'echo "end $(date +%s.%N)" >>"$BENCH_PHASES"'
}

# Topologies and scripts, on the host (at native speed: the route model
# of 1000 sites takes a while, and it is not what is measured).
prepare() {
	local n=$1 bin=$BRANCHLAB_BENCH_BIN/tests/bench way
	local yaml=$OUT/bench$n.yaml
	say "$n sites: generating the topology and the scripts"
	"$bin/bench-gen" "$n" "bench$n" >"$yaml"
	if ((n <= 100)); then
		"$bin/bench-gen" "$n" "bench$n" --expect >"$OUT/verify$n.yaml"
	else
		"$bin/bench-gen" "$n" "bench$n" --expect-pairs "$VERIFY_SAMPLE" >"$OUT/verify$n.yaml"
	fi
	"$bin/bench-gen" "$n" "bench$n" --expect-pairs "$PING_SAMPLE" >"$OUT/pingpairs$n.yaml"
	sed -n 's/^  - reach: {from: \([a-z0-9]*\), to: \([a-z0-9]*\)}$/\1 \2/p' \
		"$OUT/pingpairs$n.yaml" >"$OUT/pairs-$n.txt"
	((n > 10)) || sed -n 's/^  - reach: {from: \([a-z0-9]*\), to: \([a-z0-9]*\)}$/\1 \2/p' \
		"$OUT/verify$n.yaml" >"$OUT/pairs-$n.txt"
	"$bin/bench-script" "$yaml" >"$OUT/script-$n.sh"
	"$bin/bench-script" "$yaml" --batch >"$OUT/batch-$n.sh"
	for way in script batch; do
		script_counts "$OUT/$way-$n.sh" >"$OUT/counts-$way-$n.txt"
		timed_script "$OUT/$way-$n.sh" >"$OUT/$way-timed-$n.sh"
	done
	down_script "$n" "" >"$OUT/script-down-$n.sh"
	down_script "$n" 1 >"$OUT/batch-down-$n.sh"
}

# Every host's address, "host address" per line, from branchlab's plan
# (`show --json`: one process, where asking each namespace would start a
# thousand).
host_addresses() {
	local n=$1
	"$BRANCHLAB_BENCH_BIN/branchlab" show --json "$OUT/bench$n.yaml" | python3 -c '
import json, sys
for node in json.load(sys.stdin)["nodes"]:
    if node["kind"] == "host":
        print(node["name"], node["interfaces"][0]["addresses"][0].split("/")[0])
' >"$OUT/hosts-$n.txt"
}

# The plain way to check reachability: one `ip netns exec ... ping` per
# pair, over the pairs of pingpairsN.yaml (every pair for 10 sites).
ping_loop() {
	local n=$1
	{
		echo 'ok=0'
		awk -v n="$n" 'NR == FNR { addr[$1] = $2; next }
			{ printf "ip netns exec bench%s-%s ping -q -c 3 -i 0.1 -W 1 %s >/dev/null && ok=$((ok + 1))\n", n, $1, addr[$2] }' \
			"$OUT/hosts-$n.txt" "$OUT/pairs-$n.txt"
		echo 'echo "$ok replied"'
	} >"$OUT/pingloop-$n.sh"
	measure pingloop "$n" bash "$OUT/pingloop-$n.sh"
	echo "pingloop $n $(wc -l <"$OUT/pairs-$n.txt") $(tail -1 "$OUT/pingloop-$n.out" | cut -d' ' -f1)" >>"$OUT/pairs.txt"
}

# branchlab verify of verifyN.yaml (the same lab, with expectations; -v:
# how many passed side by side, and at the second try). pairs.txt:
# "verify N pairs passed second_tries res_failed_delta"; the failures stay
# in verify-N.out.
verify_pairs() {
	local n=$1 yaml before
	yaml=$OUT/verify$n.yaml
	before=$(neigh_failed)
	/usr/bin/time -f '%e %M' -o "$OUT/time.tmp" \
		"$BRANCHLAB_BENCH_BIN/branchlab" -v verify "$yaml" >"$OUT/verify-$n.out" \
		2>"$OUT/verify-$n.err" || true
	echo "verify $n $(tail -1 "$OUT/time.tmp")" >>"$OUT/times.txt"
	echo "verify $n $(grep -c '^  - reach' "$yaml") $(grep -c '^PASS ' "$OUT/verify-$n.out")" \
		"$(grep -c 'at the second try' "$OUT/verify-$n.out")" "$(($(neigh_failed) - before))" \
		>>"$OUT/pairs.txt"
}

# branchlab trace of LAB's first TRACE_SAMPLE pairs of pairs-N.txt, each
# timed alone: "N from to seconds exit" in trace-pairs.txt (exit 1: the
# measured paths differ from the model's; the output is kept).
trace_each() {
	local n=$1 lab=$2 list=$3 from to k=0 start rc
	while read -r from to; do
		k=$((k + 1))
		start=$(date +%s.%N)
		rc=0
		"$BRANCHLAB_BENCH_BIN/branchlab" trace "$lab" "$from" "$to" \
			>"$OUT/trace-$lab-$k.out" 2>&1 </dev/null || rc=$?
		awk -v n="$n" -v f="$from" -v t="$to" -v s="$start" -v e="$(date +%s.%N)" -v rc="$rc" \
			'BEGIN { printf "%s %s %s %.3f %d\n", n, f, t, e - s, rc }' >>"$OUT/trace-pairs.txt"
	done <"$list"
}

# trace of the first TRACE_SAMPLE pairs: branchlab trace, then traceroute.
trace_pairs() {
	local n=$1
	head -"$TRACE_SAMPLE" "$OUT/pairs-$n.txt" >"$OUT/tracepairs-$n.txt"
	trace_each "$n" "bench$n" "$OUT/tracepairs-$n.txt"
	awk -v n="$n" 'NR == FNR { addr[$1] = $2; next }
		{ printf "ip netns exec bench%s-%s traceroute -n -q 1 -w 1 %s\n", n, $1, addr[$2] }' \
		"$OUT/hosts-$n.txt" "$OUT/tracepairs-$n.txt" >"$OUT/traceroute-$n.sh"
	awk -v n="$n" '$1 == n { s += $4 } END { printf "trace %d %.2f 0\n", n, s }' \
		"$OUT/trace-pairs.txt" >>"$OUT/times.txt"
	measure traceroute "$n" bash -e "$OUT/traceroute-$n.sh"
	echo "trace $n $(wc -l <"$OUT/tracepairs-$n.txt")" >>"$OUT/pairs.txt"
}

# The same lab with `up --control-plane bird`: the time from the start of
# up to the first `diff` that exits 0 (every BGP speaker's and VM's kernel
# routes are the model's), after the static up of the same run has been
# taken down. bird.txt: "N up_s diff_s total_s".
bird_to_diff() {
	local n=$1 bin=$BRANCHLAB_BENCH_BIN start up_end end
	say "$n sites: branchlab up --control-plane bird until diff exits 0"
	start=$(date +%s.%N)
	measure up-bird "$n" "$bin/branchlab" -v up "$OUT/bench$n.yaml" --control-plane bird
	up_end=$(date +%s.%N)
	"$bin/branchlab" diff "bench$n" --wait "$BIRD_DIFF_WAIT" >"$OUT/diff-bird-$n.out" 2>&1 ||
		{ tail -5 "$OUT/diff-bird-$n.out" >&2; die "diff of bench$n in bird mode did not exit 0 within $BIRD_DIFF_WAIT s"; }
	end=$(date +%s.%N)
	awk -v n="$n" -v s="$start" -v u="$up_end" -v e="$end" \
		'BEGIN { printf "%d %.2f %.2f %.2f\n", n, u - s, e - u, e - s }' >>"$OUT/bird.txt"
	measure down-bird "$n" "$bin/branchlab" down "bench$n"
}

# Run one way's timed script and its down; phases go to phases-WAY-N.txt.
run_script() {
	local n=$1 way=$2
	say "$n sites: $way up/down"
	export BENCH_PHASES=$OUT/phases-$way-$n.txt
	measure "up-$way" "$n" sh "$OUT/$way-timed-$n.sh"
	check_counts "$n" "$way"
	measure "down-$way" "$n" sh "$OUT/$way-down-$n.sh"
}

# BRANCHLAB_BENCH_BIRD_ONLY=1: only up (static), down and the bird-mode
# up to diff 0 of each size.
bird_only() { [[ ${BRANCHLAB_BENCH_BIRD_ONLY:-0} == 1 ]]; }

bench_size() {
	local n=$1 yaml bin=$BRANCHLAB_BENCH_BIN
	yaml=$OUT/bench$n.yaml
	say "$n sites: branchlab up"
	measure up-branchlab "$n" "$bin/branchlab" -v up "$yaml"
	"$bin/tests/bench/bench-count" "bench$n-" >"$OUT/count-branchlab-$n.txt"
	check_counts "$n" branchlab
	if ! bird_only; then
		# trace first: it reads the model up saved; verify's file (the
		# same lab with expectations) has a model of its own.
		say "$n sites: trace, traceroute, verify, ping loop"
		host_addresses "$n"
		trace_pairs "$n"
		verify_pairs "$n"
		ping_loop "$n"
	fi
	say "$n sites: branchlab down"
	measure down-branchlab "$n" "$bin/branchlab" down "bench$n"
	((n > ${BRANCHLAB_BENCH_BIRD_MAX:-100})) || bird_to_diff "$n"
	! bird_only || return 0
	((n > ${BRANCHLAB_BENCH_SCRIPT_MAX:-10})) || run_script "$n" script
	((n > ${BRANCHLAB_BENCH_BATCH_MAX:-100})) || run_script "$n" batch
}

# ExpressRoute-only labs (no tunnels: what the host kernel can run) of
# each of ER_SIZES circuits, the same on the host and in the VM: up,
# trace of 3 pairs each alone, verify of every circuit host <-> spoke VM
# pair, down. WHERE (native or tcg) names the times file, er-WHERE.txt.
er_prepare() {
	local n bin=$BRANCHLAB_BENCH_BIN/tests/bench spokes
	for n in "${ER_SIZES[@]}"; do
		"$bin/bench-gen" "$n" "er$n" --er-only --expect >"$OUT/er$n.yaml"
		spokes=$((n / 20 ? n / 20 : 1))
		printf 'eh0 vm-spoke0\neh%d vm-spoke%d\nvm-spoke0 eh%d\n' $((n / 2)) \
			$((n / 2 % spokes)) $((n - 1)) >"$OUT/er-tracepairs-$n.txt"
	done
}

er_only() {
	local where=$1 n bin=$BRANCHLAB_BENCH_BIN start
	local TIMES=$OUT/er-$where.txt
	: >"$TIMES"
	for n in "${ER_SIZES[@]}"; do
		say "ExpressRoute only, $n circuits, $where"
		measure "er-up-$where" "$n" "$bin/branchlab" -v up "$OUT/er$n.yaml"
		start=$(date +%s.%N)
		trace_each "$n" "er$n" "$OUT/er-tracepairs-$n.txt"
		awk -v n="$n" -v s="$start" -v e="$(date +%s.%N)" \
			'BEGIN { printf "er-trace-3 %d %.2f 0\n", n, e - s }' >>"$TIMES"
		mv "$OUT/trace-pairs.txt" "$OUT/er-trace-pairs-$where-$n.txt"
		# A failed check is a figure (the report counts the passes), not
		# the end of the run.
		measure "er-verify-$where" "$n" sh -c '"$0" verify "$1" || true' \
			"$bin/branchlab" "$OUT/er$n.yaml"
		measure "er-down-$where" "$n" "$bin/branchlab" down "er$n"
	done
}

# The route model alone, on the host (no lab: model.py), at MODEL_SIZES.
model_alone() {
	say "the route model alone at ${MODEL_SIZES[*]} sites (host)"
	BRANCHLAB_BENCH_BIN=$BRANCHLAB_BENCH_BIN python3 "$ROOT/tests/bench/model.py" \
		--json "$OUT/model.json" "${MODEL_SIZES[@]}" >"$OUT/model.md"
}

# Syscalls behind one branchlab up: netlink sends/receives, processes.
syscalls() {
	local n=$1
	say "$n sites: strace"
	strace -f -c -o "$OUT/strace-branchlab-$n.txt" -e trace=sendmsg,sendto,recvmsg,recvfrom,execve \
		"$BRANCHLAB_BENCH_BIN/branchlab" up "$OUT/bench$n.yaml" >/dev/null 2>&1
	"$BRANCHLAB_BENCH_BIN/branchlab" down "bench$n" >/dev/null
}

# Where the time of up goes: perf samples (kernel and user) by symbol.
profile() {
	local n=$1
	say "$n sites: perf"
	if perf record -q -F 499 -g -o "$OUT/perf-$n.data" \
		"$BRANCHLAB_BENCH_BIN/branchlab" up "$OUT/bench$n.yaml" >/dev/null 2>"$OUT/perf-$n.err"; then
		perf report -i "$OUT/perf-$n.data" --stdio --no-children --sort dso \
			2>/dev/null | grep -E '^ +[0-9.]+%' | awk 'NR <= 6' >"$OUT/perf-dso-$n.txt"
		perf report -i "$OUT/perf-$n.data" --stdio --no-children --sort dso,symbol \
			2>/dev/null | grep -E '^ +[0-9.]+%' | awk 'NR <= 15' >"$OUT/perf-$n.txt"
		# branchlab's own functions with what they cost inside the kernel.
		perf report -i "$OUT/perf-$n.data" --stdio --children --sort symbol \
			--dsos branchlab -g none 2>/dev/null | grep -E '^ +[0-9.]+%' |
			awk 'NR <= 20' >"$OUT/perf-children-$n.txt"
	else
		echo "perf record failed: $(head -1 "$OUT/perf-$n.err")" >"$OUT/perf-$n.txt"
	fi
	"$BRANCHLAB_BENCH_BIN/branchlab" down "bench$n" >/dev/null
	rm -f "$OUT/perf-$n.data"
}

# Issue 4: phases and round trips of up for the reference lab and a
# generated 50-site lab.
reference_labs() {
	local yaml=$OUT/bench50.yaml
	say "round trips: reference lab and 50 sites"
	"$BRANCHLAB_BENCH_BIN/branchlab" -v up "$ROOT/topologies/azure-coexist.yaml" \
		>"$OUT/up-reference.out" 2>&1
	"$BRANCHLAB_BENCH_BIN/branchlab" down coexist >/dev/null
	"$BRANCHLAB_BENCH_BIN/tests/bench/bench-gen" 50 bench50 >"$yaml"
	"$BRANCHLAB_BENCH_BIN/branchlab" -v up "$yaml" >"$OUT/up-sites50.out" 2>&1
	"$BRANCHLAB_BENCH_BIN/branchlab" down bench50 >/dev/null
}

# The cost of one `ip` process that sends one request, alone: what the
# scripts' estimates charge per process.
ip_process_cost() {
	local ns=bench-ipcost i start
	ip netns add "$ns"
	start=$(date +%s.%N)
	for ((i = 0; i < 100; i++)); do ip -n "$ns" link set lo up; done
	awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print "ip_process", (e - s) / 100 }' >>"$OUT/calibration.txt"
	ip netns del "$ns"
}

inner() {
	local n
	[[ $(id -u) -eq 0 ]] || die "must run as root"
	# up raises its soft open-file limit (3 per namespace: 9,500 for
	# 1000 sites); the VM's hard limit may be lower.
	ulimit -Hn 65536
	: >"$OUT/times.txt"
	: >"$OUT/objects.txt"
	: >"$OUT/pairs.txt"
	: >"$OUT/calibration.txt"
	: >"$OUT/bird.txt"
	: >"$OUT/trace-pairs.txt"
	{ uname -r; [[ -n ${BRANCHLAB_IN_VM:-} ]] && echo "QEMU TCG guest" || echo host; } >"$OUT/kernel.txt"
	grep MemTotal /proc/meminfo >>"$OUT/kernel.txt"
	nproc >>"$OUT/kernel.txt"
	date -u +%FT%TZ >"$OUT/started.txt"
	ip_process_cost
	# The ER-only labs again, under TCG (the host ran them natively).
	bird_only || [[ -z ${BRANCHLAB_IN_VM:-} ]] || er_only tcg
	: >"$OUT/trace-pairs.txt"
	for n in "$@"; do
		bench_size "$n"
		# The extras after 100 sites (or the largest below 1000): the
		# largest size last, its figures are the ones that may not fit.
		bird_only && continue
		if ((n == 100)) || { ((n < 1000)) && [[ $n == "${*: -1}" ]]; }; then
			reference_labs
			syscalls "$n"
			profile "$n"
		fi
	done
	ip_process_cost
	# What the kernel complained about (a full neighbour table drops pings).
	dmesg | grep -E 'table overflow|Out of memory|hung task' | sort | uniq -c >"$OUT/dmesg.txt" || true
	date -u +%FT%TZ >"$OUT/finished.txt"
	say "measurements done"
}

main() {
	local sizes=("$@") max=0 n
	REPORT=${BRANCHLAB_BENCH_REPORT:-$ROOT/docs/benchmarks.md}
	if [[ ${1:-} == --inner ]]; then
		shift
		inner "$@"
		return
	fi
	[[ ${#sizes[@]} -gt 0 ]] || sizes=(10 100 1000)
	mapfile -t sizes < <(printf '%s\n' "${sizes[@]}" | sort -n)
	"$ROOT/ci/setup.sh" >/dev/null
	build
	rm -rf "$OUT"
	mkdir -p "$OUT"
	export BRANCHLAB_BENCH_BIN
	for n in "${sizes[@]}"; do
		prepare "$n"
		((n > max)) && max=$n
	done
	git -C "$ROOT" log -1 --format='%h %s' >"$OUT/commit.txt" 2>/dev/null || true
	git -C "$ROOT" status --porcelain -uno | grep -q . && echo "(with uncommitted changes)" >>"$OUT/commit.txt"
	date -u +%FT%TZ >"$OUT/host-started.txt"
	if ! bird_only; then
		model_alone
		er_prepare
		er_only native
	fi
	if kernel_has_esp; then
		inner "${sizes[@]}"
	else
		say "the host kernel has no ESP: measuring inside the test VM"
		"$ROOT/ci/vm-run" --mem "${BRANCHLAB_BENCH_MEM:-$((max > 100 ? 10240 : 2048))}" \
			--timeout 7200 -- "$ROOT/tests/bench/run.sh" --inner "${sizes[@]}"
	fi
	python3 "$ROOT/tests/bench/report.py" "$OUT" "$REPORT"
	say "wrote $REPORT"
}

main "$@"
