import { packageConfig } from "../../tsup.base.ts";

// heap-worker is the analysing half of `gotrace heap`, reading-worker the reading half of the
// analysis commands, and footprint-worker the second thread of
// `gotrace footprint` on big files, each loaded by path as a worker thread. settle is what the
// gotrace binary waits for before the process exits (bin/gotrace.js loads it by path).
// shims: the CommonJS build (dist/index.cjs) finds the workers next to itself through
// import.meta.url, which CommonJS lacks; tsup's shim derives it from __filename there.
export default packageConfig(
  {
    index: "src/index.ts",
    "heap-worker": "src/heap-worker.ts",
    "footprint-worker": "src/footprint-worker.ts",
    "reading-worker": "src/reading-worker.ts",
    settle: "src/settle.ts",
  },
  { platform: "node", shims: true },
);
