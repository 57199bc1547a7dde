#!/usr/bin/env bash
# Runs every Go benchmark of the project — each package that has a
# `func Benchmark…` in a _test.go file, found afresh on every run so that
# benchmarks added later are included — and writes the raw `go test` output
# (benchstat's input format) to bench/out/ (gitignored):
#
#   bench/out/bench-YYYYmmdd-HHMMSS.txt   this run
#   bench/out/latest.txt                  a copy of the last run
#
# Usage:
#   bash bench/run.sh                         # all packages, one core, 1s per benchmark
#   BENCHTIME=3x COUNT=5 bash bench/run.sh    # 3 iterations, 5 repetitions (for benchstat)
#   CPU=1,2 bash bench/run.sh                 # one core and two
#   PKGS="./memoryless ./montecarlo" BENCH=Seq bash bench/run.sh
#   benchstat bench/out/old.txt bench/out/latest.txt
#
# Defaults: CPU=1 (the issues state costs per core), BENCHTIME=1s, COUNT=1,
# BENCH=. (all). Extra `go test` flags go in GOTESTFLAGS (for instance
# GOTESTFLAGS=-frontier.prompts=100000 with PKGS=./frontier; bench/frontier.sh
# is the full end-to-end benchmark of that command). The heaviest benchmarks
# (exact seq at K = 3, m = 2000 and K = 4, m = 300) take about a second per
# iteration and a few hundred MB.
set -euo pipefail
cd "$(dirname "$0")/.."

CPU=${CPU:-1}
BENCHTIME=${BENCHTIME:-1s}
COUNT=${COUNT:-1}
BENCH=${BENCH:-.}
GOTESTFLAGS=${GOTESTFLAGS:-}

if [ -z "${PKGS:-}" ]; then
	PKGS=$(grep -rl --include='*_test.go' '^func Benchmark' . |
		xargs -n1 dirname | sort -u | grep -v '/testdata' | tr '\n' ' ')
fi
if [ -z "$PKGS" ]; then
	echo "bench/run.sh: no benchmarks found" >&2
	exit 1
fi

mkdir -p bench/out
OUT="bench/out/bench-$(date +%Y%m%d-%H%M%S).txt"
{
	echo "# tiltkit benchmarks $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "# go: $(go version)"
	echo "# host: $(uname -srm), $(nproc) CPUs visible"
	echo "# flags: -cpu $CPU -benchtime $BENCHTIME -count $COUNT -bench '$BENCH' $GOTESTFLAGS"
} >"$OUT"

status=0
for pkg in $PKGS; do
	echo "== $pkg" >&2
	# shellcheck disable=SC2086 # GOTESTFLAGS is a list of flags
	if ! go test "$pkg" -run '^$' -bench "$BENCH" -benchmem \
		-cpu "$CPU" -benchtime "$BENCHTIME" -count "$COUNT" $GOTESTFLAGS 2>&1 | tee -a "$OUT" >&2; then
		echo "bench/run.sh: $pkg failed" >&2
		status=1
	fi
done
cp "$OUT" bench/out/latest.txt
echo "wrote $OUT" >&2
exit $status
