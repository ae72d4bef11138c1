import { packageConfig } from "../../tsup.base.ts";

// `html` is the analysis page on its own (dist/html.js), as @gotrace/heap/html is the heap report's.
export default packageConfig({ index: "src/index.ts", html: "src/html/index.ts" });
