// A strict TypeScript consumer compiled as CommonJS (.cts under nodenext): its
// imports are require() calls, so they resolve through the "require"
// conditions and the .d.cts declarations. Type-checked, never run.
import analysis = require("@gotrace/analysis");
import cli = require("@gotrace/cli");
import codec = require("@gotrace/codec");
import heap = require("@gotrace/heap");
import html = require("@gotrace/heap/html");
import reader = require("@gotrace/reader");

async function use(bytes: Uint8Array): Promise<string> {
  const header: codec.TraceHeader | null = codec.parseHeader(bytes);
  const events = new reader.TraceReader(bytes);
  const report: heap.HeapReport = (await heap.analyzeHeap(bytes)).report;
  // @ts-expect-error the declarations are real: a count is not a string (fails if types resolve to any).
  const wrong: string = report.liveAtEnd.objects;
  const status: number = await cli.main(["validate", "trace.out"]);
  const summary: analysis.TraceSummary = (await analysis.analyzeTrace(bytes)).summary;
  // @ts-expect-error the declarations are real: a goroutine count is not a string.
  const goroutines: string = summary.goroutines.length;
  return `${header?.version} ${events.next() === null} ${wrong} ${status} ${html.renderHtmlReport(report).length} ${goroutines}`;
}

export = use;
