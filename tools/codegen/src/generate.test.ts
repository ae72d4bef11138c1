// The generator is real: the committed codec is exactly what the spec
// generates, the table keeps Go's invariants, and an event added to a copy
// of the spec comes out as a codec that decodes and encodes it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generate, loadSpec, validateSpec, writeGenerated } from "./index.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..", "..");
const specDir = join(repo, "spec");
const codecSrc = join(repo, "packages", "codec", "src");

describe("the spec", () => {
  const spec = loadSpec(specDir);

  it("holds every event of Go 1.27's table", () => {
    // 52 core events (1-52) and 9 AllocFree events (128-136), as tracev2/events.go has them.
    expect(spec.events.filter((e) => e.type <= 52)).toHaveLength(52);
    expect(spec.events.filter((e) => e.experiment === 1).map((e) => e.type)).toEqual([
      128, 129, 130, 131, 132, 133, 134, 135, 136,
    ]);
  });

  it("keeps the table's invariants", () => {
    expect(validateSpec(spec)).toEqual([]);
  });

  it("catches a broken invariant", () => {
    const broken = {
      ...spec,
      events: spec.events.map((e) => (e.name === "GoBlock" ? { ...e, stringArgs: [] } : e)),
    };
    expect(validateSpec(broken)).toEqual(["event 20 (GoBlock): reason_string and -go-string-args disagree"]);
  });

  it("generates exactly the committed codec files", () => {
    for (const [name, code] of generate(specDir)) {
      expect(readFileSync(join(codecSrc, "gen", name), "utf8"), name).toBe(code);
    }
  });
});

describe("a made-up event added to a copy of the spec", () => {
  const work = mkdtempSync(join(here, "..", ".tmp-gen-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("comes out as a codec that decodes and encodes it", async () => {
    const spec = join(work, "spec");
    const src = join(work, "src");
    cpSync(specDir, spec, { recursive: true });
    cpSync(codecSrc, src, { recursive: true });
    const eventsKsy = join(spec, "go_trace_events.ksy");
    let events = readFileSync(eventsKsy, "utf8");
    events = events.replace(
      "  stack_frame:\n",
      [
        "  ev_made_up:",
        "    doc: An event that Go does not have, to prove the generator.",
        "    -go-name: MadeUp",
        '    -go-since: "1.99"',
        "    -go-timed: true",
        "    -go-string-args: [label_string]",
        "    seq:",
        "      - id: dt",
        "        type: uvarint",
        "      - id: size_value",
        "        type: uvarint",
        "      - id: label_string",
        "        type: uvarint",
        "  stack_frame:",
        "",
      ].join("\n"),
    );
    events = events.replace(
      "            ev_type::goroutine_stack_free: ev_goroutine_stack_free\n",
      "            ev_type::goroutine_stack_free: ev_goroutine_stack_free\n            ev_type::made_up: ev_made_up\n",
    );
    events = `${events.trimEnd()}\n    137:\n      id: made_up\n`;
    writeFileSync(eventsKsy, events);
    const traceKsy = join(spec, "go_trace.ksy");
    writeFileSync(
      traceKsy,
      readFileSync(traceKsy, "utf8").replace("raw-last-event: goroutine_stack_free", "raw-last-event: made_up"),
    );

    writeGenerated(spec, join(src, "gen"));
    const codec = (await import(
      /* @vite-ignore */ join(src, "index.ts")
    )) as typeof import("../../../packages/codec/src/index.js");

    const madeUp = codec.EVENT_SPECS[137];
    expect(madeUp?.name).toBe("MadeUp");
    expect(madeUp?.args).toEqual(["dt", "size_value", "label_string"]);
    expect(madeUp?.stringArgs).toEqual([2]);

    // go 1.26 header, then MadeUp dt=3 size_value=300 label_string=7.
    const bytes = new Uint8Array([...codec.encodeHeader(26), 137, 3, 0xac, 0x02, 7]);
    const decoder = new codec.RawDecoder();
    decoder.push(bytes);
    decoder.finish();
    const ev = decoder.next();
    expect(ev?.name).toBe("MadeUp");
    expect(codec.formatRawEvent(ev!)).toBe("MadeUp dt=3 size_value=300 label_string=7");
    const typed = codec.toTypedEvent(ev!) as unknown as Record<string, unknown>;
    expect(typed).toEqual({ kind: "MadeUp", dt: 3, sizeValue: 300, labelString: 7 });

    const w = new codec.ByteWriter();
    w.bytes(codec.encodeHeader(26));
    codec.writeTypedEvent(w, typed as never);
    expect(w.finish()).toEqual(bytes);

    // The unchanged codec refuses the byte, as Go 1.27 does.
    const real = await import("../../../packages/codec/src/index.js");
    const plain = new real.RawDecoder();
    plain.push(bytes);
    plain.finish();
    expect(() => plain.next()).toThrow(/invalid event type 137/);
  });
});
