import { packageConfig } from "../../tsup.base.ts";

// heap-worker is the analysing half of `gotrace heap`, loaded by path as a worker thread.
// shims: the CommonJS build (dist/index.cjs) finds heap-worker.js next to itself through
// import.meta.url, which CommonJS lacks; tsup's shim derives it from __filename there.
export default packageConfig(
  { index: "src/index.ts", "heap-worker": "src/heap-worker.ts" },
  { platform: "node", shims: true },
);
