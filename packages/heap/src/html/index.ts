// The HTML report, importable on its own (dist/html.js) so tools can render a
// report without pulling in the trace analysis.
export { renderHtmlParts, renderHtmlReport } from "./render.js";
