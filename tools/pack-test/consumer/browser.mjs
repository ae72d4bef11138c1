// The browser bundle's entry: reader, heap and analysis (and the codec under them)
// as a web page gets them from a bundler. It exposes one function for the test to call.
import { analyzeTrace } from "@gotrace/analysis";
import { parseHeader } from "@gotrace/codec";
import { analyzeHeap } from "@gotrace/heap";
import { renderHtmlReport } from "@gotrace/heap/html";
import { TraceReader } from "@gotrace/reader";
import { analysisTotals, summarise } from "./summarise.cjs";

globalThis.gotraceSummary = async (bytes) => ({
  ...(await summarise(bytes, { parseHeader, TraceReader, analyzeHeap, renderHtmlReport })),
  analysis: analysisTotals(await analyzeTrace(bytes)),
});
