// renderHtmlReport: the whole report as one self-contained HTML page. Inline
// CSS, inline SVG charts that need no script, and a small optional script for
// hover readouts. Nothing is fetched: the page works from a file, offline.

import type { HeapReport } from "../report/types.js";
import { lifetimeChart } from "./charts/lifetimes.js";
import { sizeClassChart } from "./charts/size-classes.js";
import { timelineChart } from "./charts/timeline.js";
import { esc, fmtBytes, fmtCount, fmtDuration, fmtPct, goVersionOf } from "./format.js";
import { SCRIPT, jsonScript } from "./script.js";
import { STYLE } from "./style.js";
import {
  allocTable,
  diffTable,
  gcTable,
  leakTable,
  lifetimesTable,
  sizeClassTable,
  spanChurnTable,
  spanKindsTable,
  stackSizesTable,
  typesTable,
} from "./tables.js";

/**
 * The heap report's pieces for a page that embeds them beside its own
 * sections (as `gotrace report` does): what goes in its `<style>`, its
 * `<body>` and a closing `<script>`. The body holds the report's header,
 * cards and sections (element ids `timeline`, `leaks`, `types`,
 * `size-classes`, `lifetimes`, `allocation`, `gc`, `spans`, `stacks`,
 * `diff`, `notes`) and the hover script's data; the style is the report's
 * whole stylesheet, which styles plain elements (`body`, `section`,
 * `table`) too. {@link renderHtmlReport} is these parts in a page of its own.
 */
export function renderHtmlParts(report: HeapReport): { style: string; body: string; script: string } {
  const { sections, data } = reportSections(report);
  return { style: STYLE, body: sections.join("\n") + data, script: SCRIPT };
}

/**
 * The report as one self-contained HTML page (no network access): the live
 * heap over time with HeapAlloc, HeapGoal and GC cycles, size-class
 * occupancy, lifetimes, and the report's tables. Charts are inline SVG.
 */
export function renderHtmlReport(report: HeapReport): string {
  const { sections, data } = reportSections(report);
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    // Forbids every fetch: the report is self-contained, and this keeps it so if it is ever opened from a server.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    `<title>Go heap report · ${esc(fmtDuration(report.trace.endNs - report.trace.startNs))} trace</title>` +
    `<style>${STYLE}</style></head><body><main>${sections.join("\n")}` +
    `<footer>gotrace heap report · schema ${esc(report.schema)} · size classes ${esc(report.sizeClassTable)}</footer>` +
    `</main>${data}<script>${SCRIPT}</script></body></html>\n`
  );
}

/** The header, cards and sections, and the timeline's data for the hover script ("" when it has none). */
function reportSections(report: HeapReport): { sections: string[]; data: string } {
  const timeline = timelineChart(report);
  const sections = [
    header(report),
    cards(report),
    section(
      "timeline",
      "Live heap over time",
      "Live bytes by type as the trace models them (stacked), the heap spans they occupy, and the runtime's own HeapAlloc and GC goal. Shaded bands are GC mark phases. Hover for values; click a line in the legend to hide it.",
      timeline.html,
    ),
    section(
      "leaks",
      "Leak suspects",
      "Types whose bytes found live by each GC cycle rose as a trend across the trace (consistently, in more than one step, and still in its later half), largest growth first. Growth across many cycles, not the size, is the signal; a flat cycle or two at the end does not hide it.",
      leakTable(report.leakSuspects),
    ),
    section(
      "types",
      "Live heap by type",
      "What the live bytes are made of, at the end of the trace and at its peak.",
      `<div class="grid2"><div><h3>At the end (${esc(fmtBytes(report.liveAtEnd.bytes))})</h3>${typesTable(
        report.liveAtEnd.byType,
        report.liveAtEnd.bytes,
        report.topTypes,
        "Nothing was live at the end of the trace.",
      )}</div><div><h3>At the peak (${esc(fmtBytes(report.peak.bytes))}, ${esc(
        fmtDuration(report.peak.timeNs - report.trace.startNs),
      )} in)</h3>${typesTable(report.peak.byType, report.peak.bytes, report.topTypes, "No peak: nothing was live during the trace.")}</div></div>`,
    ),
    section(
      "size-classes",
      "Size-class occupancy at the end",
      "Per size class, the bytes of its in-use spans and the live bytes in them. The light part of each bar is memory the heap holds but no live object uses (fragmentation).",
      sizeClassChart(report) +
        `<h3>Spans in use</h3>${spanKindsTable(report)}` +
        `<details class="more"><summary>Size-class table</summary>${sizeClassTable(report)}</details>`,
    ),
    section(
      "lifetimes",
      "Object lifetimes",
      "How long objects freed during the trace lived, and how many are still live at the end. Short-lived garbage in bulk means allocation rate (and GC frequency) is the cost; long-lived objects mean heap size is.",
      lifetimeChart(report) + `<h3>By type</h3>${lifetimesTable(report.lifetimes.byType)}`,
    ),
    allocationSection(report),
    section(
      "gc",
      "GC cycles",
      "Each cycle's mark phase, the live bytes the model saw around it and what its sweep freed.",
      gcTable(report.gcCycles, report.trace.startNs),
    ),
    spanChurnSection(report),
    stackSection(report),
    report.diff === null ? "" : diffSection(report),
    notesSection(report),
  ];
  return { sections, data: timeline.data ? jsonScript("timeline-data", timeline.data) : "" };
}

function section(id: string, heading: string, lead: string, body: string): string {
  return `<section id="${id}"><h2>${esc(heading)}</h2><p class="lead">${esc(lead)}</p>${body}</section>`;
}

function header(r: HeapReport): string {
  const t = r.trace;
  const facts: [string, string][] = [
    ["format", `${t.version} (${goVersionOf(t.version)})`],
    ["duration", fmtDuration(t.endNs - t.startNs)],
    ["events", fmtCount(t.events)],
    ["generations", fmtCount(t.generations)],
    ["alloc/free events", t.allocFreeEvents === 0 ? "none" : fmtCount(t.allocFreeEvents)],
    ["size classes", r.sizeClassTable],
  ];
  const info = r.info
    ? `page size ${fmtBytes(r.info.pageSize)}, min heap align ${fmtBytes(r.info.minHeapAlign)}, fixed stack ${fmtBytes(r.info.fixedStack)}, heap from ${r.info.minPageHeapAddr}`
    : "not in this trace";
  facts.push(["info batch", info]);
  const limits =
    r.limits.length > 0
      ? `<div class="limits" role="note"><h2>What this trace cannot tell</h2><ul>${r.limits.map((l) => `<li>${esc(l)}</li>`).join("")}</ul></div>`
      : `<p class="ok-note">✓ Nothing missing: the trace has everything this report needs.</p>`;
  const noAllocs =
    t.allocFreeEvents === 0
      ? `<div class="limits" role="note"><h2>No heap alloc/free events</h2><p>This trace was not recorded with <code>GODEBUG=traceallocfree=1</code>, so it says nothing about individual objects. Only the runtime's own heap metrics and GC cycles are shown.</p></div>`
      : "";
  const toc = [
    ["timeline", "Timeline"],
    ["leaks", "Leak suspects"],
    ["types", "Types"],
    ["size-classes", "Size classes"],
    ["lifetimes", "Lifetimes"],
    ["allocation", "Allocation"],
    ["gc", "GC cycles"],
    ["spans", "Span churn"],
    ["stacks", "Stacks"],
    ...(r.diff ? [["diff", "Diff"]] : []),
    ["notes", "HeapAlloc notes"],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join("");
  return (
    `<header><h1>Go heap report<span class="sub">${esc(fmtDuration(t.endNs - t.startNs))} of ${esc(goVersionOf(t.version))} trace</span></h1>` +
    `<div class="facts">${facts.map(([k, v]) => `<span>${esc(k)} <b>${esc(v)}</b></span>`).join("")}</div>` +
    noAllocs +
    limits +
    `<nav class="toc">${toc}</nav></header>`
  );
}

function cards(r: HeapReport): string {
  const end = r.liveAtEnd;
  const durNs = r.trace.endNs - r.trace.startNs;
  const completed = r.gcCycles.filter((c) => c.endNs !== null).length;
  const list: [string, string, string][] = [
    ["Live at end", fmtBytes(end.bytes), `${fmtCount(end.objects)} objects`],
    [
      "Peak live",
      fmtBytes(r.peak.bytes),
      `at ${fmtDuration(r.peak.timeNs - r.trace.startNs)}, ${fmtCount(r.peak.objects)} objects`,
    ],
    ["Fragmentation", fmtPct(end.fragmentation), `${fmtBytes(end.fragmentationBytes)} of span bytes unused`],
    [
      "Allocated",
      fmtBytes(r.allocation.bytes),
      `${fmtCount(r.allocation.objects)} objects${durNs > 0 ? `, ${fmtBytes((r.allocation.bytes / durNs) * 1e9)}/s` : ""}`,
    ],
    ["Goroutine stacks", fmtCount(end.stacks.count), `${fmtBytes(end.stacks.bytes)} at end`],
    ["GC cycles", fmtCount(r.gcCycles.length), `${fmtCount(completed)} finished in the trace`],
    [
      "Leak suspects",
      fmtCount(r.leakSuspects.length),
      r.leakSuspects.length ? `largest: ${r.leakSuspects[0]!.type}` : "none found",
    ],
  ];
  return `<div class="cards">${list
    .map(
      ([label, value, detail]) =>
        `<div class="card"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="detail">${esc(detail)}</div></div>`,
    )
    .join("")}</div>`;
}

function allocationSection(r: HeapReport): string {
  const a = r.allocation;
  const body =
    `<h3>By type</h3>${allocTable(a.byType, "type", a.bytes, "No allocations in the trace.")}` +
    `<h3>By goroutine group</h3>${allocTable(a.byGoroutineGroup, "goroutine group", a.bytes, "No allocations attributed to goroutines.")}` +
    `<h3>By task</h3>${allocTable(a.byTask, "task", a.bytes, "No allocations inside runtime/trace tasks.")}` +
    `<h3>By region</h3>${allocTable(a.byRegion, "region", a.bytes, "No allocations inside runtime/trace regions.")}`;
  return section(
    "allocation",
    "Allocation over the whole trace",
    `${fmtCount(a.objects)} objects, ${fmtBytes(a.bytes)} allocated; how much of it is still live at the end says what is garbage and what is retained.`,
    body,
  );
}

function spanChurnSection(r: HeapReport): string {
  const c = r.spanChurn;
  const kv = dl([
    ["spans allocated", `${fmtCount(c.allocated)} (${fmtBytes(c.allocatedBytes)})`],
    ["spans freed", `${fmtCount(c.freed)} (${fmtBytes(c.freedBytes)})`],
    ["net", fmtBytes(c.allocatedBytes - c.freedBytes)],
  ]);
  return section(
    "spans",
    "Span churn",
    "Spans the heap took from and gave back to the page heap during the trace. Heavy churn in one size class means the heap keeps growing and shrinking around that size.",
    kv + spanChurnTable(r),
  );
}

function stackSection(r: HeapReport): string {
  const s = r.stackGrowth;
  const kv = dl([
    ["stacks allocated", fmtCount(s.allocated)],
    ["stacks freed", fmtCount(s.freed)],
    ["live at end", `${fmtCount(s.liveAtEnd)} (${fmtBytes(s.liveBytesAtEnd)})`],
    ["peak stack bytes", fmtBytes(s.peakBytes)],
    ["largest stack", fmtBytes(s.largestBytes)],
  ]);
  return section(
    "stacks",
    "Goroutine stacks",
    "A goroutine whose stack outgrows it gets a new one twice the size; many large stacks allocated means deep recursion or big frames.",
    kv + stackSizesTable(r),
  );
}

function diffSection(r: HeapReport): string {
  const d = r.diff!;
  return section(
    "diff",
    `Diff: ${fmtDuration(d.fromNs - r.trace.startNs)} → ${fmtDuration(d.toNs - r.trace.startNs)}`,
    "Live heap per type at the second time minus at the first, largest growth first.",
    diffTable(r),
  );
}

function notesSection(r: HeapReport): string {
  const body =
    r.heapAllocNotes.length > 0
      ? `<ul class="notes">${r.heapAllocNotes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`
      : `<p class="empty-note">No notes: the model's live bytes and the runtime's HeapAlloc agree.</p>`;
  return section(
    "notes",
    "Model vs runtime HeapAlloc",
    "Where the live bytes above differ from what the runtime reported, and why.",
    body,
  );
}

function dl(rows: [string, string][]): string {
  return `<dl class="kv">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>`;
}
