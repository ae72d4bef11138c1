import { packageConfig } from "../../tsup.base.ts";

// Private and only imported by our own ESM code and tests: no CommonJS build.
export default packageConfig(
  { index: "src/index.ts", chromium: "src/chromium.ts" },
  { platform: "node", format: ["esm"] },
);
