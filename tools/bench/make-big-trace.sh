#!/usr/bin/env bash
# make-big-trace.sh [OUT]: write a big alloc/free trace for benchmarks.
#
# Builds tools/fixtures/progs/bigalloc with Go 1.27 and runs it with
# GODEBUG=traceallocfree=1, which writes a go 1.26-format trace of about
# 130 MB (nearly all HeapObjectAlloc/HeapObjectFree events) in a few seconds.
# OUT defaults to tools/bench/out/big-allocfree.trace (git-ignored).
#
# Go 1.27's runtime sometimes writes alloc/free traces its own reader rejects
# (see packages/conformance/README.md), so the trace is checked with Go 1.27's
# `go tool trace -d=parsed` (about 30 s) and rewritten if it is rejected.
# GOTRACE_BIG_NOCHECK=1 skips the check. GOTRACE_BIG_ROUNDS scales the size
# (default 110 rounds ≈ 130 MB; about 1.2 MB per round).
# GOTRACE_BIG_PROGRAM=bigsched writes instead a trace without alloc/free events,
# dominated by scheduling (about 110 MB), with the default size of that program.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/out/big-allocfree.trace}
rounds=${GOTRACE_BIG_ROUNDS:-110}
program=${GOTRACE_BIG_PROGRAM:-bigalloc}
work=${GOTRACE_FIXTURES_WORK:-$root/tools/fixtures/out}
get_go=${GET_GO:-$root/../shared/tools/get-go.sh}

export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPATH=$work/gopath GOCACHE=$work/gocache GOPROXY=off
unset GODEBUG GOEXPERIMENT
go=$("$get_go" --bin 1.27)
mkdir -p "$work/bin/go1.27" "$work/tools" "$(dirname "$out")"
bin=$work/bin/go1.27/$program
(cd "$root/tools/fixtures/progs" && "$go" build -trimpath -o "$bin" "./$program")

tool=
if [ "${GOTRACE_BIG_NOCHECK:-}" != 1 ]; then
  tool=$work/tools/trace-go1.27
  if [ ! -x "$tool" ] || [ "$tool" -ot "$go" ]; then
    (cd "$work" && "$go" build -o "$tool" cmd/trace)
  fi
fi

for try in 1 2 3; do
  start=$(date +%s.%N)
  if [ "$program" = bigalloc ]; then
    GODEBUG=traceallocfree=1 "$bin" -rounds="$rounds" "$out"
  else
    "$bin" "$out"
  fi
  end=$(date +%s.%N)
  size=$(stat -c %s "$out")
  echo "make-big-trace: $out: $size bytes in $(awk "BEGIN { printf \"%.1f\", $end - $start }") s ($("$go" env GOVERSION))" >&2
  [ -z "$tool" ] && exit 0
  if "$tool" -d=parsed "$out" >/dev/null 2>"$out.err"; then
    rm -f "$out.err"
    echo "make-big-trace: accepted by Go 1.27 -d=parsed" >&2
    exit 0
  fi
  echo "make-big-trace: rejected by Go 1.27 -d=parsed (try $try): $(head -n1 "$out.err")" >&2
done
echo "make-big-trace: no accepted trace in 3 tries; leaving the last one" >&2
exit 1
