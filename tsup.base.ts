// One tsup factory for every published package, so a later move to tsdown touches one file.
import { defineConfig, type Options } from "tsup";

export function packageConfig(entry: Record<string, string>, extra: Partial<Options> = {}) {
  return defineConfig({
    entry,
    format: ["esm"],
    dts: true,
    sourcemap: true,
    target: "node20",
    platform: "neutral",
    clean: true,
    ...extra,
  });
}
