// renderAnalysisHtml: the trace's analyses as one self-contained HTML page:
// overview cards, goroutines by start function with a breakdown bar each,
// latency histograms of task and region types, and the MMU curve. Charts are
// inline SVG drawn here; the page has no script of its own and fetches
// nothing. Other reports' parts (the heap report's) go after its sections.
import type { TraceAnalysis } from "../analyze.js";
import { formatDuration } from "../duration.js";
import { type GoroutineGroup, sumStats } from "../groups.js";
import { sampleMMUCurve } from "../mmu.js";
import { type MMUAnalysis, mmuWindows } from "../mmu-trace.js";
import type { ExecStats } from "../types.js";
import type { DurationHistogram, Quantiles } from "../user-stats.js";
import { BREAKDOWN_COLORS, STYLE } from "./style.js";

/** Another report's pieces for the same page (the heap report's `renderHtmlParts` gives these). */
export interface HtmlParts {
  /** CSS for the page's `<style>`. */
  style: string;
  /** Markup placed after the analysis sections. */
  body: string;
  /** JavaScript run at the end of the page ("" for none). */
  script: string;
}

/** How {@link renderAnalysisHtml} lays the page out. */
export interface AnalysisHtmlOptions {
  /** Start functions with a row of their own; the rest share one row (default 20). */
  topGroups?: number | undefined;
  /** Task types, and region types, with a histogram each, most frequent first (default 8 each). */
  topTypes?: number | undefined;
  /** Worst windows listed per window size under the MMU curve (default 3). */
  worstWindows?: number | undefined;
  /** Points of the MMU curve, log-spaced from 1 µs to the trace's length (default 100, the /mmu page's). */
  mmuSamples?: number | undefined;
  /** What the trace is (a file name), for the page's title and heading. */
  title?: string | undefined;
  /** More sentences for the page's limits box, after the analyses' own. */
  limits?: readonly string[] | undefined;
  /** Other reports' parts, placed after the analysis sections in this order. */
  extraParts?: readonly HtmlParts[] | undefined;
}

/** The breakdown's parts, in the bar's order: the non-overlapping pieces of a goroutine's time. */
const BREAKDOWN: readonly { key: keyof typeof BREAKDOWN_COLORS; label: string; of: (s: ExecStats) => number }[] = [
  { key: "exec", label: "execution", of: (s) => s.execTime },
  { key: "sched", label: "scheduler wait", of: (s) => s.schedWaitTime },
  { key: "block", label: "blocked", of: blockTime },
  { key: "syscall", label: "syscall", of: (s) => s.syscallTime },
  { key: "syscallBlock", label: "syscall, blocked", of: (s) => s.syscallBlockTime },
  { key: "unknown", label: "unknown", of: (s) => s.unknownTime },
];

/**
 * The analyses of one trace as a self-contained HTML page (inline CSS and SVG, no script of its
 * own, nothing fetched): overview cards; goroutines by start function with their time split
 * into execution, scheduler wait, block (by reason), syscall and unknown, and a bar of that
 * split per group; cmd/trace's log-scale duration histogram with quantiles for the most
 * frequent task and region types; the MMU curve of `mmu` (null: not measured) with its worst
 * windows. Every string from the trace is escaped. `options.extraParts` (another report's
 * style, body and script) follow the analysis sections; the analysis's CSS is scoped under
 * `.gta` so theirs and its do not collide.
 */
export function renderAnalysisHtml(
  analysis: TraceAnalysis,
  mmu: MMUAnalysis | null,
  options: AnalysisHtmlOptions = {},
): string {
  const extras = options.extraParts ?? [];
  const { summary } = analysis;
  const title = options.title === undefined ? "Go trace report" : `Go trace report · ${options.title}`;
  const sections = [
    header(analysis, mmu, options),
    cards(analysis),
    groupsSection(analysis.groups, options.topGroups ?? 20),
    latencySection(analysis, options.topTypes ?? 8),
    mmuSection(mmu, options.worstWindows ?? 3, options.mmuSamples ?? 100),
  ];
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    // Forbids every fetch: the page is self-contained, and this keeps it so if it is ever served.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    `<title>${esc(title)} · ${esc(formatDuration(summary.endTime - summary.startTime))}</title>` +
    `<style>${STYLE}${extras.map((p) => p.style).join("\n")}</style></head>` +
    `<body class="gta-page"><main><div class="gta" id="trace-analysis">${sections.join("\n")}</div>` +
    extras.map((p) => p.body).join("\n") +
    `<div class="gta"><footer>gotrace report · @gotrace/analysis</footer></div></main>` +
    extras
      .filter((p) => p.script !== "")
      .map((p) => `<script>${p.script}</script>`)
      .join("") +
    `</body></html>\n`
  );
}

/** Escapes text for element content and quoted attribute values. */
function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** A whole count with thousands grouped: "1,234,567". */
function fmtCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1 task", "3 tasks": a count and its noun. */
function counted(n: number, noun: string): string {
  return `${fmtCount(n)} ${noun}${n === 1 ? "" : "s"}`;
}

function fmtPct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

/** Two significant digits for axis labels ("1.6µs", "25ms"), where Go's full form would crowd. */
function shortDuration(ns: number): string {
  const units: [number, string][] = [
    [1e9, "s"],
    [1e6, "ms"],
    [1e3, "µs"],
  ];
  for (const [div, unit] of units) {
    if (ns >= div) return `${Number((ns / div).toPrecision(2))}${unit}`;
  }
  return `${Math.round(ns)}ns`;
}

/** All of a goroutine's block time but the syscall kind, over every reason. */
function blockTime(s: ExecStats): number {
  let sum = 0;
  for (const v of Object.values(s.blockTimeByReason)) sum += v;
  return sum;
}

function section(id: string, heading: string, lead: string, body: string): string {
  return `<section id="${id}"><h2>${esc(heading)}</h2><p class="lead">${esc(lead)}</p>${body}</section>`;
}

function header(a: TraceAnalysis, mmu: MMUAnalysis | null, options: AnalysisHtmlOptions): string {
  // analyzeTrace with mmuFlags repeats the MMU's limits in its own: each sentence once.
  const limits = [...new Set([...a.limits, ...(mmu?.limits ?? []), ...(options.limits ?? [])])];
  const box =
    limits.length > 0
      ? `<div class="gta-limits" role="note" id="trace-limits"><h2>What this report cannot tell</h2><ul>${limits
          .map((l) => `<li>${esc(l)}</li>`)
          .join("")}</ul></div>`
      : "";
  const sub = options.title === undefined ? "" : `<span class="sub">${esc(options.title)}</span>`;
  const toc = [
    ["trace-goroutines", "Goroutines"],
    ["trace-latency", "Latency"],
    ["trace-mmu", "MMU"],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join("");
  return `<header><h1>Go trace report${sub}</h1>${box}<nav class="gta-toc">${toc}</nav></header>`;
}

function cards(a: TraceAnalysis): string {
  const s = a.summary;
  const userGoroutines = s.goroutines.filter((g) => !g.isSystem).length;
  const tasks = s.tasks.filter((t) => t.id > 0);
  const complete = tasks.filter((t) => t.complete).length;
  let regions = 0;
  for (const r of a.regionTypes) regions += r.count;
  const ranges = new Map<string, number>();
  for (const g of a.groups) {
    for (const [name, ns] of Object.entries(g.stats.rangeTime)) ranges.set(name, (ranges.get(name) ?? 0) + ns);
  }
  let rangeNs = 0;
  for (const ns of ranges.values()) rangeNs += ns;
  const biggest = [...ranges].sort((x, y) => y[1] - x[1]).slice(0, 2);
  const list: [string, string, string, string][] = [
    ["duration", "Duration", formatDuration(s.endTime - s.startTime), "first to last event"],
    ["events", "Events", fmtCount(s.events), "ordered and validated"],
    ["goroutines", "Goroutines", fmtCount(s.goroutines.length), `${fmtCount(userGoroutines)} not the runtime's`],
    [
      "tasks",
      "Tasks",
      fmtCount(tasks.length),
      `${fmtCount(complete)} complete, ${counted(a.taskTypes.length, "type")}`,
    ],
    ["regions", "Regions", fmtCount(regions), counted(a.regionTypes.length, "type")],
    [
      "gc-ranges",
      "GC-related ranges",
      formatDuration(rangeNs),
      biggest.length === 0
        ? "goroutine time in GC assist, sweep and STW: none"
        : `goroutine time in ${biggest.map(([n, ns]) => `${n} ${formatDuration(ns)}`).join(", ")}`,
    ],
  ];
  return `<div class="gta-cards" id="trace-overview">${list
    .map(
      ([key, label, value, detail]) =>
        `<div class="gta-card" data-card="${key}"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="detail">${esc(detail)}</div></div>`,
    )
    .join("")}</div>`;
}

function groupsSection(groups: readonly GoroutineGroup[], top: number): string {
  const lead =
    "Goroutines by start function, largest total time first, as go tool trace's goroutine pages count it. Each bar splits the group's time into its non-overlapping parts; block time is listed by the reason the runtime gave.";
  if (groups.length === 0) {
    return section("trace-goroutines", "Goroutines", lead, `<div class="gta-empty">No goroutines in the trace.</div>`);
  }
  const sorted = [...groups].sort(
    (x, y) => y.stats.totalTime - x.stats.totalTime || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0),
  );
  const shown = sorted.slice(0, top);
  const rest = sorted.slice(top);
  const legend = `<div class="gta-legend">${BREAKDOWN.map(
    (b) => `<span><i class="gta-swatch" style="background:${BREAKDOWN_COLORS[b.key]}"></i>${esc(b.label)}</span>`,
  ).join("")}</div>`;
  const head = [
    "start function",
    "count",
    "total",
    "execution",
    "sched wait",
    "block",
    "syscall",
    "syscall block",
    "unknown",
    "breakdown",
  ]
    .map((h, i) => `<th${i > 0 && i < 9 ? ' class="num"' : ""}>${h}</th>`)
    .join("");
  const rows = shown.map((g, i) => groupRow(g.name === "" ? "(unknown)" : g.name, g.count, g.stats, `${i}`));
  if (rest.length > 0) {
    const sum = sumStats(rest.map((g) => g.stats));
    let count = 0;
    for (const g of rest) count += g.count;
    rows.push(groupRow(`${rest.length} more start functions`, count, sum, "rest"));
  }
  return section(
    "trace-goroutines",
    "Goroutines",
    lead,
    `${legend}<div class="gta-table-wrap"><table class="gta-groups"><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`,
  );
}

function groupRow(name: string, count: number, s: ExecStats, key: string): string {
  const reasons = Object.entries(s.blockTimeByReason)
    .filter(([, ns]) => ns > 0)
    .sort((x, y) => y[1] - x[1]);
  const reasonList =
    reasons.length === 0
      ? ""
      : `<span class="reasons">${reasons
          .map(([r, ns]) => `${esc(r === "" ? "(no reason)" : r)} ${esc(formatDuration(ns))}`)
          .join(", ")}</span>`;
  const num = (ns: number) => `<td class="num">${esc(formatDuration(ns))}</td>`;
  const cls = key === "rest" ? ' class="rest"' : "";
  return (
    `<tr${cls} data-group="${key}" data-count="${count}" data-exec-ns="${s.execTime}" data-total-ns="${s.totalTime}">` +
    `<td><code>${esc(name)}</code></td><td class="num">${fmtCount(count)}</td>` +
    num(s.totalTime) +
    num(s.execTime) +
    num(s.schedWaitTime) +
    `<td class="num">${esc(formatDuration(blockTime(s)))}${reasonList}</td>` +
    num(s.syscallTime) +
    num(s.syscallBlockTime) +
    num(s.unknownTime) +
    `<td>${breakdownBar(name, s)}</td></tr>`
  );
}

/** The group's time as one stacked bar, each part's width its share; the parts can add up to more than totalTime (Go's unknownTime is then 0). */
function breakdownBar(name: string, s: ExecStats): string {
  const W = 220;
  const parts = BREAKDOWN.map((b) => ({ ...b, ns: b.of(s) }));
  let sum = 0;
  for (const p of parts) sum += p.ns;
  const whole = Math.max(sum, s.totalTime);
  let x = 0;
  const rects: string[] = [];
  if (whole > 0) {
    for (const p of parts) {
      if (p.ns <= 0) continue;
      const w = (p.ns / whole) * W;
      rects.push(
        `<rect data-part="${p.key}" x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="14" fill="${BREAKDOWN_COLORS[p.key]}"><title>${esc(
          `${p.label}: ${formatDuration(p.ns)} (${fmtPct(p.ns / whole)})`,
        )}</title></rect>`,
      );
      x += w;
    }
  }
  return `<svg class="gta-bar" data-chart="breakdown" data-points="${rects.length}" viewBox="0 0 ${W} 14" width="${W}" height="14" role="img" aria-label="${esc(
    `time of ${name}`,
  )}" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="${W}" height="14" fill="#f1f3f5"></rect>${rects.join("")}</svg>`;
}

function latencySection(a: TraceAnalysis, top: number): string {
  const byCount = <T extends { count: number; name: string }>(list: readonly T[]) =>
    [...list].sort((x, y) => y.count - x.count || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const tasks = byCount(a.taskTypes.filter((t) => t.name !== "")).slice(0, top);
  const regions = byCount(a.regionTypes).slice(0, top);
  const taskCards = tasks.map((t) =>
    histogramCard(
      "task",
      t.name,
      "",
      `${counted(t.count, "task")}, ${fmtCount(t.complete)} complete`,
      t.quantiles,
      t.histogram,
    ),
  );
  const regionCards = regions.map((r) =>
    histogramCard(
      "region",
      r.name === "" ? "(inherited at creation)" : r.name,
      r.frame === null ? "" : r.frame.func,
      counted(r.count, "region"),
      r.quantiles,
      r.histogram,
    ),
  );
  const more = (shown: number, total: number, what: string) =>
    shown < total ? `<p class="gta-note">${total - shown} more ${what} not drawn.</p>` : "";
  const body =
    `<h3>Task types</h3>` +
    (taskCards.length === 0
      ? `<div class="gta-empty">No user tasks (runtime/trace.NewTask) in the trace.</div>`
      : `<div class="gta-hists">${taskCards.join("")}</div>`) +
    more(tasks.length, a.taskTypes.filter((t) => t.name !== "").length, "task types") +
    `<h3 style="margin-top:16px">Region types</h3>` +
    (regionCards.length === 0
      ? `<div class="gta-empty">No user regions (runtime/trace.WithRegion) in the trace.</div>`
      : `<div class="gta-hists">${regionCards.join("")}</div>`) +
    more(regions.length, a.regionTypes.length, "region types");
  return section(
    "trace-latency",
    "Latency",
    "Durations of the most frequent task and region types, in go tool trace's log-scale buckets (five per power of ten); a task counts once it has both ends in the trace, a region open at an end of the trace counts from or to that end. Quantiles by nearest rank.",
    body,
  );
}

function histogramCard(
  kind: string,
  name: string,
  frame: string,
  counted: string,
  q: Quantiles | null,
  h: DurationHistogram,
): string {
  const stats =
    q === null
      ? `${counted}; no durations`
      : `${counted} · p50 ${formatDuration(q.p50)} · p90 ${formatDuration(q.p90)} · p99 ${formatDuration(q.p99)} · max ${formatDuration(q.max)}`;
  const where = frame === "" ? "" : ` <span class="gta-stats">at <code>${esc(frame)}</code></span>`;
  return (
    `<div class="gta-hist" data-kind="${kind}" data-count="${h.count}"><h3><code>${esc(name)}</code>${where}</h3>` +
    `<p class="gta-stats">${esc(stats)}</p>${histogramChart(h)}</div>`
  );
}

/** cmd/trace's histogram as bars: one per bucket from the lowest to the highest used, a count over each. */
function histogramChart(h: DurationHistogram): string {
  if (h.count === 0 || h.buckets.length === 0) {
    return `<div class="gta-empty" data-chart="histogram" data-points="0">No complete durations to draw.</div>`;
  }
  const W = 360;
  const H = 150;
  const left = 8;
  const right = 8;
  const top = 16;
  const bottom = 22;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const n = h.buckets.length;
  const bw = plotW / n;
  let max = 0;
  for (const b of h.buckets) max = Math.max(max, b.count);
  // Labels every few buckets so they do not run into each other: about 55px per label.
  const labelEvery = Math.max(1, Math.ceil(55 / bw));
  const parts: string[] = [
    `<line class="axis" x1="${left}" y1="${top + plotH}" x2="${W - right}" y2="${top + plotH}"/>`,
  ];
  h.buckets.forEach((b, i) => {
    const x = left + i * bw;
    const bh = max === 0 ? 0 : (b.count / max) * plotH;
    const y = top + plotH - bh;
    if (b.count > 0) {
      parts.push(
        `<rect class="hbar" data-count="${b.count}" x="${(x + 1).toFixed(2)}" y="${y.toFixed(2)}" width="${Math.max(1, bw - 2).toFixed(2)}" height="${Math.max(1, bh).toFixed(2)}"><title>${esc(
          `${formatDuration(b.minNs)} to ${formatDuration(b.maxNs)}: ${fmtCount(b.count)}`,
        )}</title></rect>`,
      );
      if (bw >= 14) {
        parts.push(
          `<text class="value" x="${(x + bw / 2).toFixed(2)}" y="${(y - 3).toFixed(2)}" text-anchor="middle">${fmtCount(b.count)}</text>`,
        );
      }
    }
    if (i % labelEvery === 0) {
      parts.push(`<text x="${x.toFixed(2)}" y="${H - 6}" text-anchor="start">${esc(shortDuration(b.minNs))}</text>`);
    }
  });
  return `<svg class="gta-chart" data-chart="histogram" data-points="${n}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="duration histogram" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>`;
}

function mmuSection(mmu: MMUAnalysis | null, worst: number, samples: number): string {
  const lead =
    "Minimum mutator utilization: for each window size, the lowest share of the machine the program itself had in any window of that size, with stop-the-world, background mark workers and mark assists counted against it (go tool trace's /mmu page). The window axis is logarithmic, from 1 µs to the trace's length.";
  if (mmu === null) {
    return section("trace-mmu", "Minimum mutator utilization", lead, `<div class="gta-empty">Not measured.</div>`);
  }
  const u = mmu.utilization;
  const duration = u.endTime - u.startTime;
  if (duration < 1000) {
    return section(
      "trace-mmu",
      "Minimum mutator utilization",
      lead,
      `<div class="gta-empty" data-chart="mmu" data-points="0">The trace covers less than 1 µs: no window to measure.</div>`,
    );
  }
  const points = sampleMMUCurve(mmu.curve, duration, { samples });
  const windows = mmuWindows(duration).filter((w) => w <= duration);
  const rows = windows.map((w) => {
    const examples = worst > 0 ? mmu.curve.examples(w, worst) : [];
    const list = examples.map((e) => `${formatDuration(e.time - u.startTime)}: ${fmtPct(e.mutatorUtil)}`).join(", ");
    return `<tr data-window-ns="${w}"><td class="num">${esc(formatDuration(w))}</td><td class="num">${esc(fmtPct(mmu.curve.mmu(w)))}</td><td>${esc(list)}</td></tr>`;
  });
  const table = `<h3 style="margin-top:14px">Worst windows</h3><div class="gta-table-wrap"><table class="gta-worst"><thead><tr><th class="num">window</th><th class="num">MMU</th><th>worst windows (start after the trace's start: utilization)</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
  const note =
    u.series.length === 0
      ? `<p class="gta-note">The trace has no GOMAXPROCS metric, so the utilization is 1 throughout.</p>`
      : "";
  return section("trace-mmu", "Minimum mutator utilization", lead, mmuChart(points, duration) + note + table);
}

/** The sampled curve as a line: x the window on a log scale from 1 µs to the trace's length, y the MMU from 0 to 1. */
function mmuChart(points: readonly { window: number; mmu: number }[], duration: number): string {
  const W = 760;
  const H = 280;
  const left = 44;
  const right = 16;
  const top = 12;
  const bottom = 34;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const lo = Math.log10(1000);
  const hi = Math.log10(duration);
  const span = hi - lo;
  const xOf = (w: number) => left + (span <= 0 ? 0 : ((Math.log10(w) - lo) / span) * plotW);
  const yOf = (v: number) => top + (1 - v) * plotH;
  const parts: string[] = [];
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    const y = yOf(v).toFixed(2);
    parts.push(`<line class="grid" x1="${left}" y1="${y}" x2="${W - right}" y2="${y}"/>`);
    parts.push(`<text x="${left - 6}" y="${(yOf(v) + 4).toFixed(2)}" text-anchor="end">${v * 100}%</text>`);
  }
  for (let e = 3; e <= Math.floor(hi); e++) {
    const x = xOf(10 ** e).toFixed(2);
    parts.push(`<line class="grid" x1="${x}" y1="${top}" x2="${x}" y2="${top + plotH}"/>`);
    parts.push(`<text x="${x}" y="${H - bottom + 16}" text-anchor="middle">${esc(shortDuration(10 ** e))}</text>`);
  }
  parts.push(`<line class="axis" x1="${left}" y1="${top + plotH}" x2="${W - right}" y2="${top + plotH}"/>`);
  parts.push(`<text x="${left + plotW / 2}" y="${H - 2}" text-anchor="middle">window size</text>`);
  const d = points
    .map((p, i) => `${i === 0 ? "M" : "L"}${xOf(p.window).toFixed(2)} ${yOf(p.mmu).toFixed(2)}`)
    .join(" ");
  parts.push(`<path class="mmu" d="${d}"/>`);
  return `<svg class="gta-chart" data-chart="mmu" data-points="${points.length}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="MMU curve" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>`;
}
