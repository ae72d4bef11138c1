// The analysis page's stylesheet. Every rule is scoped under `.gta` (the
// element holding the analysis sections) or `.gta-page` (the body of a page
// of its own), so a page that also embeds another report's parts (the heap
// report's stylesheet styles plain `section`, `table` and `svg.chart`) keeps
// both looking as designed. System fonts only: nothing is fetched.

/** Colours of the goroutine breakdown, in the order of the bar's segments; readable on white and told apart by hue and lightness. */
export const BREAKDOWN_COLORS = {
  exec: "#2f9e44",
  sched: "#f59f00",
  block: "#e03131",
  syscall: "#1c7ed6",
  syscallBlock: "#7048e8",
  unknown: "#adb5bd",
} as const;

/** The stylesheet, scoped under `.gta` and `.gta-page`. */
export const STYLE = `
body.gta-page {
  margin: 0; background: #f6f7f9; color: #1f2937;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.gta-page > main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 48px; }
.gta { color: #1f2937; }
.gta code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; overflow-wrap: anywhere; }
.gta h1 { font-size: 22px; margin: 0 0 4px; }
.gta h1 .sub { color: #6b7280; font-weight: 400; font-size: 15px; margin-left: 8px; }
.gta h2 { font-size: 17px; margin: 0 0 4px; }
.gta h3 { font-size: 14px; margin: 0 0 4px; overflow-wrap: anywhere; }
.gta section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 16px 18px; margin: 16px 0; }
.gta p.lead { color: #6b7280; margin: 0 0 12px; max-width: 90ch; }
.gta nav.gta-toc { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 10px 0 0; font-size: 13px; }
.gta nav.gta-toc a { color: #3b5bdb; text-decoration: none; }
.gta .gta-limits { background: #fff7e6; border: 1px solid #f59f00; border-left-width: 5px; border-radius: 6px; padding: 10px 14px; margin: 14px 0 0; }
.gta .gta-limits h2 { font-size: 14px; }
.gta .gta-limits ul { margin: 0; padding-left: 20px; }
.gta .gta-cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 16px 0; }
.gta .gta-card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 14px; }
.gta .gta-card .label { color: #6b7280; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.gta .gta-card .value { font-size: 24px; font-weight: 650; margin: 2px 0; font-variant-numeric: tabular-nums; }
.gta .gta-card .detail { color: #6b7280; font-size: 12.5px; }
.gta .gta-table-wrap { overflow-x: auto; }
.gta table { border-collapse: collapse; width: 100%; font-size: 13px; }
.gta th, .gta td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: middle; }
.gta th { color: #6b7280; font-weight: 600; font-size: 12px; background: #fafbfc; }
.gta td.num, .gta th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.gta td .reasons { display: block; color: #6b7280; font-size: 11.5px; white-space: normal; }
.gta tr.rest td { color: #6b7280; font-style: italic; }
.gta svg.gta-bar { display: block; width: 220px; height: 14px; }
.gta .gta-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 10px; font-size: 12.5px; }
.gta .gta-legend span { display: inline-flex; align-items: center; gap: 6px; }
.gta .gta-swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; }
.gta .gta-hists { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 14px; }
.gta .gta-hist { border: 1px solid #e5e7eb; border-radius: 6px; padding: 10px 12px; min-width: 0; }
.gta .gta-stats { color: #6b7280; font-size: 12.5px; margin: 0 0 6px; font-variant-numeric: tabular-nums; }
.gta svg.gta-chart { display: block; width: 100%; height: auto; }
.gta svg.gta-chart text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #6b7280; }
.gta svg.gta-chart text.value { fill: #1f2937; }
.gta svg.gta-chart .grid { stroke: #e5e7eb; stroke-width: 1; }
.gta svg.gta-chart .axis { stroke: #adb5bd; stroke-width: 1; }
.gta svg.gta-chart rect.hbar { fill: #4c6ef5; }
.gta svg.gta-chart rect.hbar:hover { fill: #364fc7; }
.gta svg.gta-chart path.mmu { fill: none; stroke: #3b5bdb; stroke-width: 2; stroke-linejoin: round; }
.gta .gta-empty { border: 1px dashed #ced4da; border-radius: 6px; padding: 20px; text-align: center; color: #6b7280; background: #fafbfc; }
.gta .gta-note { color: #6b7280; font-size: 12.5px; margin: 8px 0 0; }
.gta footer { color: #6b7280; font-size: 12px; text-align: center; margin-top: 24px; }
`;
