import { packageConfig } from "../../tsup.base.ts";

// internal: what the other @gotrace packages need and users should not use (no semver guarantee).
export default packageConfig({ index: "src/index.ts", internal: "src/internal.ts" });
