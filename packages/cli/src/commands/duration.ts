// Durations on the command line: a number with an optional unit.
const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9 };

/** Nanoseconds of "1.5s", "200ms", "30us", "1000" (ns), or null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m)?\s*$/.exec(text);
  if (m === null) return null;
  return Math.round(Number(m[1]) * (UNITS[m[2] ?? "ns"] as number));
}
