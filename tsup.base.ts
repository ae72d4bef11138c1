// One tsup factory for every published package, so a later move to tsdown touches one file.
import { defineConfig, type Options } from "tsup";

export function packageConfig(entry: Record<string, string>, extra: Partial<Options> = {}) {
  return defineConfig({
    entry,
    // Both module systems: `import` gets dist/*.js (ESM, the package is "type": "module") and
    // `require` gets dist/*.cjs, each with its own declarations (.d.ts / .d.cts), so CommonJS
    // consumers on Node 20 (which cannot require() ESM) work too.
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    target: "node20",
    platform: "neutral",
    clean: true,
    ...extra,
  });
}
