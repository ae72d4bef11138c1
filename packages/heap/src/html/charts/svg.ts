// String builders for SVG markup. Every chart is built as a string so the
// report renders with JavaScript off and in any browser or file viewer.

import { esc } from "../format.js";

/** Plot area inside a chart's viewBox. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A coordinate rounded to 0.1 px: enough precision on screen, a third of the file size. */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

type AttrValue = string | number | undefined | null | false;

/** ` name="value"` pairs, escaped; undefined, null and false are left out. */
export function attrs(a: Record<string, AttrValue>): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || v === false) continue;
    out += ` ${k}="${esc(v)}"`;
  }
  return out;
}

/** An element; `children` is markup, already escaped by whoever built it. */
export function tag(name: string, a: Record<string, AttrValue>, children?: string): string {
  return children === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${children}</${name}>`;
}

/** A native hover tooltip for an SVG element, escaped. */
export function title(text: string): string {
  return `<title>${esc(text)}</title>`;
}

/** The root element of a chart: scales with its container, and says what it shows for tests and screen readers. */
export function chartSvg(chart: string, points: number, width: number, height: number, label: string, body: string) {
  return tag(
    "svg",
    {
      class: "chart",
      "data-chart": chart,
      "data-points": points,
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-label": label,
      xmlns: "http://www.w3.org/2000/svg",
    },
    body,
  );
}

/** What stands in for a chart with nothing to draw: says why, and still carries data-chart for tests. */
export function emptyChart(chart: string, message: string): string {
  return `<div class="chart-empty" data-chart="${esc(chart)}" data-points="0">${esc(message)}</div>`;
}
