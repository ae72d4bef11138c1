// `pnpm check:layers` (and CI): the workspace's layering holds in every non-test TypeScript file.
//
//   codec <- reader <- heap, analysis (one layer: neither imports the other) <- perfetto <- cli, app
//   (cli and app, the browser app, share the top layer: neither imports the other)
//
// - A layered package imports only layers below it, by package name; its own files by relative
//   path. The private fixture package (conformance) imports no @gotrace package, and no published
//   package's shipped code imports a private one.
// - An import of another @gotrace package names the package or a subpath it exports (its public
//   or internal entry), never its files: no `@gotrace/x/src/...`, no relative path into another
//   package (the repository's shared configs, such as tsup.base.ts, are not a package's).
// - codec, reader, heap, analysis, perfetto and app run in browsers: their src/ uses no `node:` modules, no bare Node
//   built-ins (`fs`), no Node globals (`process`, `Buffer`, `require`, `__dirname`, `__filename`).
//   Their build and test configs (tsup.config.ts, vitest.config.ts) run in Node and may.
// - Tests and test support (*.test.ts, testing/, __fixtures__/: the layout in architecture/layout.md)
//   may use Node and anything else; shipped code may not import them.
//
// Usage: node tools/check-layers.mjs [--root DIR]. Exit status 0 when it holds; else 1 with one
// line per violation, `path:line: what`. The tests (tools/pack-test/src/check-layers.test.ts) run
// it on crafted trees.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";

/** The layers, bottom up. A package may import the ones below it. */
const LAYERS = [
  ["@gotrace/codec"],
  ["@gotrace/reader"],
  ["@gotrace/heap", "@gotrace/analysis"],
  ["@gotrace/perfetto"],
  ["@gotrace/cli", "@gotrace/app"],
];
/** Layered packages that run in browsers: every layer below the command line's, and the app. */
const BROWSER = new Set([
  "@gotrace/codec",
  "@gotrace/reader",
  "@gotrace/heap",
  "@gotrace/analysis",
  "@gotrace/perfetto",
  "@gotrace/app",
]);
/** Private fixture packages: data and loaders for tests, importing no @gotrace package. */
const FIXTURES = new Set(["@gotrace/conformance"]);

const SOURCE = /\.(ts|mts|cts|tsx)$/;
const TEST_SUPPORT = [/\.test\.[cm]?tsx?$/, /(^|\/)testing\//, /(^|\/)__fixtures__\//];
const SKIP_DIRS = new Set(["node_modules", "dist", ".turbo", ".compiled"]);
const NODE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith("_")));
const NODE_GLOBALS = [
  [/(?<![\w$.])process\s*[.[]/, "process"],
  [/(?<![\w$.])Buffer\s*[.(]|\bnew\s+Buffer\b/, "Buffer"],
  [/(?<![\w$.])require\s*\(/, "require()"],
  [/(?<![\w$.])__dirname\b/, "__dirname"],
  [/(?<![\w$.])__filename\b/, "__filename"],
];

/** Whether a path (relative to its package) is a test or test support. */
export function isTestSupport(pathInPackage) {
  const p = pathInPackage.split(sep).join("/");
  return TEST_SUPPORT.some((re) => re.test(p));
}

/**
 * The code with comments, string contents and template text blanked to spaces (newlines kept, so
 * line numbers hold), and the string literals' values listed with their offsets.
 */
function scan(code) {
  const out = code.split("");
  const strings = [];
  const blank = (from, to) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  // A `/` starts a regular expression after these (or at the start).
  const regexBefore = /[(,=:[!&|?{};+\-*%<>~^]$|(^|[^\w$])(return|typeof|case|do|else|in|of|void|yield|await)$/;
  const braces = []; // for each open `{`: whether it opened a template's `${`
  let i = 0;
  const n = code.length;
  const stringAt = (q, start) => {
    let j = start + 1;
    while (j < n && code[j] !== q && code[j] !== "\n") j += code[j] === "\\" ? 2 : 1;
    strings.push({ value: code.slice(start + 1, j), at: start });
    blank(start + 1, j);
    return j + 1;
  };
  // Template text from i (just after ` or }) to the next ` or ${.
  const templateText = (start) => {
    let j = start;
    while (j < n && code[j] !== "`" && !(code[j] === "$" && code[j + 1] === "{")) j += code[j] === "\\" ? 2 : 1;
    blank(start, j);
    if (code[j] === "`") return j + 1;
    braces.push(true);
    return j + 2;
  };
  while (i < n) {
    const c = code[i];
    if (c === "/" && code[i + 1] === "/") {
      const j = code.indexOf("\n", i);
      blank(i, j < 0 ? n : j);
      i = j < 0 ? n : j;
    } else if (c === "/" && code[i + 1] === "*") {
      const j = code.indexOf("*/", i + 2);
      blank(i, j < 0 ? n : j + 2);
      i = j < 0 ? n : j + 2;
    } else if (c === '"' || c === "'") {
      i = stringAt(c, i);
    } else if (c === "`") {
      i = templateText(i + 1);
    } else if (c === "{") {
      braces.push(false);
      i++;
    } else if (c === "}") {
      i = braces.pop() ? templateText(i + 1) : i + 1;
    } else if (c === "/" && regexBefore.test(code.slice(Math.max(0, i - 12), i).trimEnd() || "(")) {
      let j = i + 1;
      let inClass = false;
      while (j < n && code[j] !== "\n" && (inClass || code[j] !== "/")) {
        if (code[j] === "\\") j++;
        else if (code[j] === "[") inClass = true;
        else if (code[j] === "]") inClass = false;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
    } else i++;
  }
  return { code: out.join(""), strings };
}

/** Module specifiers the file imports or re-exports (static, dynamic, require), with offsets. */
function importsOf(scanned) {
  const { code, strings } = scanned;
  const found = [];
  for (const s of strings) {
    const before = code.slice(Math.max(0, s.at - 400), s.at);
    // `from "x"` ends an import/export ... from; `import "x"`, `import("x")`, `require("x")`.
    if (
      /\bfrom\s*$/.test(before) ||
      /(^|[^\w$.])import\s*\(?\s*$/.test(before) ||
      /(^|[^\w$.])require\s*\(\s*$/.test(before)
    ) {
      found.push(s);
    }
  }
  return found;
}

function lineOf(code, at) {
  let line = 1;
  for (let k = 0; k < at; k++) if (code.charCodeAt(k) === 10) line++;
  return line;
}

function sourceFiles(dir) {
  const files = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".tmp")) files.push(...sourceFiles(join(dir, e.name)));
    } else if (SOURCE.test(e.name)) files.push(join(dir, e.name));
  }
  return files;
}

/** Every workspace package under packages/ and tools/: name, dir, manifest. */
function workspacePackages(root) {
  const pkgs = [];
  for (const group of ["packages", "tools"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const e of readdirSync(base, { withFileTypes: true })) {
      const manifest = join(base, e.name, "package.json");
      if (!e.isDirectory() || !existsSync(manifest)) continue;
      const json = JSON.parse(readFileSync(manifest, "utf8"));
      pkgs.push({ name: json.name, dir: join(base, e.name), group, json });
    }
  }
  return pkgs;
}

function layerOf(name) {
  return LAYERS.findIndex((names) => names.includes(name));
}

/** The violations in the workspace at root, one `path:line: what` string each. */
export function checkLayers(root) {
  const problems = [];
  const pkgs = workspacePackages(root);
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  const layerNames = LAYERS.map((names) => names.map((n) => n.replace("@gotrace/", "")).join("/")).join(" <- ");

  for (const pkg of pkgs) {
    if (pkg.group === "packages" && layerOf(pkg.name) < 0 && !FIXTURES.has(pkg.name)) {
      problems.push(
        `${relative(root, join(pkg.dir, "package.json"))}: ${pkg.name} has no layer; add it to LAYERS in tools/check-layers.mjs`,
      );
    }
    for (const file of sourceFiles(pkg.dir)) {
      const inPkg = relative(pkg.dir, file);
      if (isTestSupport(inPkg)) continue;
      const where = relative(root, file);
      const text = readFileSync(file, "utf8");
      const scanned = scan(text);
      // What a browser package ships is its src/; its build and test configs run in Node.
      const shipped = BROWSER.has(pkg.name) && inPkg.split(sep)[0] === "src";
      const report = (at, what) => problems.push(`${where}:${lineOf(text, at)}: ${what}`);

      for (const { value: spec, at } of importsOf(scanned)) {
        if (spec.startsWith(".")) {
          const target = resolve(dirname(file), spec);
          const owner = pkgs.find((p) => target === p.dir || target.startsWith(p.dir + sep));
          if (owner !== undefined && owner !== pkg) {
            report(at, `imports "${spec}", a file of ${owner.name}; import the package by name`);
          } else if (isTestSupport(relative(pkg.dir, target))) {
            report(at, `imports "${spec}", test support, from shipped code`);
          }
          continue;
        }
        const bare = spec.startsWith("node:") ? spec : spec.split("/")[0];
        if (spec.startsWith("node:") || NODE_BUILTINS.has(bare)) {
          if (shipped) report(at, `imports "${spec}": ${pkg.name} runs in browsers, no Node modules`);
          continue;
        }
        if (!spec.startsWith("@gotrace/")) continue;
        const [scope, name, ...rest] = spec.split("/");
        const targetName = `${scope}/${name}`;
        const sub = rest.length > 0 ? `./${rest.join("/")}` : ".";
        const target = byName.get(targetName);
        if (target === undefined) {
          report(at, `imports "${spec}": no workspace package ${targetName}`);
          continue;
        }
        if (rest[0] === "src" || rest[0] === "dist") {
          report(at, `imports "${spec}", ${targetName}'s files; import the package or a subpath it exports`);
        } else if (targetName !== pkg.name && !(target.json.exports && sub in target.json.exports)) {
          report(at, `imports "${spec}", but ${targetName} exports no "${sub}"`);
        }
        if (targetName === pkg.name) continue;
        if (FIXTURES.has(pkg.name)) {
          report(at, `imports "${spec}": ${pkg.name} holds fixtures and imports no @gotrace package`);
        } else if (pkg.json.private !== true && target.json.private === true) {
          report(at, `imports "${spec}", a private package, from ${pkg.name}'s shipped code`);
        } else if (layerOf(pkg.name) >= 0 && layerOf(targetName) >= layerOf(pkg.name)) {
          report(at, `imports "${spec}": ${pkg.name} may import only layers below it (${layerNames})`);
        }
      }

      if (shipped) {
        for (const [re, what] of NODE_GLOBALS) {
          const m = re.exec(scanned.code);
          if (m) report(m.index, `uses the Node global ${what}: ${pkg.name} runs in browsers`);
        }
      }
    }
  }
  return problems;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const flag = process.argv.indexOf("--root");
  const root = flag >= 0 ? resolve(process.argv[flag + 1] ?? ".") : resolve(new URL("..", import.meta.url).pathname);
  const problems = checkLayers(root);
  for (const p of problems) process.stderr.write(`${p}\n`);
  if (problems.length > 0) {
    process.stderr.write(`check-layers: ${problems.length} violation${problems.length === 1 ? "" : "s"}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `check-layers: ${LAYERS.map((names) => names.map((n) => n.replace("@gotrace/", "")).join("/")).join(" <- ")} holds\n`,
  );
}
