#!/usr/bin/env bash
# make-trace.sh KIND [OUT]: write one kind of benchmark trace.
#
# Builds the kind's Go program with the kind's Go release, runs it with the
# kind's GODEBUG and writes OUT (default tools/bench/out/KIND.trace; the
# directory is git-ignored), plus OUT.meta, one line of JSON saying which Go
# wrote it (read by run.mjs). The kinds, each 50 MB or more with the defaults:
#
#   sched        Go 1.27  progs/sched: goroutine pairs over unbuffered channels (~110 MB)
#   nethttp      Go 1.27  progs/nethttp: net/http server and clients over loopback (~65 MB)
#   annotations  Go 1.25  progs/annotations: nested tasks, regions, logs (~85 MB; the
#                         go 1.25 format, which ends generations with spill batches)
#   gcassist     Go 1.27  progs/gcassist: hundreds of allocating goroutines, GOGC=10,
#                         constant GC and mark assists (60-140 MB)
#   leak         Go 1.27  progs/leak, GODEBUG=traceallocfree=1: a leaking program whose
#                         live heap passes 4 million objects (~150 MB)
#   flightrec    Go 1.27  progs/flightrec: a job queue's workers (mutex, timers, select,
#                         pipe writes, helper goroutines) under runtime/trace's flight
#                         recorder, whose window is written at the end (~60 MB: a trace
#                         that starts mid-program, in a few large generations)
#   allocfree    Go 1.27  tools/fixtures/progs/bigalloc, GODEBUG=traceallocfree=1 (~130 MB;
#                         GOTRACE_BIG_ROUNDS rounds, default 110, about 1.2 MB each)
#
# progs/ is tools/bench/progs (module gotrace.local/bench, standard library only).
# Environment:
#   GOTRACE_TRACE_ARGS   arguments for the program instead of the kind's defaults,
#                        e.g. the size knob: GOTRACE_TRACE_ARGS=-requests=20000
#   GOTRACE_BIG_PROGRAM  another program for the kind: a directory name under
#                        tools/bench/progs or tools/fixtures/progs (e.g. bigalloc)
#   GOTRACE_BIG_NOCHECK=1  skip the check below
#
# How big a kind's trace comes out depends on the machine: gcassist writes
# about 14 MB on a quiet machine and 140 MB on a busy one, because GC cycles
# (and so its events) come per unit of time. The bench's kinds must be 50 MB
# or more, so a trace under that is written again with the kind's size knob
# scaled up by the shortfall (unless GOTRACE_TRACE_ARGS, GOTRACE_BIG_ROUNDS or
# GOTRACE_BIG_PROGRAM choose the arguments).
#
# Go's runtime sometimes writes traces its own reader rejects (see
# packages/conformance/README.md), so every trace is checked with Go 1.27's
# `go tool trace -d=parsed` (tens of seconds) and rewritten if rejected, up to
# three tries.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
kind=${1:?usage: make-trace.sh KIND [OUT]  (KIND: sched nethttp annotations gcassist leak flightrec allocfree)}
out=${2:-$here/out/$kind.trace}
work=${GOTRACE_FIXTURES_WORK:-$root/tools/fixtures/out}
get_go=${GET_GO:-$root/../shared/tools/get-go.sh}

# Per kind: Go release, GODEBUG, module directory, package, default arguments,
# and the size knob: the flag that scales the trace, and its default.
godebug=
case $kind in
  sched) version=1.27 module=$here/progs pkg=sched args= knob=rounds knobDefault=400000 ;;
  nethttp) version=1.27 module=$here/progs pkg=nethttp args= knob=requests knobDefault=140000 ;;
  annotations) version=1.25 module=$here/progs pkg=annotations args= knob=requests knobDefault=180000 ;;
  gcassist) version=1.27 module=$here/progs pkg=gcassist args= knob=allocs knobDefault=12000 ;;
  leak) version=1.27 godebug=traceallocfree=1 module=$here/progs pkg=leak args= knob=requests knobDefault=850000 ;;
  flightrec) version=1.27 module=$here/progs pkg=flightrec args= knob=jobs knobDefault=10000000 ;;
  allocfree)
    version=1.27 godebug=traceallocfree=1 module=$root/tools/fixtures/progs pkg=bigalloc
    args= knob=rounds knobDefault=110
    # A size asked for is kept, however small (run.mjs asks for a quarter-size one).
    if [ -n "${GOTRACE_BIG_ROUNDS:-}" ]; then args=-rounds=$GOTRACE_BIG_ROUNDS knob=; fi
    ;;
  *)
    echo "make-trace: unknown kind $kind (sched nethttp annotations gcassist leak flightrec allocfree)" >&2
    exit 2
    ;;
esac
if [ -n "${GOTRACE_BIG_PROGRAM:-}" ]; then
  pkg=$GOTRACE_BIG_PROGRAM args= knob=
  if [ -d "$here/progs/$pkg" ]; then module=$here/progs; else module=$root/tools/fixtures/progs; fi
fi
if [ -n "${GOTRACE_TRACE_ARGS:-}" ]; then
  args=$GOTRACE_TRACE_ARGS knob=
elif [ -n "$knob" ]; then
  # The kinds with a knob have no other default arguments.
  args="-$knob=$knobDefault"
fi
# The bench's kinds are 50 MB or more (see above).
min_size=50000000
# Every program takes OUT as its last argument, except leak, which takes -o OUT.
outargs=("$out")
[ "$pkg" = leak ] && outargs=(-o "$out")
if [ ! -d "$module/$pkg" ]; then
  echo "make-trace: $module/$pkg is missing (set GOTRACE_BIG_PROGRAM to use another program for $kind)" >&2
  exit 1
fi

export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPATH=$work/gopath GOCACHE=$work/gocache GOPROXY=off
unset GODEBUG GOEXPERIMENT
go=$("$get_go" --bin "$version")
goversion=$("$go" env GOVERSION)
mkdir -p "$work/bin/go$version" "$work/tools" "$(dirname "$out")"
bin=$work/bin/go$version/bench-$kind-$pkg
(cd "$module" && "$go" build -trimpath -o "$bin" "./$pkg")

tool=
if [ "${GOTRACE_BIG_NOCHECK:-}" != 1 ]; then
  go127=$("$get_go" --bin 1.27)
  tool=$work/tools/trace-go1.27
  if [ ! -x "$tool" ] || [ "$tool" -ot "$go127" ]; then
    (cd "$work" && "$go127" build -o "$tool" cmd/trace)
  fi
fi

rm -f "$out.meta"
for try in 1 2 3; do
  start=$(date +%s.%N)
  # $args is a list of words on purpose.
  # shellcheck disable=SC2086
  GODEBUG=$godebug "$bin" $args "${outargs[@]}"
  end=$(date +%s.%N)
  size=$(stat -c %s "$out")
  echo "make-trace: $kind: $out: $size bytes in $(awk "BEGIN { printf \"%.1f\", $end - $start }") s ($goversion${godebug:+, GODEBUG=$godebug})" >&2
  if [ -n "$knob" ] && [ "$size" -lt "$min_size" ] && [ "$try" -lt 3 ]; then
    # Scale the knob by the shortfall, with a fifth to spare (at most 10x a try).
    knobDefault=$(awk "BEGIN { f = 1.2 * $min_size / ($size > 0 ? $size : 1); if (f > 10) f = 10; printf \"%d\", $knobDefault * f + 1 }")
    args="-$knob=$knobDefault"
    echo "make-trace: $kind: under $min_size bytes; again with -$knob=$knobDefault" >&2
    continue
  fi
  ok=1
  if [ -n "$tool" ]; then
    if "$tool" -d=parsed "$out" >/dev/null 2>"$out.err"; then
      rm -f "$out.err"
      echo "make-trace: $kind: accepted by Go 1.27 -d=parsed" >&2
    else
      echo "make-trace: $kind: rejected by Go 1.27 -d=parsed (try $try): $(head -n1 "$out.err")" >&2
      ok=
    fi
  fi
  if [ -n "$ok" ]; then
    printf '{"kind":"%s","go":"%s","godebug":"%s","program":"%s","args":"%s"}\n' \
      "$kind" "$goversion" "$godebug" "${module#"$root"/}/$pkg" "$args" >"$out.meta"
    exit 0
  fi
done
echo "make-trace: $kind: no accepted trace in 3 tries; leaving the last one" >&2
exit 1
