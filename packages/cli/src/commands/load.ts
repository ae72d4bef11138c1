// The reader and the heap analysis are loaded when a command first needs
// them, not when gotrace starts: `footprint`, `wire`, `text` and `encode`
// use only the codec, and loading the others' code takes longer than some
// commands take to run on a small trace.

/** @gotrace/reader, loaded on first use. */
export function loadReader(): Promise<typeof import("@gotrace/reader")> {
  return import("@gotrace/reader");
}

/** @gotrace/reader/internal (what only gotrace's own packages use), loaded on first use. */
export function loadReaderInternal(): Promise<typeof import("@gotrace/reader/internal")> {
  return import("@gotrace/reader/internal");
}

/** @gotrace/analysis, loaded on first use. */
export function loadAnalysis(): Promise<typeof import("@gotrace/analysis")> {
  return import("@gotrace/analysis");
}

/** @gotrace/analysis/html (the analysis page), loaded on first use. */
export function loadAnalysisHtml(): Promise<typeof import("@gotrace/analysis/html")> {
  return import("@gotrace/analysis/html");
}

/** @gotrace/heap/html (the heap report's page and parts), loaded on first use. */
export function loadHeapHtml(): Promise<typeof import("@gotrace/heap/html")> {
  return import("@gotrace/heap/html");
}

/** @gotrace/heap, loaded on first use. */
export function loadHeap(): Promise<typeof import("@gotrace/heap")> {
  return import("@gotrace/heap");
}

/** @gotrace/perfetto, loaded on first use. */
export function loadPerfetto(): Promise<typeof import("@gotrace/perfetto")> {
  return import("@gotrace/perfetto");
}
