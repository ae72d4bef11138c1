// Checks the generated size-class tables against facts that can be read off
// Go's sizeclasses.go by eye, and against the arithmetic tying each row together.
import { describe, expect, it } from "vitest";
import {
  SIZE_CLASS_TABLE_BY_RELEASE,
  SIZE_CLASS_TABLE_BY_TRACE_HEADER,
  SIZE_CLASS_TABLES,
  sizeClassTableFor,
} from "./size-classes.gen.js";

describe("size-class tables", () => {
  it("has Go 1.21 to 1.27, all on one table", () => {
    expect(Object.keys(SIZE_CLASS_TABLE_BY_RELEASE)).toEqual(["1.21", "1.22", "1.23", "1.24", "1.25", "1.26", "1.27"]);
    expect(SIZE_CLASS_TABLES).toHaveLength(1);
  });

  for (const t of SIZE_CLASS_TABLES) {
    describe(`table ${t.id}`, () => {
      it("has the sizes and constants Go's table shows", () => {
        expect(t.numSizeClasses).toBe(68);
        expect(t.pageShift).toBe(13);
        expect(t.pageSize).toBe(8192);
        expect(t.maxSmallSize).toBe(32768);
        expect(t.objectSize[0]).toBe(0);
        expect(t.objectSize[1]).toBe(8);
        expect(t.objectSize[2]).toBe(16);
        expect(t.objectSize[5]).toBe(48);
        expect(t.objectsPerSpan[5]).toBe(170);
        expect(t.tailWaste[5]).toBe(32);
        // Class 35: 1408-byte objects in two-page spans, 11 per span, 896 bytes left over.
        expect([t.objectSize[35], t.spanPages[35], t.objectsPerSpan[35], t.tailWaste[35]]).toEqual([1408, 2, 11, 896]);
        expect(t.objectSize[67]).toBe(32768);
        expect(t.spanPages[67]).toBe(4);
        expect([t.tinySize, t.tinySizeClass]).toEqual([16, 2]);
        expect(t.objectSize[t.tinySizeClass]).toBe(t.tinySize);
      });

      it("has arrays of numSizeClasses entries, class 0 empty", () => {
        for (const a of [t.objectSize, t.spanPages, t.spanBytes, t.objectsPerSpan, t.tailWaste]) {
          expect(a).toHaveLength(t.numSizeClasses);
          expect(a[0]).toBe(0);
        }
        expect(Math.max(...t.objectSize)).toBe(t.maxSmallSize);
        expect(t.objectSize.at(-1)).toBe(t.maxSmallSize);
      });

      it("adds up in every class", () => {
        for (let c = 1; c < t.numSizeClasses; c++) {
          expect(t.objectsPerSpan[c]! * t.objectSize[c]! + t.tailWaste[c]!, `class ${c}`).toBe(t.spanBytes[c]);
          expect(t.spanPages[c]! * t.pageSize, `class ${c}`).toBe(t.spanBytes[c]);
          expect(t.tailWaste[c]!, `class ${c}`).toBeLessThan(t.objectSize[c]!);
          if (c > 1) expect(t.objectSize[c]!, `class ${c}`).toBeGreaterThan(t.objectSize[c - 1]!);
        }
      });

      it("is frozen", () => {
        expect(Object.isFrozen(t)).toBe(true);
        expect(Object.isFrozen(t.objectSize)).toBe(true);
      });
    });
  }
});

describe("sizeClassTableFor", () => {
  it("maps each v2 trace header to the table of its Go releases", () => {
    expect(SIZE_CLASS_TABLE_BY_TRACE_HEADER.map((h) => [h.header, h.writtenBy])).toEqual([
      [22, ["1.22"]],
      [23, ["1.23", "1.24"]],
      [25, ["1.25"]],
      [26, ["1.26", "1.27"]],
    ]);
    for (const h of SIZE_CLASS_TABLE_BY_TRACE_HEADER) {
      expect(sizeClassTableFor(h.header)).toBe(h.table);
      for (const r of h.writtenBy) expect(h.table.releases).toContain(r);
    }
  });

  it("cannot be wrong for headers 23 and 26: Go 1.23 and 1.24, and 1.26 and 1.27, share a table", () => {
    expect(SIZE_CLASS_TABLE_BY_RELEASE["1.23"]).toBe(SIZE_CLASS_TABLE_BY_RELEASE["1.24"]);
    expect(SIZE_CLASS_TABLE_BY_RELEASE["1.26"]).toBe(SIZE_CLASS_TABLE_BY_RELEASE["1.27"]);
    expect(SIZE_CLASS_TABLE_BY_TRACE_HEADER.every((h) => h.releasesAgree)).toBe(true);
  });

  it("takes Go releases in several spellings", () => {
    for (const v of ["1.24", "go1.24", "go1.24.4", "1.24rc1", " go1.24 "]) {
      expect(sizeClassTableFor(v)).toBe(SIZE_CLASS_TABLE_BY_RELEASE["1.24"]);
    }
  });

  it("falls back to the nearest older entry, or the oldest", () => {
    const newest = SIZE_CLASS_TABLES.at(-1);
    expect(sizeClassTableFor(27)).toBe(newest);
    expect(sizeClassTableFor("go1.30")).toBe(newest);
    expect(sizeClassTableFor(24)).toBe(sizeClassTableFor(23));
    expect(sizeClassTableFor(21)).toBe(sizeClassTableFor(22));
    expect(sizeClassTableFor("1.20")).toBe(SIZE_CLASS_TABLES[0]);
  });

  it("refuses what is neither", () => {
    expect(() => sizeClassTableFor("2.0")).toThrow(RangeError);
    expect(() => sizeClassTableFor("1.x")).toThrow(RangeError);
    expect(() => sizeClassTableFor(23.5)).toThrow(RangeError);
  });
});
