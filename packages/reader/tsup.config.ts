import { packageConfig } from "../../tsup.base.ts";

// internal: the record protocol with @gotrace/heap, not for users (no semver guarantee).
export default packageConfig({ index: "src/index.ts", internal: "src/internal.ts" });
