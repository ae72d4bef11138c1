// Durations printed as Go's time.Duration.String() prints them, so tables
// read like cmd/trace's pages: "1.5ms", "2m3.000004s", "0s".

/** A whole number of nanoseconds in Go's time.Duration.String() form ("812ns", "1.25µs", "3.2s", "1h0m1s"). */
export function formatDuration(ns: number): string {
  if (ns === 0) return "0s";
  const neg = ns < 0;
  let u = Math.abs(Math.trunc(ns));
  let out: string;
  if (u < 1e9) {
    // Below a second: one unit, with up to 3 (µs) or 6 (ms) decimals, trailing zeros dropped.
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) out = `${fraction(u, 3)}µs`;
    else out = `${fraction(u, 6)}ms`;
  } else {
    out = `${fraction(u % 60e9, 9)}s`;
    u = Math.floor(u / 60e9);
    if (u > 0) {
      out = `${u % 60}m${out}`;
      u = Math.floor(u / 60);
      if (u > 0) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** v / 10^prec with its fraction, trailing zeros (and a bare point) dropped. */
function fraction(v: number, prec: number): string {
  const scale = 10 ** prec;
  const whole = Math.floor(v / scale);
  const frac = String(v % scale)
    .padStart(prec, "0")
    .replace(/0+$/, "");
  return frac === "" ? String(whole) : `${whole}.${frac}`;
}
