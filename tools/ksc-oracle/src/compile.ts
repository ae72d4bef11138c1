// Compiles spec/*.ksy with kaitai-struct-compiler (GPL-3.0, dev-only: it is
// a devDependency of this private package and nothing else) into its
// JavaScript parsers, and loads them in memory. The compile runs every time,
// so the oracle always checks the spec as it is on disk.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runInThisContext } from "node:vm";
import { parse as parseYaml } from "yaml";

const require = createRequire(import.meta.url);

/** A .ksy file as parsed YAML. Only the parts the flattener walks are typed. */
export interface KsyField {
  id: string;
  type?: string | { "switch-on": string; cases: Record<string, string> };
  size?: string | number;
  repeat?: "eos" | "expr" | "until";
  contents?: unknown;
  [key: string]: unknown;
}
export interface KsyType {
  seq?: KsyField[];
  types?: Record<string, KsyType>;
  instances?: Record<string, unknown>;
  [key: string]: unknown;
}
export interface Ksy extends KsyType {
  meta: { id: string; imports?: string[]; [key: string]: unknown };
  enums?: Record<string, Record<string, string | { id: string }>>;
}

/** A generated parser class: `new Cls(stream, parent, root)` parses at once. */
// biome-ignore lint/suspicious/noExplicitAny: generated JavaScript, untyped by nature
export type KaitaiClass = (new (io: KaitaiStream, parent?: unknown, root?: unknown) => any) & Record<string, any>;

/** The runtime's stream (kaitai-struct/KaitaiStream), as far as the oracle uses it. */
export interface KaitaiStream {
  pos: number;
  readonly size: number;
  isEof(): boolean;
}
export type KaitaiStreamClass = new (buffer: ArrayBuffer | DataView, byteOffset?: number) => KaitaiStream;

export interface KaitaiParsers {
  KaitaiStream: KaitaiStreamClass;
  /** go_trace.ksy: header, then batches (EventBatch data parsed as events). */
  GoTrace: KaitaiClass;
  /** go_trace_events.ksy: the flat event stream after the header, as Go's raw reader sees it. */
  GoTraceEvents: KaitaiClass;
  AllocFree: KaitaiClass;
  Uvarint: KaitaiClass;
  /** The .ksy files, parsed, by import name ("go_trace", "common/uvarint", ...). */
  ksy: Record<string, Ksy>;
  /** The generated JavaScript, by file name ("GoTrace.js", ...). */
  sources: Record<string, string>;
  compilerVersion: string;
}

/** The repository's spec/ directory. */
export function defaultSpecDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "spec");
}

/** Where the generated JavaScript is written for inspection (git-ignored). */
export function compiledDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..", ".compiled");
}

interface KscApi {
  compile(
    lang: string,
    ksy: unknown,
    importer: { importYaml(name: string, mode: string): Promise<unknown> },
    debug: boolean,
  ): Promise<Record<string, string>>;
}

/**
 * Compiles go_trace.ksy (with its imports) and go_trace_events.ksy to
 * JavaScript and loads the modules. `dump` also writes them to .compiled/.
 */
export async function compileSpec(specDir = defaultSpecDir(), dump = true): Promise<KaitaiParsers> {
  const ksc = require("kaitai-struct-compiler") as KscApi;
  const compilerVersion = (require("kaitai-struct-compiler/package.json") as { version: string }).version;
  const ksy: Record<string, Ksy> = {};
  const load = (name: string): Ksy => {
    let k = ksy[name];
    if (k === undefined) {
      k = parseYaml(readFileSync(join(specDir, `${name}.ksy`), "utf8")) as Ksy;
      ksy[name] = k;
    }
    return k;
  };
  // Every import in spec/ is written relative to spec/ itself ("common/uvarint"),
  // so both "rel" and "abs" imports resolve against specDir.
  const importer = { importYaml: (name: string) => Promise.resolve(structuredClone(load(name))) };

  const sources: Record<string, string> = {};
  for (const top of ["go_trace", "go_trace_events"]) {
    let out: Record<string, string>;
    try {
      out = await ksc.compile("javascript", structuredClone(load(top)), importer, false);
    } catch (err) {
      throw new Error(`kaitai-struct-compiler rejected spec/${top}.ksy: ${describeCompileError(err)}`);
    }
    for (const [file, src] of Object.entries(out)) {
      const prev = sources[file];
      if (prev !== undefined && prev !== src) {
        throw new Error(`${file} compiles differently as an import and as a top-level spec`);
      }
      sources[file] = src;
    }
  }
  // The imports that go_trace.ksy pulls in are loaded by now; make sure all are.
  for (const name of ["go_trace", "go_trace_events", "alloc_free", "common/uvarint"]) load(name);

  if (dump) {
    const dir = compiledDir();
    mkdirSync(dir, { recursive: true });
    for (const [file, src] of Object.entries(sources)) writeFileSync(join(dir, file), src);
  }

  const modules = loadModules(sources, compiledDir());
  const get = (file: string, name: string): KaitaiClass => {
    const cls = modules(file)[name] as KaitaiClass | undefined;
    if (typeof cls !== "function") throw new Error(`${file} does not export ${name}`);
    return cls;
  };
  return {
    KaitaiStream: require("kaitai-struct/KaitaiStream") as KaitaiStreamClass,
    GoTrace: get("GoTrace.js", "GoTrace"),
    GoTraceEvents: get("GoTraceEvents.js", "GoTraceEvents"),
    AllocFree: get("AllocFree.js", "AllocFree"),
    Uvarint: get("Uvarint.js", "Uvarint"),
    ksy,
    sources,
    compilerVersion,
  };
}

/**
 * Evaluates the generated UMD modules as CommonJS. They require
 * 'kaitai-struct/KaitaiStream' (resolved from this package) and each other
 * as './Name'.
 */
function loadModules(sources: Record<string, string>, dir: string): (file: string) => Record<string, unknown> {
  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const load = (file: string): Record<string, unknown> => {
    const cached = cache.get(file);
    if (cached !== undefined) return cached.exports;
    const src = sources[file];
    if (src === undefined)
      throw new Error(`the compiler produced no ${file} (have: ${Object.keys(sources).join(", ")})`);
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module);
    const localRequire = (id: string): unknown => {
      if (id.startsWith("./")) return load(`${id.slice(2)}.js`);
      return require(id);
    };
    const fn = runInThisContext(`(function (exports, require, module) {${src}\n})`, {
      filename: join(dir, file),
    }) as (exports: unknown, require: unknown, module: unknown) => void;
    fn.call(undefined, module.exports, localRequire, module);
    return module.exports;
  };
  return load;
}

function describeCompileError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "object" && err !== null) {
    const e = err as { toString?: () => string; s$1?: string };
    return String(e.s$1 ?? e.toString?.() ?? JSON.stringify(err));
  }
  return String(err);
}
