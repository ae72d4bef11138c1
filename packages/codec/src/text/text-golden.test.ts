// The text format against Go's own data in ../shared/go-testdata: Go's golden
// .test traces and the binaries Go 1.27 made from them, Go's -d=wire output
// for every golden binary, and the edge-case texts with Go's results.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { goTestdataDir } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { TraceError } from "../errors/trace-error.js";
import { RawDecoder } from "../wire/raw-decoder.js";
import { RawEncoder } from "../wire/raw-encoder.js";
import { textToBinary } from "./text-to-binary.js";
import { BinaryToText, binaryToText } from "./text-writer.js";

const data = goTestdataDir();
const golden = join(data, "golden-go1.27");
const read = (path: string) => new Uint8Array(readFileSync(path));

/** The files of a txtar archive (golang.org/x/tools/txtar rules: "-- name --" marker lines). */
function txtar(text: string): Map<string, string> {
  const files = new Map<string, string>();
  const marker = /^-- (.+) --$/gm;
  const found = [...text.matchAll(marker)];
  found.forEach((m, i) => {
    const start = m.index + m[0].length + 1;
    const end = i + 1 < found.length ? (found[i + 1]?.index as number) : text.length;
    files.set((m[1] as string).trim(), text.slice(start, end));
  });
  return files;
}

interface GoResult {
  file: string;
  mode: string;
  exit: number | null;
  stderr_first_line: string;
}
const results = readFileSync(join(golden, "results.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as GoResult);
const result = (file: string, mode: string) => results.find((r) => r.file === file && r.mode === mode);

const goTests = readdirSync(join(data, "tests"))
  .filter((f) => f.endsWith(".test"))
  .sort();

describe("Go's golden .test traces (src/internal/trace/testdata/tests)", () => {
  it("are all here", () => {
    expect(goTests.length).toBe(22);
  });

  for (const name of goTests) {
    const base = name.slice(0, -".test".length);
    it(base, () => {
      const archive = txtar(readFileSync(join(data, "tests", name), "utf8"));
      expect([...archive.keys()]).toEqual(["expect", "trace"]);
      const text = archive.get("trace") as string;
      const bytes = read(join(golden, "tests", `${base}.trace`));
      // Go converted the text with its raw TextReader + Writer: the same bytes.
      expect(textToBinary(text)).toEqual(bytes);
      // The corpus is canonical text, so bytes → text gives it back exactly.
      expect(binaryToText(bytes)).toBe(text);
    });
  }
});

/** Every golden binary: tests, fuzz inputs and edge cases. */
const binaries = ["tests", "fuzz", "edge"].flatMap((dir) =>
  readdirSync(join(golden, dir))
    .filter((f) => f.endsWith(".trace"))
    .sort()
    .map((f) => `${dir}/${f}`),
);

/** Go's -d=wire: stdout and the error, through the streaming writer fed in small chunks. */
function wireLike(bytes: Uint8Array, chunk: number): { text: string; error?: string } {
  const w = new BinaryToText();
  let text = "";
  try {
    for (let at = 0; at < bytes.length; at += chunk) text += w.push(bytes.slice(at, at + chunk));
    text += w.finish();
  } catch (err) {
    if (!TraceError.isInstance(err)) throw err;
    return { text, error: err.goMessage };
  }
  return { text };
}

describe("bytes → text matches go tool trace -d=wire on every golden binary", () => {
  it("covers the corpus", () => {
    expect(binaries.length).toBeGreaterThanOrEqual(70);
  });

  for (const file of binaries) {
    it(file, () => {
      const bytes = read(join(golden, file));
      const goOut = readFileSync(join(golden, file.replace(/\.trace$/, ".wire.out")), "utf8");
      const go = result(file, "wire");
      expect(go).toBeDefined();
      for (const chunk of [1, 13, 1 << 20]) {
        const got = wireLike(bytes, chunk);
        if (got.error === undefined) {
          expect(go?.exit).toBe(0);
          // -d=wire prints the events without the "Trace Go1.N" line TextWriter adds.
          const nl = got.text.indexOf("\n");
          expect(got.text.slice(0, nl)).toMatch(/^Trace Go1\.\d+$/);
          expect(got.text.slice(nl + 1)).toBe(goOut);
        } else {
          expect(go?.exit).toBe(1);
          expect(got.error).toBe(go?.stderr_first_line);
          // Events before the error are printed, as Go prints them.
          const body = got.text.slice(got.text.indexOf("\n") + 1);
          expect(got.text === "" ? "" : body).toBe(goOut);
        }
      }
    });
  }
});

/** Re-encodes a binary with minimal varints (what Go's raw.Writer writes); null when it does not decode. */
function canonical(bytes: Uint8Array): Uint8Array | null {
  const d = new RawDecoder();
  d.push(bytes);
  d.finish();
  let enc: RawEncoder | undefined;
  try {
    for (let ev = d.next(); ev !== null; ev = d.next()) {
      enc ??= new RawEncoder(d.header?.version as number);
      enc.write({ type: ev.type, args: ev.clone().args, ...(ev.data === null ? {} : { data: ev.dataCopy() }) });
    }
  } catch {
    return null;
  }
  return (enc ?? new RawEncoder(d.header?.version as number)).take();
}

describe("bytes → text → bytes", () => {
  let identical = 0;
  for (const file of binaries) {
    const bytes = read(join(golden, file));
    const min = canonical(bytes);
    if (min === null) continue; // Go's raw reader fails on it too (see the -d=wire checks)
    it(file, () => {
      const back = textToBinary(binaryToText(bytes));
      // Minimal varints and the canonical header, as Go's raw.Writer writes them...
      expect(back).toEqual(min);
      // ...which is the very input for everything Go's writer made (tests/) and most edge cases.
      if (file.startsWith("tests/")) expect(back).toEqual(bytes);
      if (back.length === bytes.length && back.every((b, i) => b === bytes[i])) identical++;
    });
  }
  it("gives back the identical bytes for all but the padded and odd-header edge cases", () => {
    // 22 tests + 3 fuzz inputs + 17 edge cases; pad.trace and 6 header-* spellings differ.
    expect(identical).toBe(42);
  });
});

describe("edge-case texts (golden-go1.27/edge/*.txt)", () => {
  const texts = readdirSync(join(golden, "edge"))
    .filter((f) => f.endsWith(".txt"))
    .sort();

  it("are all covered", () => {
    expect(texts.length).toBe(15);
  });

  for (const f of texts) {
    const text = readFileSync(join(golden, "edge", f), "utf8");
    const go = result(`edge/${f}`, "text-to-binary");
    if (go !== undefined) {
      it(`${f}: Go refuses it`, () => {
        let error: unknown;
        try {
          textToBinary(text);
        } catch (err) {
          error = err;
        }
        expect(TraceError.isInstance(error)).toBe(true);
        const e = error as TraceError;
        expect(e.code).toBe("E_TEXT");
        expect(e.goMessage).toBe(go.stderr_first_line);
        // Every failing edge case has its bad event on line 7.
        expect(e.line).toBe(7);
        expect(e.message).toBe(`line 7: ${go.stderr_first_line}`);
      });
    } else {
      it(`${f}: the binary Go made from it`, () => {
        expect(textToBinary(text)).toEqual(read(join(golden, "edge", f.replace(/\.txt$/, ".trace"))));
      });
    }
  }
});
