// @gotrace/perfetto: Go execution traces as Perfetto traces (TracePacket /
// TrackEvent protobuf, Perfetto's own schema), streamed one generation at a
// time. Consumes @gotrace/reader; runs in browsers.
export { chromeTraceChunks, exportPerfetto, perfettoChunks, perfettoStream } from "./export.js";
export type { PerfettoOptions, TraceSource } from "./export.js";
export { PerfettoExporter } from "./exporter.js";
export { ChromeTraceExporter } from "./chrome/chrome-trace.js";
