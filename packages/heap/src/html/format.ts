// Number, byte and time formatting for the HTML report. Binary units (KiB,
// MiB) because Go's runtime, pprof and the size-class tables all count in
// powers of two; times are nanoseconds on the trace clock.
import { FORMATS } from "@gotrace/codec";

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** The binary unit a byte count is best shown in: its exponent (0 = B, 1 = KiB, …) and divisor. */
export function byteUnit(n: number): { name: string; div: number } {
  let i = 0;
  while (i < BYTE_UNITS.length - 1 && Math.abs(n) >= 1024 ** (i + 1)) i++;
  return { name: BYTE_UNITS[i]!, div: 1024 ** i };
}

/** "1.5 MiB", "812 B": three significant digits, never scientific notation. */
export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return "–";
  const u = byteUnit(n);
  if (u.div === 1) return `${Math.round(n)} B`;
  return `${sig3(n / u.div)} ${u.name}`;
}

/** "1,234,567": grouped integers for counts. */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return "–";
  return Math.round(n).toLocaleString("en-US");
}

/** "12.5%" from a fraction. */
export function fmtPct(f: number): string {
  if (!Number.isFinite(f)) return "–";
  const p = f * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

const TIME_UNITS: [number, string][] = [
  [1e9, "s"],
  [1e6, "ms"],
  [1e3, "µs"],
  [1, "ns"],
];

/** A duration in ns as "1.25 s", "830 µs", "12 ns". */
export function fmtDuration(ns: number): string {
  if (!Number.isFinite(ns)) return "–";
  for (const [div, name] of TIME_UNITS) {
    if (Math.abs(ns) >= div || div === 1) return `${sig3(ns / div)} ${name}`;
  }
  return `${ns} ns`;
}

/** Short duration labels for axis and bucket ticks ("4µs", "1.0ms", "17s"). */
export function fmtDurationShort(ns: number): string {
  for (const [div, name] of TIME_UNITS) {
    if (Math.abs(ns) >= div || div === 1) {
      const v = ns / div;
      return `${Math.abs(v) >= 10 ? Math.round(v) : Number(v.toFixed(1))}${name}`;
    }
  }
  return `${ns}ns`;
}

/** The time unit a span of `ns` is best labelled in, for an axis. */
export function timeUnit(spanNs: number): { name: string; div: number } {
  for (const [div, name] of TIME_UNITS) {
    if (spanNs >= 2 * div || div === 1) return { name, div };
  }
  return { name: "ns", div: 1 };
}

/** Trims a tick value to the digits its step needs (0.30000000000000004 → 0.3). */
export function fmtTick(v: number, step: number): string {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals);
}

function sig3(v: number): string {
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** The Go release(s) that write a trace format version, as the spec's FORMATS list them (e.g. "Go 1.23/1.24"). */
export function goVersionOf(version: number): string {
  const writers = FORMATS.find((f) => f.header === version)?.writtenBy;
  if (writers === undefined || writers.length === 0) return `format ${version}`;
  return `Go ${writers.join("/")}`;
}
