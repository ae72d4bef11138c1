import { packageConfig } from "../../tsup.base.ts";

// `html` is the HTML report on its own (dist/html.js), for tools that render a
// saved report without loading the trace analysis.
export default packageConfig({ index: "src/index.ts", html: "src/html/index.ts" });
