// The report's stylesheet, inlined into the page (no external fonts or
// files: the report must open offline and survive being mailed around).
// System font stacks only; colours match charts/palette.ts.

export const STYLE = `
:root {
  --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f6f7f9; --card: #fff;
  --accent: #3b5bdb; --warn-bg: #fff7e6; --warn-line: #f59f00; --up: #c92a2a; --down: #2b8a3e;
  --live: #1f2937; --span: #868e96; --alloc: #e03131; --goal: #7048e8; --gc: rgba(59, 91, 219, 0.13);
  --scan: #3b5bdb; --noscan: #12b886; --span-bytes: #cdd7f6; --lifetime: #4e79a7; --live-end: #f59f00;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h1 .sub { color: var(--muted); font-weight: 400; font-size: 15px; margin-left: 8px; }
h2 { font-size: 17px; margin: 0 0 4px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 16px 0; }
section > p.lead { color: var(--muted); margin: 0 0 12px; max-width: 90ch; }
nav.toc { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 10px 0 0; font-size: 13px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 8px 0 0; color: var(--muted); font-size: 13px; }
.facts b { color: var(--fg); font-weight: 600; }
.limits { background: var(--warn-bg); border: 1px solid var(--warn-line); border-left-width: 5px; border-radius: 6px; padding: 10px 14px; margin: 14px 0 0; }
.limits h2 { font-size: 14px; margin: 0 0 4px; }
.limits ul { margin: 0; padding-left: 20px; }
.limits li { margin: 2px 0; }
.ok-note { color: var(--down); font-size: 13px; margin: 12px 0 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 16px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.card .value { font-size: 24px; font-weight: 650; margin: 2px 0; font-variant-numeric: tabular-nums; }
.card .detail { color: var(--muted); font-size: 12.5px; }
.chart-wrap { position: relative; }
svg.chart { display: block; width: 100%; height: auto; overflow: visible; }
svg.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--muted); }
svg.chart text.axis-title { fill: var(--fg); font-size: 12.5px; }
svg.chart text.bar-value { fill: var(--fg); font-size: 11px; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .axis-line, svg.chart .tick-mark { stroke: #adb5bd; }
svg.chart .area { opacity: 0.9; stroke: none; }
svg.chart .line { fill: none; stroke-linejoin: round; }
svg.chart .line.live { stroke: var(--live); stroke-width: 2; }
svg.chart .line.span { stroke: var(--span); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg.chart .line.alloc { stroke: var(--alloc); stroke-width: 1.6; }
svg.chart .line.goal { stroke: var(--goal); stroke-width: 1.6; stroke-dasharray: 8 4; }
svg.chart .gc { fill: var(--gc); }
svg.chart .cursor { stroke: var(--fg); stroke-width: 1; stroke-dasharray: 3 3; pointer-events: none; }
svg.chart .bar.span-bytes { fill: var(--span-bytes); }
svg.chart .bar.live.scan { fill: var(--scan); }
svg.chart .bar.live.noscan { fill: var(--noscan); }
svg.chart .bar.lifetime { fill: var(--lifetime); }
svg.chart .bar.live-end { fill: var(--live-end); }
svg.chart .bar:hover { opacity: 0.75; }
svg.chart .off { display: none; }
.chart-empty { border: 1px dashed #ced4da; border-radius: 6px; padding: 28px; text-align: center; color: var(--muted); background: #fafbfc; }
.chart-note { color: var(--muted); font-size: 12.5px; margin: 6px 0 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 0; font-size: 12.5px; }
.legend-item { display: inline-flex; align-items: center; gap: 6px; border: 0; background: none; padding: 2px 0; font: inherit; color: inherit; }
.legend-item.toggle { cursor: pointer; }
.legend-item.toggle[aria-pressed="false"] { opacity: 0.4; text-decoration: line-through; }
.swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; flex: none; }
.swatch.gc { background: rgba(59, 91, 219, 0.22); }
.swatch.span-bytes { background: var(--span-bytes); }
.swatch.live.scan { background: var(--scan); }
.swatch.live.noscan { background: var(--noscan); }
.swatch-line { width: 20px; height: 0; display: inline-block; border-top: 2px solid; flex: none; }
.swatch-line.live { border-color: var(--live); }
.swatch-line.span { border-color: var(--span); border-top-style: dashed; }
.swatch-line.alloc { border-color: var(--alloc); }
.swatch-line.goal { border-color: var(--goal); border-top-style: dashed; }
.tooltip {
  position: absolute; pointer-events: none; background: rgba(255, 255, 255, 0.97); border: 1px solid #ced4da; border-radius: 6px;
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.12); padding: 8px 10px; font-size: 12px; min-width: 220px; z-index: 2;
}
.tooltip table { border-collapse: collapse; width: 100%; }
.tooltip td { padding: 1px 4px; border: 0; white-space: nowrap; }
.tooltip td.num { text-align: right; font-variant-numeric: tabular-nums; }
.tooltip .t { font-weight: 600; margin-bottom: 4px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { color: var(--muted); font-weight: 600; font-size: 12px; background: #fafbfc; position: sticky; top: 0; }
th[title] { text-decoration: underline dotted; cursor: help; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td code { overflow-wrap: break-word; }
table.narrow { width: auto; min-width: 420px; }
tbody tr:hover { background: #f8f9fb; }
.cell-bar { display: inline-flex; align-items: center; justify-content: flex-end; gap: 8px; }
.cell-bar .track { display: inline-block; width: 64px; height: 9px; background: #f1f3f5; border-radius: 2px; overflow: hidden; }
.cell-bar .fill { display: block; height: 100%; background: #91a7ff; }
ul.groups { margin: 0; padding: 0; list-style: none; }
ul.groups li { margin: 1px 0; }
svg.spark { display: inline-block; vertical-align: middle; }
.spark-growth { margin-left: 6px; font-size: 12px; color: var(--up); white-space: nowrap; }
svg.spark .spark-line { fill: none; stroke: var(--up); stroke-width: 1.5; }
svg.spark .spark-dot { fill: var(--up); }
.muted { color: var(--muted); }
.up { color: var(--up); }
.down { color: var(--down); }
.empty-note { color: var(--muted); font-style: italic; margin: 6px 0; }
details.more { margin: 6px 0 0; }
details summary { cursor: pointer; color: var(--accent); font-size: 13px; }
.kv { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; margin: 0 0 8px; font-size: 13px; }
.kv dt { color: var(--muted); }
.kv dd { margin: 0; font-variant-numeric: tabular-nums; }
ul.notes li { margin: 4px 0; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
@media print { section { break-inside: avoid; } .tooltip, nav.toc { display: none; } }
`;
