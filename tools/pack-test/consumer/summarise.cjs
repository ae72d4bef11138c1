// What every consumer (ESM, CommonJS, the browser bundle) and the test itself
// compute from the sample trace, given the packages as each loaded them. The
// numbers must agree everywhere: the same code, however it was packaged.
"use strict";

/**
 * @param {Uint8Array} bytes the trace
 * @param {{ parseHeader: Function, TraceReader: Function, analyzeHeap: Function, renderHtmlReport: Function }} api
 */
async function summarise(bytes, api) {
  const header = api.parseHeader(bytes);
  const reader = new api.TraceReader(bytes);
  let events = 0;
  while (reader.next() !== null) events++;
  const { report } = await api.analyzeHeap(bytes);
  return {
    version: header.version,
    events,
    heap: heapTotals(report),
    htmlHasCharts: api.renderHtmlReport(report).includes('<svg class="chart'),
  };
}

/** The totals of a heap report that every way of running the analysis must agree on. */
function heapTotals(report) {
  return {
    events: report.trace.events,
    allocFreeEvents: report.trace.allocFreeEvents,
    liveObjects: report.liveAtEnd.objects,
    liveBytes: report.liveAtEnd.bytes,
    allocatedObjects: report.allocation.objects,
    allocatedBytes: report.allocation.bytes,
  };
}

/** The totals of @gotrace/analysis's analyzeTrace that every way of loading it must agree on. */
function analysisTotals(analysis) {
  const s = analysis.summary;
  return {
    events: s.events,
    goroutines: s.goroutines.length,
    tasks: s.tasks.length,
    execTime: s.goroutines.reduce((n, g) => n + g.stats.execTime, 0),
    groups: analysis.groups.length,
    regionTypes: analysis.regionTypes.length,
  };
}

/** The size and packet count of @gotrace/perfetto's export: every way of loading it must write the same bytes. */
function perfettoTotals(deflated, plain) {
  // Each file is a run of Trace.packet records: tag 0x0a, a varint length, the packet. The deflated
  // one's bytes depend on the platform's deflate, so only its records are counted, and how many of
  // them are compressed_packets (field 50: tag bytes 0x92 0x03); the plain one is the same anywhere.
  const records = (bytes) => {
    let packets = 0;
    let compressed = 0;
    let at = 0;
    while (at < bytes.length) {
      if (bytes[at] !== 0x0a) throw new Error(`byte ${at}: not a Trace.packet record`);
      at++;
      let len = 0;
      for (let shift = 0; ; shift += 7) {
        const b = bytes[at++];
        len += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
      }
      if (bytes[at] === 0x92 && bytes[at + 1] === 0x03) compressed++;
      at += len;
      packets++;
    }
    return { packets, compressed, whole: at === bytes.length };
  };
  const d = records(deflated);
  const p = records(plain);
  return {
    records: d.packets,
    compressed: d.compressed,
    whole: d.whole && p.whole,
    smaller: deflated.length < plain.length,
    plainBytes: plain.length,
    plainPackets: p.packets,
  };
}

/** How many goroutine breakdown bars a page of @gotrace/analysis/html draws: one per start function shown. */
function breakdownBars(html) {
  return (html.match(/data-chart="breakdown"/g) ?? []).length;
}

/** The footprint table (`gotrace footprint`'s text) of a trace in memory, from the codec's tally. */
function footprintText(bytes, api) {
  const decoder = new api.RawDecoder();
  const counter = new api.FootprintCounter();
  decoder.push(bytes);
  decoder.finish();
  api.countFootprint(decoder, counter);
  return counter.render(decoder.table, bytes.length);
}

module.exports = { summarise, heapTotals, analysisTotals, perfettoTotals, breakdownBars, footprintText };
