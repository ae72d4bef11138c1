// Byte-exact reimplementations of the Go formatting routines whose output gotrace must
// reproduce: strconv quoting, %.2f, slices.SortFunc's tie order and text/tabwriter.
export { formatFixed2 } from "./float.js";
export { renderFootprint } from "./footprint-render.js";
export { goIsPrint } from "./isprint.js";
export type { CompareFunc, SortPath, SortProbe } from "./pdqsort.js";
export { goSortFunc } from "./pdqsort.js";
export { goQuote } from "./quote.js";
export type { TabWriterOptions } from "./tabwriter.js";
export { FOOTPRINT_TABWRITER_OPTIONS, formatTable, TabWriter } from "./tabwriter.js";
export { ERR_SYNTAX_MESSAGE, goUnquote } from "./unquote.js";
