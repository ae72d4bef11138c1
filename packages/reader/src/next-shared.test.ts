// nextShared(): the same events as next(), in one refilled object.
import { fixtures, readBytes, samplePath } from "@gotrace/conformance";
import { expect, test } from "vitest";
import { formatEvent } from "./event/format.js";
import { TraceReader } from "./reader.js";

function lines(bytes: Uint8Array, shared: boolean, chunk: number): { out: string[]; objects: Set<object> } {
  const r = new TraceReader();
  const out: string[] = [];
  const objects = new Set<object>();
  const drain = () => {
    for (let ev = shared ? r.nextShared() : r.next(); ev !== null; ev = shared ? r.nextShared() : r.next()) {
      out.push(formatEvent(ev));
      objects.add(ev);
    }
  };
  for (let i = 0; i < bytes.length; i += chunk) {
    r.push(bytes.subarray(i, i + chunk));
    drain();
  }
  r.finish();
  drain();
  return { out, objects };
}

const picks = [
  samplePath(),
  ...fixtures()
    .filter((f) => f.header >= 22 && f.expect.ok)
    .slice(0, 6)
    .map((f) => f.tracePath),
];

test.each(picks)("%s: nextShared gives next()'s events in one object", (path) => {
  const bytes = readBytes(path);
  const plain = lines(bytes, false, 1 << 20);
  const shared = lines(bytes, true, 4096);
  expect(shared.out).toEqual(plain.out);
  expect(shared.objects.size).toBe(1);
  expect(plain.objects.size).toBe(plain.out.length);
});
