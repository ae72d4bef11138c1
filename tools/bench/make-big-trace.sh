#!/usr/bin/env bash
# make-big-trace.sh [OUT]: write a big alloc/free trace for benchmarks; kept
# for its existing callers, it is now `make-trace.sh allocfree [OUT]`.
#
# Builds tools/fixtures/progs/bigalloc with Go 1.27 and runs it with
# GODEBUG=traceallocfree=1, which writes a go 1.26-format trace of about
# 130 MB (nearly all HeapObjectAlloc/HeapObjectFree events) in a few seconds.
# OUT defaults to tools/bench/out/big-allocfree.trace (git-ignored).
#
# The trace is checked with Go 1.27's `go tool trace -d=parsed` and rewritten
# if rejected (see make-trace.sh). GOTRACE_BIG_NOCHECK=1 skips the check.
# GOTRACE_BIG_ROUNDS scales the size (default 110 rounds ≈ 130 MB; about
# 1.2 MB per round). GOTRACE_BIG_PROGRAM=bigsched writes instead the "sched"
# kind (tools/bench/progs/sched, formerly tools/fixtures/progs/bigsched): a
# trace without alloc/free events, dominated by scheduling (about 110 MB).
# Any other kind of make-trace.sh may be named there too.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/out/big-allocfree.trace}
program=${GOTRACE_BIG_PROGRAM:-bigalloc}
unset GOTRACE_BIG_PROGRAM
case $program in
  bigalloc) kind=allocfree ;;
  bigsched) kind=sched ;;
  *) kind=$program ;;
esac
exec bash "$here/make-trace.sh" "$kind" "$out"
