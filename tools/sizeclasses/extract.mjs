#!/usr/bin/env node
// Reads the heap size-class table of each Go release from its source tree and
// (re)writes spec/heap/size_classes.yaml: one table per distinct table, with the
// releases that use it. `pnpm generate` then turns the YAML into
// @gotrace/heap's src/gen/size-classes.gen.ts.
//
//   node tools/sizeclasses/extract.mjs                  # releases in the YAML + every toolchain in the cache
//   node tools/sizeclasses/extract.mjs 1.28             # ... and Go 1.28 (install it with get-go.sh first)
//   node tools/sizeclasses/extract.mjs --src 1.28=$HOME/go1.28/src
//   node tools/sizeclasses/extract.mjs --check          # exit 1 when the YAML is not what the sources give
//
// Toolchains are looked up as get-go.sh installs them: $GO_CACHE (default
// ~/.cache/gotoolchains)/go1.NN/usr/share/go-1.NN/src or .../usr/lib/go-1.NN/src.
// A release the YAML already lists must be found, so a partial cache never
// silently drops one; pass --drop 1.NN to remove it on purpose.
//
// What is read, per release:
//   - the generated sizeclasses.go (src/internal/runtime/gc/ since Go 1.25,
//     src/runtime/ before): the per-class comment table (object size, span
//     bytes, objects per span, tail waste), the constants block, and the
//     class → object size and class → span pages arrays;
//   - the tiny allocator's size and class: from the same constants block when
//     it has them (Go 1.26 on), otherwise from src/runtime/malloc.go.
// The comment table and the arrays are cross-checked against each other and
// against the arithmetic that ties them together; any disagreement is an error.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
// The YAML library @gotrace/codegen already depends on.
const { parse: parseYaml } = createRequire(join(repo, "tools", "codegen", "package.json"))("yaml");

const SIZECLASS_FILES = ["internal/runtime/gc/sizeclasses.go", "runtime/sizeclasses.go"];
const TINY_FALLBACK_FILE = "runtime/malloc.go";

class ExtractError extends Error {}

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = {
    out: join(repo, "spec", "heap", "size_classes.yaml"),
    // get-go.sh's variable; this script is no turbo task, so no cache to invalidate.
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by hand, outside turbo
    cache: process.env.GO_CACHE || join(homedir(), ".cache", "gotoolchains"),
    check: false,
    src: new Map(),
    drop: new Set(),
    releases: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new ExtractError(`${a} needs a value`);
      return v;
    };
    if (a === "--out") opts.out = resolve(value());
    else if (a === "--cache") opts.cache = resolve(value());
    else if (a === "--check") opts.check = true;
    else if (a === "--drop") opts.drop.add(release(value()));
    else if (a === "--src") {
      const [r, path] = splitOnce(value(), "=");
      opts.src.set(release(r), resolve(path));
    } else if (a === "-h" || a === "--help") {
      console.log(
        readFileSync(fileURLToPath(import.meta.url), "utf8")
          .split("\n")
          .slice(1, 15)
          .map((l) => l.replace(/^\/\/ ?/, ""))
          .join("\n"),
      );
      process.exit(0);
    } else if (/^(go)?1\.\d+$/.test(a)) opts.releases.push(release(a));
    else throw new ExtractError(`unknown argument ${a}`);
  }
  return opts;
}

function splitOnce(s, sep) {
  const i = s.indexOf(sep);
  if (i < 0) throw new ExtractError(`expected RELEASE${sep}PATH, got ${s}`);
  return [s.slice(0, i), s.slice(i + 1)];
}

/** "go1.24" or "1.24" → "1.24". */
function release(s) {
  const m = /^(?:go)?(1\.\d+)$/.exec(s.trim());
  if (!m) throw new ExtractError(`not a Go release: ${s}`);
  return m[1];
}

const minor = (r) => Number(r.split(".")[1]);
const byRelease = (a, b) => minor(a) - minor(b);

// ---------------------------------------------------------------- finding sources

function releasesInYaml(path) {
  if (!existsSync(path)) return [];
  const doc = parseYaml(readFileSync(path, "utf8")) ?? {};
  return (doc.tables ?? []).flatMap((t) => (t.releases ?? []).map((r) => String(r.release)));
}

function releasesInCache(cache) {
  if (!existsSync(cache)) return [];
  return readdirSync(cache)
    .map((d) => /^go(1\.\d+)$/.exec(d)?.[1])
    .filter((r) => r !== undefined && findSrc(cache, r) !== undefined);
}

function findSrc(cache, r) {
  for (const dir of [
    join(cache, `go${r}`, "usr", "share", `go-${r}`, "src"),
    join(cache, `go${r}`, "usr", "lib", `go-${r}`, "src"),
  ]) {
    if (SIZECLASS_FILES.some((f) => existsSync(join(dir, f)))) return dir;
  }
  return undefined;
}

/** The toolchain's own version string (go1.27.3), when its VERSION file is at hand. */
function goVersion(cache, r, src) {
  const candidates = [join(src, "..", "VERSION"), join(cache, `go${r}`, "usr", "lib", `go-${r}`, "VERSION")];
  for (const p of candidates) {
    if (!existsSync(p)) continue;
    const first = readFileSync(p, "utf8").split("\n")[0].trim();
    if (first.startsWith(`go${r}`)) return first;
  }
  return undefined;
}

// ---------------------------------------------------------------- parsing Go

/** Integer constants of every `const ( ... )` block and single `const X = N` line. */
function goConstants(text) {
  const out = new Map();
  const lines = [];
  for (const block of text.matchAll(/^const\s*\(\n([\s\S]*?)^\)/gm)) lines.push(...block[1].split("\n"));
  for (const single of text.matchAll(/^const\s+(\w+\s*=.*)$/gm)) lines.push(single[1]);
  for (const raw of lines) {
    const line = raw.replace(/\/\/.*$/, "").trim();
    // NAME = 123, NAME = int8(2), NAME Type = 123
    const m = /^(\w+)(?:\s+\w+)?\s*=\s*(?:\w+\()?\s*(\d+)\s*\)?$/.exec(line);
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

/** Go's spellings across releases (_PageShift, PageShift, maxObjsPerSpan) → one key. */
function canonical(name) {
  const bare = name.replace(/^_+/, "");
  return bare.charAt(0).toLowerCase() + bare.slice(1);
}

function constant(consts, key) {
  for (const [name, v] of consts) if (canonical(name) === key) return v;
  return undefined;
}

/** `var name = [len]type{a, b, ...}` arrays whose elements are all integer literals. */
function goIntArrays(text) {
  const out = new Map();
  for (const m of text.matchAll(/^var\s+(\w+)\s*=\s*\[[^\]]*\]\w+\{([^}]*)\}/gm)) {
    const items = m[2]
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    if (items.every((s) => /^\d+$/.test(s))) out.set(m[1], items.map(Number));
  }
  return out;
}

function pickArray(arrays, pattern, what, file) {
  const hits = [...arrays.keys()].filter((n) => pattern.test(n));
  if (hits.length !== 1)
    throw new ExtractError(`${file}: expected one ${what} array, found ${hits.join(", ") || "none"}`);
  return { name: hits[0], values: arrays.get(hits[0]) };
}

/**
 * The comment table: a header line naming the columns, then one line per
 * class. Columns are told apart by their names, so their order may change.
 */
function commentTable(text, file) {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^\/\/\s*class\s+bytes\/obj\b/.test(l));
  if (start < 0) throw new ExtractError(`${file}: no per-class comment table`);
  const columns = lines[start]
    .replace(/^\/\/\s*/, "")
    .trim()
    .split(/\s{2,}/);
  const col = (name) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new ExtractError(`${file}: comment table has no "${name}" column (has ${columns.join(" | ")})`);
    return i;
  };
  const at = {
    class: col("class"),
    objectSize: col("bytes/obj"),
    spanBytes: col("bytes/span"),
    objects: col("objects"),
    tailWaste: col("tail waste"),
  };
  const rows = [];
  for (let i = start + 1; i < lines.length; i++) {
    const cells = lines[i].replace(/^\/\//, "").trim().split(/\s+/);
    if (!lines[i].startsWith("//") || !/^\d+$/.test(cells[0] ?? "")) break;
    if (cells.length !== columns.length)
      throw new ExtractError(`${file}: comment table line ${i + 1} has ${cells.length} cells`);
    const n = (k) => {
      const v = cells[at[k]];
      if (!/^\d+$/.test(v)) throw new ExtractError(`${file}: line ${i + 1}: ${k} is ${v}`);
      return Number(v);
    };
    rows.push({
      class: n("class"),
      objectSize: n("objectSize"),
      spanBytes: n("spanBytes"),
      objects: n("objects"),
      tailWaste: n("tailWaste"),
    });
  }
  return rows;
}

function extractRelease(cache, r, srcOverride) {
  const src = srcOverride ?? findSrc(cache, r);
  if (!src) {
    throw new ExtractError(
      `Go ${r}: no source tree under ${cache} (install it with /work/shared/tools/get-go.sh ${r}, or pass --src ${r}=GOROOT/src; --drop ${r} removes it)`,
    );
  }
  const rel = SIZECLASS_FILES.find((f) => existsSync(join(src, f)));
  if (!rel) throw new ExtractError(`Go ${r}: none of ${SIZECLASS_FILES.join(", ")} under ${src}`);
  const file = `src/${rel}`;
  const text = readFileSync(join(src, rel), "utf8");

  const consts = goConstants(text);
  const need = (key) => {
    const v = constant(consts, key);
    if (v === undefined) throw new ExtractError(`${file} (Go ${r}): no ${key} constant`);
    return v;
  };
  const pageShift = need("pageShift");
  const maxSmallSize = need("maxSmallSize");
  const numSizeClasses = need("numSizeClasses");

  let tinySize = constant(consts, "tinySize");
  let tinySizeClass = constant(consts, "tinySizeClass");
  let tinySource = file;
  if (tinySize === undefined || tinySizeClass === undefined) {
    const mallocPath = join(src, TINY_FALLBACK_FILE);
    if (!existsSync(mallocPath))
      throw new ExtractError(`Go ${r}: no tiny-allocator constants and no ${TINY_FALLBACK_FILE}`);
    const mc = goConstants(readFileSync(mallocPath, "utf8"));
    tinySize = constant(mc, "tinySize");
    tinySizeClass = constant(mc, "tinySizeClass");
    tinySource = `src/${TINY_FALLBACK_FILE}`;
    if (tinySize === undefined || tinySizeClass === undefined) {
      throw new ExtractError(`Go ${r}: ${tinySource} has no tiny size or tiny size class constant`);
    }
  }

  const arrays = goIntArrays(text);
  const sizes = pickArray(arrays, /^(class_?to_?size|sizeclasstosize)$/i, "class → size", file);
  const pages = pickArray(arrays, /^(class_?to_?(alloc)?n_?pages|sizeclasstonpages)$/i, "class → pages", file);
  const rows = commentTable(text, file);

  const pageSize = 2 ** pageShift;
  const fail = (msg) => {
    throw new ExtractError(`${file} (Go ${r}): ${msg}`);
  };
  if (sizes.values.length !== numSizeClasses)
    fail(`${sizes.name} has ${sizes.values.length} entries, not ${numSizeClasses}`);
  if (pages.values.length !== numSizeClasses)
    fail(`${pages.name} has ${pages.values.length} entries, not ${numSizeClasses}`);
  if (rows.length !== numSizeClasses - 1) fail(`comment table has ${rows.length} classes, not ${numSizeClasses - 1}`);
  if (sizes.values[0] !== 0 || pages.values[0] !== 0) fail("class 0 is not empty");
  const classes = rows.map((row, i) => {
    const c = i + 1;
    if (row.class !== c) fail(`comment table row ${i + 1} is class ${row.class}`);
    if (row.objectSize !== sizes.values[c])
      fail(`class ${c}: comment says ${row.objectSize} bytes, ${sizes.name} ${sizes.values[c]}`);
    if (row.spanBytes !== pages.values[c] * pageSize)
      fail(`class ${c}: span bytes ${row.spanBytes} ≠ ${pages.values[c]} pages`);
    if (row.objects !== Math.floor(row.spanBytes / row.objectSize)) fail(`class ${c}: ${row.objects} objects per span`);
    if (row.tailWaste !== row.spanBytes - row.objects * row.objectSize) fail(`class ${c}: tail waste ${row.tailWaste}`);
    return { ...row, spanPages: pages.values[c] };
  });
  if (classes.at(-1).objectSize !== maxSmallSize) fail(`largest class is not ${maxSmallSize} bytes`);
  if (sizes.values[tinySizeClass] !== tinySize) fail(`class ${tinySizeClass} is not the tiny size ${tinySize}`);

  return {
    release: r,
    version: goVersion(cache, r, src),
    source: file,
    tinySource,
    arrays: [sizes.name, pages.name],
    table: { pageShift, pageSize, maxSmallSize, numSizeClasses, tinySize, tinySizeClass, classes },
  };
}

// ---------------------------------------------------------------- grouping and writing

function group(extracted) {
  const tables = new Map();
  for (const e of extracted) {
    const key = JSON.stringify(e.table);
    let t = tables.get(key);
    if (!t) tables.set(key, (t = { table: e.table, releases: [] }));
    t.releases.push(e);
  }
  return [...tables.values()].map((t) => ({ ...t, id: `go${t.releases[0].release.replace(".", "_")}` }));
}

function releaseSpan(rs) {
  const names = rs.map((r) => r.release);
  return names.length === 1 ? `Go ${names[0]}` : `Go ${names[0]} to ${names.at(-1)} (${names.join(", ")})`;
}

function toYaml(groups) {
  const all = groups.flatMap((g) => g.releases.map((r) => r.release)).sort(byRelease);
  const out = [
    "# Written by tools/sizeclasses/extract.mjs from Go's source trees; rerun it instead of editing.",
    "# Then run `pnpm generate` (writes packages/heap/src/gen/size-classes.gen.ts).",
    "meta:",
    "  id: go_heap_size_classes",
    "  title: Go runtime heap size classes, per Go release",
    "  -go-extracted-by: tools/sizeclasses/extract.mjs",
    `  -go-releases: [${all.map((r) => JSON.stringify(r)).join(", ")}]`,
    "doc: |",
    "  The size classes of Go's heap allocator: every small allocation (up to",
    "  max_small_size bytes) is rounded up to its class's object size and placed",
    "  in a span of span_pages pages that holds objects_per_span such objects; the",
    "  span's last tail_waste bytes stay unused. Class 0 stands for large objects,",
    "  each in a span of its own, and has no row. Allocations smaller than",
    "  tiny_size without pointers are packed together into objects of class",
    "  tiny_size_class.",
    "",
    "  One entry under tables per distinct table; releases lists the Go releases",
    "  whose runtime uses it, with the file each was read from (-go-source), the",
    "  file the tiny-allocator constants came from (-go-tiny-source) and Go's names",
    "  of the size and page arrays (-go-arrays), which changed between releases",
    "  while the numbers did not. A table's id is its first release. Which table",
    "  a trace header version means comes from go_trace.ksy's -go-formats.",
    "  Every row satisfies span_bytes = span_pages * page_size,",
    "  objects_per_span = floor(span_bytes / object_size) and",
    "  tail_waste = span_bytes - objects_per_span * object_size;",
    "  @gotrace/codegen refuses the file otherwise.",
    "tables:",
  ];
  for (const g of groups) {
    const t = g.table;
    out.push(
      `  - id: ${g.id}`,
      `    doc: Used by ${releaseSpan(g.releases)}.`,
      "    releases:",
      ...g.releases.flatMap((r) => [
        `      - release: ${JSON.stringify(r.release)}`,
        ...(r.version ? [`        -go-version: ${r.version}`] : []),
        `        -go-source: ${r.source}`,
        `        -go-tiny-source: ${r.tinySource}`,
        `        -go-arrays: [${r.arrays.join(", ")}]`,
      ]),
      `    page_shift: ${t.pageShift}`,
      `    page_size: ${t.pageSize}`,
      `    max_small_size: ${t.maxSmallSize}`,
      `    num_size_classes: ${t.numSizeClasses}`,
      `    tiny_size: ${t.tinySize}`,
      `    tiny_size_class: ${t.tinySizeClass}`,
      "    classes:",
      ...t.classes.map(
        (c) =>
          `      - { class: ${c.class}, object_size: ${c.objectSize}, span_bytes: ${c.spanBytes}, objects_per_span: ${c.objects}, tail_waste: ${c.tailWaste}, span_pages: ${c.spanPages} }`,
      ),
    );
  }
  return `${out.join("\n")}\n`;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const wanted = new Set([
    ...releasesInYaml(opts.out),
    ...releasesInCache(opts.cache),
    ...opts.src.keys(),
    ...opts.releases,
  ]);
  for (const d of opts.drop) wanted.delete(d);
  if (wanted.size === 0) throw new ExtractError(`no Go releases: none in ${opts.out} nor under ${opts.cache}`);
  const extracted = [...wanted].sort(byRelease).map((r) => extractRelease(opts.cache, r, opts.src.get(r)));
  const yaml = toYaml(group(extracted));
  const current = existsSync(opts.out) ? readFileSync(opts.out, "utf8") : undefined;
  const name = relative(process.cwd(), opts.out) || opts.out;
  if (opts.check) {
    if (current !== yaml) {
      console.error(`extract: ${name} differs from what Go's sources give; rerun without --check`);
      return 1;
    }
    console.error(`extract: ${name} is up to date`);
    return 0;
  }
  if (current === yaml) console.error(`extract: ${name} is up to date`);
  else {
    writeFileSync(opts.out, yaml);
    console.error(`extract: wrote ${name}`);
  }
  for (const g of group(extracted)) console.error(`  ${g.id}: ${g.releases.map((r) => r.release).join(", ")}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  if (!(err instanceof ExtractError)) throw err;
  console.error(`extract: ${err.message}`);
  process.exitCode = 1;
}
