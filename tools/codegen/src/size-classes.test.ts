// The heap target is real too: the committed size-classes.gen.ts is exactly
// what spec/heap/size_classes.yaml generates, the loader refuses tables whose
// arithmetic does not add up, and a table changed in a copy of the spec comes
// out as a module whose lookups follow the change.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { generateHeap, loadSizeClasses, loadSpec, SIZE_CLASSES_FILE, writeGenerated } from "./index.js";

type GenModule = typeof import("../../../packages/heap/src/gen/size-classes.gen.js");
type YamlClass = {
  class: number;
  object_size: number;
  span_bytes: number;
  objects_per_span: number;
  tail_waste: number;
  span_pages: number;
};
type YamlTable = { id: string; doc: string; releases: { release: string }[]; classes: YamlClass[] };

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..", "..");
const specDir = join(repo, "spec");
const heapGen = join(repo, "packages", "heap", "src", "gen");

const work = mkdtempSync(join(here, "..", ".tmp-gen-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let copies = 0;
/** A copy of the spec whose size_classes.yaml has been through edit. */
function specCopy(edit: (doc: { tables: YamlTable[] }) => void): string {
  const dir = join(work, `spec-${copies++}`);
  cpSync(specDir, dir, { recursive: true });
  const file = join(dir, SIZE_CLASSES_FILE);
  const doc = parse(readFileSync(file, "utf8")) as { tables: YamlTable[] };
  edit(doc);
  writeFileSync(file, stringify(doc));
  return dir;
}

describe("spec/heap/size_classes.yaml", () => {
  const spec = loadSpec(specDir);
  const ir = loadSizeClasses(specDir, spec.formats, ["go_trace.ksy"]);

  it("generates exactly the committed size-classes.gen.ts", () => {
    for (const [name, code] of generateHeap(specDir)) {
      expect(readFileSync(join(heapGen, name), "utf8"), name).toBe(code);
    }
  });

  it("has one table, shared by Go 1.21 to 1.27", () => {
    expect(ir.tables.map((t) => [t.id, t.releases])).toEqual([
      ["go1_21", ["1.21", "1.22", "1.23", "1.24", "1.25", "1.26", "1.27"]],
    ]);
  });

  it("maps every v2 trace header to a table its releases agree on", () => {
    expect(ir.headers.map((h) => [h.header, h.chosenRelease, h.releasesAgree])).toEqual([
      [22, "1.22", true],
      [23, "1.24", true],
      [25, "1.25", true],
      [26, "1.27", true],
    ]);
  });

  it("refuses a row whose tail waste does not add up", () => {
    const dir = specCopy((doc) => {
      doc.tables[0]!.classes[4]!.tail_waste = 33;
    });
    expect(() => generateHeap(dir)).toThrow(/go1_21\/class 5: tail_waste 33/);
  });

  it("refuses a trace header none of whose releases has a table", () => {
    const dir = specCopy((doc) => {
      doc.tables[0]!.releases = doc.tables[0]!.releases.filter((r) => r.release !== "1.22");
    });
    expect(() => generateHeap(dir)).toThrow(/no table for trace header 22/);
  });
});

describe("a table changed in a copy of the spec", () => {
  it("comes out as its own table, and header 23 takes Go 1.24's", async () => {
    // Go 1.24 made up to differ from 1.23: class 5 holds 52-byte objects.
    const dir = specCopy((doc) => {
      const base = doc.tables[0]!;
      const changed: YamlTable = structuredClone(base);
      changed.id = "go1_24";
      changed.doc = "Made up for the test.";
      changed.releases = base.releases.filter((r) => r.release === "1.24");
      base.releases = base.releases.filter((r) => r.release !== "1.24");
      const c5 = changed.classes[4]!;
      c5.object_size = 52;
      c5.objects_per_span = Math.floor(c5.span_bytes / 52);
      c5.tail_waste = c5.span_bytes - c5.objects_per_span * 52;
      doc.tables.push(changed);
    });
    const out = join(work, "gen");
    expect(writeGenerated(dir, out, "heap")).toEqual(["size-classes.gen.ts"]);
    const code = readFileSync(join(out, "size-classes.gen.ts"), "utf8");
    expect(code).not.toBe(readFileSync(join(heapGen, "size-classes.gen.ts"), "utf8"));
    expect(code).toContain("const TABLE_GO1_24: SizeClassTable");
    expect(code).toContain("(23: Go 1.23 and 1.24; 26: Go 1.26 and 1.27)");

    const gen = (await import(/* @vite-ignore */ join(out, "size-classes.gen.ts"))) as GenModule;
    expect(gen.SIZE_CLASS_TABLES.map((t) => t.id)).toEqual(["go1_21", "go1_24"]);
    expect(gen.sizeClassTableFor("1.24").objectSize[5]).toBe(52);
    expect(gen.sizeClassTableFor("go1.24.4").objectsPerSpan[5]).toBe(157);
    expect(gen.sizeClassTableFor("1.24").tailWaste[5]).toBe(28);
    expect(gen.sizeClassTableFor("1.23").objectSize[5]).toBe(48);
    expect(gen.sizeClassTableFor("1.25").objectSize[5]).toBe(48);
    // The header cannot tell 1.23 from 1.24: the newer release's table, flagged.
    expect(gen.sizeClassTableFor(23).id).toBe("go1_24");
    const h23 = gen.SIZE_CLASS_TABLE_BY_TRACE_HEADER.find((h) => h.header === 23)!;
    expect([h23.chosenRelease, h23.releasesAgree]).toEqual(["1.24", false]);
    expect(gen.SIZE_CLASS_TABLE_BY_TRACE_HEADER.filter((h) => !h.releasesAgree).map((h) => h.header)).toEqual([23]);
    expect(gen.sizeClassTableFor(22).objectSize[5]).toBe(48);
    expect(gen.sizeClassTableFor(26).objectSize[5]).toBe(48);

    // Writing again changes nothing.
    expect(writeGenerated(dir, out, "heap")).toEqual([]);
  });
});
