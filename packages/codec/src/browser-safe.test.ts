// The codec runs in browsers: no Node built-ins in anything it ships, and it
// reads web ReadableStreams.
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { goTestdataDir } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { formatRawEvent } from "./text/format-event.js";
import { rawEvents, rawEventsFromStream } from "./wire/streams.js";

const src = new URL(".", import.meta.url).pathname;

function shipped(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "__fixtures__" ? [] : shipped(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("browser safety", () => {
  it("imports no node: modules (or bare Node built-ins) outside tests", () => {
    const files = shipped(src);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.filter((f) =>
      /from\s+["'](node:|fs["']|path["']|stream["']|buffer["']|zlib["'])/.test(readFileSync(f, "utf8")),
    );
    expect(offenders.map((f) => relative(src, f))).toEqual([]);
  });

  it("decodes a web ReadableStream chunk by chunk, as from fetch()", async () => {
    const bytes = new Uint8Array(
      readFileSync(join(goTestdataDir(), "golden-go1.27", "tests", "go122-gc-stress.trace")),
    );
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
        controller.close();
      },
    });
    const streamed: string[] = [];
    for await (const ev of rawEventsFromStream(stream)) streamed.push(formatRawEvent(ev));
    const whole: string[] = [];
    for (const ev of rawEvents(bytes)) whole.push(formatRawEvent(ev)); // the cursor is reused: format it now
    expect(streamed.length).toBeGreaterThan(1000);
    expect(streamed).toEqual(whole);
  });
});
