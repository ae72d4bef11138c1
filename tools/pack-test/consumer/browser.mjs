// The browser bundle's entry: reader and heap (and the codec under them) as a
// web page gets them from a bundler. It exposes one function for the test to call.
import { parseHeader } from "@gotrace/codec";
import { analyzeHeap } from "@gotrace/heap";
import { renderHtmlReport } from "@gotrace/heap/html";
import { TraceReader } from "@gotrace/reader";
import { summarise } from "./summarise.cjs";

globalThis.gotraceSummary = (bytes) => summarise(bytes, { parseHeader, TraceReader, analyzeHeap, renderHtmlReport });
