#!/usr/bin/env bash
# Regenerates the Go-produced fixtures of packages/codec/src/gofmt/__fixtures__ by running
# each oracle program (kept as *.go.txt so that no Go tooling treats them as sources) with
# Go 1.27. Usage: bash tools/unicode/oracles/run.sh   (needs ../shared/tools/get-go.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out="$repo/packages/codec/src/gofmt/__fixtures__"
GO=${GO:-$("$repo/../shared/tools/get-go.sh" --bin 1.27)}
export GOTOOLCHAIN=local GOCACHE=${GOCACHE:-/tmp/gocache} GOPATH=${GOPATH:-/tmp/gopath} GOFLAGS=
"$GO" version | grep -q 'go1\.27\.3 ' || { echo "need Go 1.27.3, have: $("$GO" version)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A target=(
  [isprint]=isprint-ranges.txt
  [quote]=quote.jsonl
  [unquote]=unquote.jsonl
  [float]=float-fixed2.txt
  [sortfunc]=sortfunc.jsonl
  [tabwriter]=tabwriter.jsonl
)
mkdir -p "$out"
for name in "${!target[@]}"; do
  cp "$here/$name.go.txt" "$work/$name.go"
  "$GO" run "$work/$name.go" >"$out/${target[$name]}"
  echo "wrote ${target[$name]}"
done
