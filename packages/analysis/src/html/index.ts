// @gotrace/analysis/html: the analyses as one self-contained HTML page,
// importable on its own so a tool can render saved analyses without the
// reader's code on its page.
export { renderAnalysisHtml } from "./render.js";
export type { AnalysisHtmlOptions, HtmlParts } from "./render.js";
