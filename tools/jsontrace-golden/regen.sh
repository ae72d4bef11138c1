#!/usr/bin/env bash
# Records Go's Chrome Trace Event JSON (`go tool trace`'s /jsontrace, the proc view its trace
# viewer loads) for fixture traces, as goldens for `gotrace perfetto --format chrome-json`.
#
# Usage: tools/jsontrace-golden/regen.sh [FIXTURE...]   (default: the list in fixtures.txt)
# Needs Go 1.27 (GO=/path/to/go, else /work/shared/tools/get-go.sh --bin 1.27) and curl.
# Writes packages/perfetto/__fixtures__/jsontrace/<fixture>.json.gz and go-version.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/packages/perfetto/__fixtures__/jsontrace"
GO="${GO:-$(/work/shared/tools/get-go.sh --bin 1.27)}"
export GOTOOLCHAIN=local
mkdir -p "$out"

if [ "$#" -gt 0 ]; then names=("$@"); else mapfile -t names < <(grep -v '^#' "$here/fixtures.txt" | grep .); fi

"$GO" version > "$out/go-version.txt"
for name in "${names[@]}"; do
  trace="$root/packages/conformance/fixtures/traces/$name.trace"
  [ -f "$trace" ] || { echo "no fixture $name" >&2; exit 1; }
  # A free port: bind to 0 and read what the kernel chose.
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  log="$(mktemp)"
  "$GO" tool trace -http="127.0.0.1:$port" "$trace" >"$log" 2>&1 &
  pid=$!
  ok=""
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$port/jsontrace" -o "$out/$name.json"; then ok=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$ok" ]; then echo "$name: go tool trace served no /jsontrace:" >&2; cat "$log" >&2; rm -f "$log"; exit 1; fi
  rm -f "$log"
  gzip -9nf "$out/$name.json"
  echo "$name: $(stat -c %s "$out/$name.json.gz") bytes"
done
