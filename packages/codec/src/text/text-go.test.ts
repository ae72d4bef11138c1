// Text → binary against Go 1.27.3 itself: every case of
// __fixtures__/text-cases.jsonl was run through Go's raw TextReader + Writer
// (__fixtures__/gen-go-text.mjs) and __fixtures__/text-go.jsonl holds the
// bytes Go wrote or the error it gave. Ours must give the same, whole or fed
// in chunks of any size.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TraceError } from "../errors/trace-error.js";
import { GO_TOKEN_TOO_LONG } from "./line-source.js";
import { textEventNames } from "./event-names.js";
import { TextToBinary, textToBinary } from "./text-to-binary.js";
import type { TextReaderOptions } from "./text-reader.js";

interface Case {
  name: string;
  text: string;
  pad?: { n: number; ch: string };
}
interface GoOutcome {
  name: string;
  hex?: string;
  length?: number;
  sha256?: string;
  error?: string;
}

const fixtures = join(import.meta.dirname, "__fixtures__");
const jsonl = <T>(file: string): T[] =>
  readFileSync(join(fixtures, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);

const cases = jsonl<Case>("text-cases.jsonl");
const [meta, ...outcomes] = jsonl<GoOutcome & { generator?: string }>("text-go.jsonl");
const goOutcome = new Map(outcomes.map((o) => [o.name, o]));

/** The case's text with its "@PAD@" marker expanded, as the generator does. */
const caseText = (c: Case) => (c.pad ? c.text.replace("@PAD@", c.pad.ch.repeat(c.pad.n)) : c.text);

type Outcome = { bytes: Uint8Array } | { error: TraceError };

function convert(text: string, options: TextReaderOptions, chunk?: number): Outcome {
  try {
    if (chunk === undefined) return { bytes: textToBinary(text, options) };
    const t = new TextToBinary(options);
    const parts: Uint8Array[] = [];
    for (let at = 0; at < text.length; at += chunk) parts.push(t.push(text.slice(at, at + chunk)));
    parts.push(t.finish());
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return { bytes: out };
  } catch (err) {
    if (!TraceError.isInstance(err)) throw err;
    return { error: err };
  }
}

function expectGo(got: Outcome, go: GoOutcome): void {
  if (go.error !== undefined) {
    expect("error" in got ? got.error.goMessage : "no error").toBe(go.error);
    if ("error" in got) {
      expect(got.error.code).toBe("E_TEXT");
      expect(got.error.line).toBeGreaterThanOrEqual(1);
    }
    return;
  }
  expect("error" in got ? got.error.message : "ok").toBe("ok");
  if (!("bytes" in got)) return;
  if (go.hex !== undefined) expect(Buffer.from(got.bytes).toString("hex")).toBe(go.hex);
  else {
    expect(got.bytes.length).toBe(go.length);
    expect(createHash("sha256").update(got.bytes).digest("hex")).toBe(go.sha256);
  }
}

describe("text → binary: the same bytes or error as Go 1.27's reader and writer", () => {
  it("has Go's outcome for every case", () => {
    expect(meta?.generator).toMatch(/^go version go1\.27\./);
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(cases.map((c) => c.name).sort()).toEqual([...goOutcome.keys()].sort());
  });

  for (const c of cases) {
    const go = goOutcome.get(c.name) as GoOutcome;
    const text = caseText(c);
    it(`${c.name}${go.error !== undefined ? ` → ${go.error.slice(0, 80)}` : ""}`, () => {
      // Go 1.27 exactly: its line limit and its event table.
      const exact = { goLineLimit: true, strictGo127: true };
      expectGo(convert(text, exact), go);
      // Chunking changes nothing: lines and events may be split anywhere.
      if (text.length < 5000) for (const chunk of [1, 2, 7]) expectGo(convert(text, exact, chunk), go);
      else expectGo(convert(text, exact, 4093), go);
      const relaxed = convert(text, {});
      if (go.error === GO_TOKEN_TOO_LONG) {
        // By default long lines are read: only Go's scanner limit stood in the way.
        expect("bytes" in relaxed).toBe(true);
      } else if (go.error?.startsWith("unidentified event: ") && "bytes" in relaxed) {
        // By default the writing release's names are read too (see TextReaderOptions.strictGo127).
        const name = go.error.slice("unidentified event: ".length);
        const version = Number(/Trace\s+Go1\.0*(\d+)/.exec(text)?.[1]);
        expect(textEventNames(version, true).has(name)).toBe(true);
        expect(textEventNames(version, false).has(name)).toBe(false);
      } else {
        expectGo(relaxed, go);
      }
    });
  }
});

describe("Go's 64 KiB line limit, lifted by default", () => {
  it("reads a String whose data line is longer than Go can scan", () => {
    const c = cases.find((x) => x.name === "l-65536") as Case;
    const got = convert(caseText(c), {});
    expect("bytes" in got).toBe(true);
    if (!("bytes" in got)) return;
    // The 65529 data bytes follow the header, the type byte, id=1 and the 3-byte length.
    expect(got.bytes.length).toBe(16 + 1 + 1 + 3 + 65529);
    expect(got.bytes.subarray(21).every((b) => b === 0x61)).toBe(true);
  });

  it("reports the offending line", () => {
    const c = cases.find((x) => x.name === "l-comment-65536") as Case;
    const got = convert(caseText(c), { goLineLimit: true });
    expect("error" in got && got.error.line).toBe(2);
  });
});
