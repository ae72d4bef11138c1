// The page's only JavaScript: a hover readout for the timeline and legend
// buttons that hide a series. Everything it adds is optional; the charts are
// complete SVG without it. Plain ES5-ish code in a string, because it runs in
// the reader's browser, not through our build.

/** Embeds `data` for the script as JSON; `<` is escaped so a type name like `</script>` cannot end the element. */
export function jsonScript(id: string, data: unknown): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<script type="application/json" id="${id}">${json}</script>`;
}

export const SCRIPT = `
(function () {
  "use strict";
  var UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];
  function sig(v) { var a = Math.abs(v); return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2); }
  function bytes(n) {
    if (n === null || n === undefined) return "\\u2013";
    var i = 0;
    while (i < UNITS.length - 1 && Math.abs(n) >= Math.pow(1024, i + 1)) i++;
    return i === 0 ? Math.round(n) + " B" : sig(n / Math.pow(1024, i)) + " " + UNITS[i];
  }
  function dur(ns) {
    if (ns >= 1e9) return sig(ns / 1e9) + " s";
    if (ns >= 1e6) return sig(ns / 1e6) + " ms";
    if (ns >= 1e3) return sig(ns / 1e3) + " \\u00b5s";
    return Math.round(ns) + " ns";
  }
  function count(n) { return Math.round(n).toLocaleString("en-US"); }

  // Legend buttons hide or show every element of their series in the same section's chart.
  Array.prototype.forEach.call(document.querySelectorAll("[data-toggle]"), function (btn) {
    btn.addEventListener("click", function () {
      var series = btn.getAttribute("data-toggle");
      var hide = btn.getAttribute("aria-pressed") !== "false";
      btn.setAttribute("aria-pressed", hide ? "false" : "true");
      var svg = btn.closest("section").querySelector("svg.chart");
      Array.prototype.forEach.call(svg.querySelectorAll('[data-series="' + series + '"]'), function (el) {
        el.classList.toggle("off", hide);
      });
    });
  });

  var dataEl = document.getElementById("timeline-data");
  var wrap = document.querySelector('[data-hover="timeline"]');
  if (!dataEl || !wrap) return;
  var d = JSON.parse(dataEl.textContent);
  var svg = wrap.querySelector("svg");
  var tip = wrap.querySelector(".tooltip");
  var cursor = svg.querySelector(".cursor");

  function nearest(t) {
    var lo = 0, hi = d.t.length - 1;
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (d.t[mid] < t) lo = mid; else hi = mid; }
    return Math.abs(d.t[lo] - t) <= Math.abs(d.t[hi] - t) ? lo : hi;
  }
  function row(table, label, value, color) {
    var tr = document.createElement("tr");
    var a = document.createElement("td");
    if (color) {
      var sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = color;
      sw.style.marginRight = "5px";
      a.appendChild(sw);
    }
    a.appendChild(document.createTextNode(label));
    var b = document.createElement("td");
    b.className = "num";
    b.textContent = value;
    tr.appendChild(a);
    tr.appendChild(b);
    table.appendChild(tr);
  }
  function hide() { tip.hidden = true; cursor.setAttribute("visibility", "hidden"); }
  function show(ev) {
    var r = svg.getBoundingClientRect();
    var k = r.width / d.width;
    var vx = (ev.clientX - r.left) / k;
    if (vx < d.box.x || vx > d.box.x + d.box.w) { hide(); return; }
    var i = nearest(d.t0 + ((vx - d.box.x) / d.box.w) * (d.t1 - d.t0));
    var cx = d.box.x + ((d.t[i] - d.t0) / (d.t1 - d.t0)) * d.box.w;
    cursor.setAttribute("x1", cx);
    cursor.setAttribute("x2", cx);
    cursor.setAttribute("visibility", "visible");
    tip.textContent = "";
    var head = document.createElement("div");
    head.className = "t";
    head.textContent = dur(d.t[i] - d.t0) + " \\u00b7 " + count(d.gc[i]) + " GCs done";
    tip.appendChild(head);
    var table = document.createElement("table");
    row(table, "live (model)", bytes(d.live[i]) + " \\u00b7 " + count(d.objects[i]) + " obj");
    row(table, "heap spans", bytes(d.span[i]));
    row(table, "runtime HeapAlloc", bytes(d.alloc[i]));
    row(table, "runtime GC goal", bytes(d.goal[i]));
    row(table, "stacks", bytes(d.stack[i]));
    for (var k2 = 0; k2 < d.types.length; k2++) row(table, d.types[k2], bytes(d.byType[k2][i]), d.colors[k2]);
    tip.appendChild(table);
    tip.hidden = false;
    var left = cx * k + 14;
    if (left + tip.offsetWidth > r.width) left = cx * k - tip.offsetWidth - 14;
    tip.style.left = Math.max(0, left) + "px";
    tip.style.top = Math.max(0, ev.clientY - r.top - tip.offsetHeight / 2) + "px";
  }
  svg.addEventListener("mousemove", show);
  svg.addEventListener("mouseleave", hide);
})();
`;
