// The browser bundle's entry: reader, heap, analysis and perfetto (and the codec under them)
// as a web page gets them from a bundler. It exposes one function for the test to call.
import { analyzeTrace } from "@gotrace/analysis";
import { countFootprint, FootprintCounter, parseHeader, RawDecoder } from "@gotrace/codec";
import { analyzeHeap } from "@gotrace/heap";
import { renderHtmlReport } from "@gotrace/heap/html";
import { exportPerfetto } from "@gotrace/perfetto";
import { TraceReader } from "@gotrace/reader";
import { analysisTotals, footprintText, perfettoTotals, summarise } from "./summarise.cjs";

globalThis.gotraceSummary = async (bytes) => ({
  ...(await summarise(bytes, { parseHeader, TraceReader, analyzeHeap, renderHtmlReport })),
  analysis: analysisTotals(await analyzeTrace(bytes)),
  perfetto: perfettoTotals(await exportPerfetto(bytes), await exportPerfetto(bytes, { compression: "none" })),
  // the tally's WebAssembly loop, compiled on the page's main thread
  footprint: footprintText(bytes, { RawDecoder, FootprintCounter, countFootprint }),
});
