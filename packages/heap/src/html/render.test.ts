// The page as a string: escaping, empty-data fallbacks and self-containment.
// What it looks like and whether its script runs is chromium.test.ts's job.

import { describe, expect, it } from "vitest";
import { fmtBytes, fmtDuration, fmtDurationShort } from "./format.js";
import { renderHtmlParts, renderHtmlReport } from "./index.js";
import { HOSTILE_TYPE, emptyReport, syntheticReport } from "../testing/synthetic-report.js";

describe("renderHtmlReport", () => {
  const html = renderHtmlReport(syntheticReport());

  it("draws the three charts with their points", () => {
    expect(html).toMatch(/<svg class="chart" data-chart="timeline" data-points="400"/);
    expect(html).toMatch(/<svg class="chart" data-chart="size-classes" data-points="31"/);
    expect(html).toMatch(/<svg class="chart" data-chart="lifetimes" data-points="13"/);
  });

  it("never lets a type name out unescaped", () => {
    expect(html).not.toContain(HOSTILE_TYPE);
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;");
    // Inside the JSON for the hover script, `<` is \u003c.
    expect(html).toContain("\\u003c/script>\\u003cscript>");
    expect(html).toContain("map[string]*main.session &quot;quoted&quot;");
    expect(html.match(/<script/g)?.length).toBe(2);
  });

  it("references nothing outside the file", () => {
    const urls = html.match(/(?:src|href)="(?!#)[^"]*"|url\((?!#)[^)]*\)|https?:\/\/[^\s"')]+/g) ?? [];
    // The SVG namespace is an identifier, not something a browser fetches.
    expect(urls.filter((u) => u !== "http://www.w3.org/2000/svg")).toEqual([]);
  });

  it("says why instead of drawing empty charts", () => {
    const empty = renderHtmlReport(emptyReport());
    for (const chart of ["timeline", "size-classes", "lifetimes"]) {
      expect(empty).toMatch(
        new RegExp(`<div class="chart-empty" data-chart="${chart}" data-points="0">[^<]*traceallocfree`),
      );
    }
    expect(empty).toContain("info batch <b>not in this trace</b>");
    expect(empty).toContain("No leak suspects");
    expect(empty).not.toContain('id="timeline-data"');
  });

  it("keeps the rows from before the trace in sight, with dashes for what they did not allocate", () => {
    const section = html.slice(html.indexOf("<h3>By type</h3>"), html.indexOf("<h3>By goroutine group</h3>"));
    // 11 rows: the first 10 are shown, and the row from before the trace is one of them.
    const shown = section.slice(0, section.indexOf("<details"));
    expect(shown).toContain("<code>&lt;before the trace&gt;</code>");
    const row = shown.slice(shown.indexOf("&lt;before the trace&gt;"));
    expect(row.slice(0, row.indexOf("</tr>"))).toMatch(
      /title="allocated before the trace began">–<\/span>.*1,234.*208 KiB/,
    );
  });

  it("shows the limits and the heapAlloc notes", () => {
    expect(html).toContain("What this trace cannot tell");
    expect(html).toContain("has no heap snapshot");
    expect(html).toContain("HeapAlloc counts objects allocated before the trace began");
  });
});

describe("renderHtmlParts", () => {
  it("gives the page's own style, body and script, for another page to embed", () => {
    for (const report of [syntheticReport(), emptyReport()]) {
      const page = renderHtmlReport(report);
      const parts = renderHtmlParts(report);
      expect(page).toContain(`<style>${parts.style}</style>`);
      expect(page).toContain(`<script>${parts.script}</script>`);
      // The body is the page's main content (less its footer) followed by the script's data.
      const main = page.slice(page.indexOf("<main>") + "<main>".length, page.indexOf("<footer>"));
      const data = page.slice(page.indexOf("</main>") + "</main>".length, page.indexOf(`<script>${parts.script}`));
      expect(parts.body).toBe(main + data);
      expect(parts.body).toContain('<section id="timeline">');
    }
  });
});

describe("format", () => {
  it("uses binary units and short durations", () => {
    expect(fmtBytes(812)).toBe("812 B");
    expect(fmtBytes(1536)).toBe("1.50 KiB");
    expect(fmtBytes(300 * 1024 * 1024)).toBe("300 MiB");
    expect(fmtDuration(1_250_000_000)).toBe("1.25 s");
    expect(fmtDuration(830_000)).toBe("830 µs");
    expect([1e3, 4e3, 16e3, 1.024e6, 4.194304e9].map(fmtDurationShort)).toEqual(["1µs", "4µs", "16µs", "1ms", "4.2s"]);
  });
});
