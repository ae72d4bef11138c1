// Reads spec/heap/size_classes.yaml (written by tools/sizeclasses/extract.mjs)
// into the size-class IR, checking the arithmetic that ties each row together,
// and resolves every trace format of go_trace.ksy to a table.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { type Ksy, obj, str } from "./ksy.js";
import type { FormatIR } from "./model.js";

export const SIZE_CLASSES_FILE = "heap/size_classes.yaml";

/** One size class (class ≥ 1; class 0 is the large-object class and has no row). */
export interface SizeClassIR {
  readonly objectSize: number;
  readonly spanBytes: number;
  readonly objectsPerSpan: number;
  readonly tailWaste: number;
  readonly spanPages: number;
}

/** One distinct table and the Go releases that use it. */
export interface SizeClassTableIR {
  readonly id: string;
  readonly doc: string;
  /** Go releases ("1.23"), oldest first. */
  readonly releases: readonly string[];
  readonly pageShift: number;
  readonly pageSize: number;
  readonly maxSmallSize: number;
  readonly numSizeClasses: number;
  readonly tinySize: number;
  readonly tinySizeClass: number;
  /** Classes 1 to numSizeClasses-1, in order. */
  readonly classes: readonly SizeClassIR[];
}

/** Which table a trace header version means. */
export interface HeaderTableIR {
  readonly header: number;
  /** The Go releases that write the header (go_trace.ksy -go-formats). */
  readonly writtenBy: readonly string[];
  /** Index into the tables: the newest release in writtenBy that has a table. */
  readonly table: number;
  /** The release whose table was chosen. */
  readonly chosenRelease: string;
  /** Every release in writtenBy that has a table uses that same table. */
  readonly releasesAgree: boolean;
}

export interface SizeClassesIR {
  /** Files read, relative to the spec directory, for the generated header. */
  readonly sources: readonly string[];
  readonly tables: readonly SizeClassTableIR[];
  readonly headers: readonly HeaderTableIR[];
}

export class SizeClassError extends Error {
  constructor(where: string, message: string) {
    super(`${SIZE_CLASSES_FILE}: ${where}: ${message}`);
    this.name = "SizeClassError";
  }
}

/** "1.24" → 24; throws for anything else. */
export function releaseMinor(release: string, where = "releases"): number {
  const m = /^1\.(\d+)$/.exec(release);
  if (!m) throw new SizeClassError(where, `not a Go release: ${JSON.stringify(release)}`);
  return Number(m[1]);
}

function int(v: unknown, where: string, min = 0): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) {
    throw new SizeClassError(where, `expected an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Loads the size-class tables and maps go_trace.ksy's formats onto them. */
export function loadSizeClasses(
  specDir: string,
  formats: readonly FormatIR[],
  ksySources: readonly string[],
): SizeClassesIR {
  const doc = obj(parse(readFileSync(join(specDir, SIZE_CLASSES_FILE), "utf8")));
  const rawTables = doc.tables;
  if (!Array.isArray(rawTables) || rawTables.length === 0) throw new SizeClassError("tables", "missing or empty");

  const tables = rawTables.map((raw, i) => readTable(obj(raw), i));
  const tableOf = new Map<string, number>();
  const ids = new Set<string>();
  tables.forEach((t, i) => {
    if (ids.has(t.id)) throw new SizeClassError(`tables/${t.id}`, "duplicate id");
    ids.add(t.id);
    for (const r of t.releases) {
      if (tableOf.has(r)) throw new SizeClassError(`tables/${t.id}`, `release ${r} is in two tables`);
      tableOf.set(r, i);
    }
  });

  const headers = formats.map((f): HeaderTableIR => {
    const known = f.writtenBy.filter((r) => tableOf.has(r)).sort((a, b) => releaseMinor(a) - releaseMinor(b));
    const chosenRelease = known.at(-1);
    if (chosenRelease === undefined) {
      throw new SizeClassError(
        "tables",
        `no table for trace header ${f.header} (written by Go ${f.writtenBy.join(", ")}); extract one of them`,
      );
    }
    const table = tableOf.get(chosenRelease)!;
    return {
      header: f.header,
      writtenBy: f.writtenBy,
      table,
      chosenRelease,
      releasesAgree: known.every((r) => tableOf.get(r) === table),
    };
  });

  return { sources: [SIZE_CLASSES_FILE, ...ksySources].sort(), tables, headers };
}

function readTable(t: Ksy, index: number): SizeClassTableIR {
  const id = str(t.id);
  if (!/^[a-z][a-z0-9_]*$/.test(id)) throw new SizeClassError(`tables[${index}]`, `bad id ${JSON.stringify(t.id)}`);
  const where = `tables/${id}`;
  const rawReleases = t.releases;
  if (!Array.isArray(rawReleases) || rawReleases.length === 0) throw new SizeClassError(where, "no releases");
  const releases = rawReleases.map((r) => String(obj(r).release ?? ""));
  for (const r of releases) releaseMinor(r, `${where}/releases`);
  const sorted = [...releases].sort((a, b) => releaseMinor(a) - releaseMinor(b));
  if (sorted.join() !== releases.join()) throw new SizeClassError(where, "releases are not oldest first");

  const pageShift = int(t.page_shift, `${where}/page_shift`, 1);
  const pageSize = int(t.page_size, `${where}/page_size`, 1);
  if (pageSize !== 2 ** pageShift) throw new SizeClassError(where, `page_size ${pageSize} is not 1 << ${pageShift}`);
  const maxSmallSize = int(t.max_small_size, `${where}/max_small_size`, 1);
  const numSizeClasses = int(t.num_size_classes, `${where}/num_size_classes`, 2);
  const tinySize = int(t.tiny_size, `${where}/tiny_size`, 1);
  const tinySizeClass = int(t.tiny_size_class, `${where}/tiny_size_class`, 1);

  const rawClasses = t.classes;
  if (!Array.isArray(rawClasses)) throw new SizeClassError(where, "no classes");
  if (rawClasses.length !== numSizeClasses - 1) {
    throw new SizeClassError(where, `${rawClasses.length} classes, but num_size_classes is ${numSizeClasses}`);
  }
  const classes = rawClasses.map((raw, i): SizeClassIR => {
    const c = obj(raw);
    const at = `${where}/classes[${i}]`;
    if (c.class !== i + 1) throw new SizeClassError(at, `expected class ${i + 1}, got ${JSON.stringify(c.class)}`);
    const row: SizeClassIR = {
      objectSize: int(c.object_size, `${at}/object_size`, 1),
      spanBytes: int(c.span_bytes, `${at}/span_bytes`, 1),
      objectsPerSpan: int(c.objects_per_span, `${at}/objects_per_span`, 1),
      tailWaste: int(c.tail_waste, `${at}/tail_waste`),
      spanPages: int(c.span_pages, `${at}/span_pages`, 1),
    };
    const problem =
      row.spanBytes !== row.spanPages * pageSize
        ? `span_bytes ${row.spanBytes} ≠ span_pages ${row.spanPages} × page_size ${pageSize}`
        : row.objectsPerSpan !== Math.floor(row.spanBytes / row.objectSize)
          ? `objects_per_span ${row.objectsPerSpan} ≠ floor(${row.spanBytes} / ${row.objectSize})`
          : row.tailWaste !== row.spanBytes - row.objectsPerSpan * row.objectSize
            ? `tail_waste ${row.tailWaste} ≠ ${row.spanBytes} - ${row.objectsPerSpan} × ${row.objectSize}`
            : undefined;
    if (problem) throw new SizeClassError(`${where}/class ${i + 1}`, problem);
    return row;
  });
  for (let i = 1; i < classes.length; i++) {
    if (classes[i]!.objectSize <= classes[i - 1]!.objectSize) {
      throw new SizeClassError(`${where}/class ${i + 1}`, "object sizes must grow with the class");
    }
  }
  if (classes.at(-1)!.objectSize !== maxSmallSize) {
    throw new SizeClassError(where, `the largest class is ${classes.at(-1)!.objectSize} bytes, not max_small_size`);
  }
  if (tinySizeClass >= numSizeClasses || classes[tinySizeClass - 1]!.objectSize !== tinySize) {
    throw new SizeClassError(where, `class ${tinySizeClass} is not tiny_size (${tinySize}) bytes`);
  }
  return {
    id,
    doc: str(t.doc),
    releases,
    pageShift,
    pageSize,
    maxSmallSize,
    numSizeClasses,
    tinySize,
    tinySizeClass,
    classes,
  };
}
