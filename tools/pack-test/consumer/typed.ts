// A strict TypeScript consumer (module and moduleResolution nodenext, ESM):
// type-checked against the installed packages' declarations, never run.
import { type TraceAnalysis, analyzeTrace } from "@gotrace/analysis";
import { type HtmlParts, renderAnalysisHtml } from "@gotrace/analysis/html";
import { main } from "@gotrace/cli";
import { type TraceHeader, TraceError, parseHeader } from "@gotrace/codec";
import { type HeapReport, analyzeHeap } from "@gotrace/heap";
import { renderHtmlReport } from "@gotrace/heap/html";
import { TraceReader } from "@gotrace/reader";

export async function use(bytes: Uint8Array): Promise<string> {
  const header: TraceHeader | null = parseHeader(bytes);
  const reader = new TraceReader(bytes);
  const first = reader.next();
  const report: HeapReport = (await analyzeHeap(bytes)).report;
  const live: number = report.liveAtEnd.bytes;
  // @ts-expect-error the declarations are real: a count is not a string (fails if types resolve to any).
  const wrong: string = report.trace.events;
  const status: number = await main(["validate", "trace.out"]);
  const isTraceError: boolean = TraceError.isInstance(new Error("x"));
  const analysis: TraceAnalysis = await analyzeTrace(bytes);
  // @ts-expect-error the declarations are real: a duration is not a string.
  const exec: string = analysis.summary.goroutines[0]?.stats.execTime ?? 0;
  const parts: HtmlParts = { style: "", body: "", script: "" };
  const page: string = renderAnalysisHtml(analysis, null, { extraParts: [parts] });
  return `${page.length} ${header?.version} ${first === null} ${live} ${wrong} ${status} ${isTraceError} ${renderHtmlReport(report).length} ${exec}`;
}
