import { packageConfig } from "../../tsup.base.ts";

// heap-worker is the analysing half of `gotrace heap`, loaded by path as a worker thread.
export default packageConfig({ index: "src/index.ts", "heap-worker": "src/heap-worker.ts" }, { platform: "node" });
