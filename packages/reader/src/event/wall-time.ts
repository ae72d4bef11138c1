// Go's time.Unix(sec, nsec).In(zone).Format(time.RFC3339Nano), for the Wall=
// field of Sync events. The zone offset comes from Intl (full ICU in Node 20
// and browsers); the calendar arithmetic is done here on bigints so any int64
// second count formats.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    formatters.set(timeZone, f);
  }
  return f;
}

const MAX_DATE_SECONDS = 8_640_000_000_000n;

/** Seconds east of UTC in `timeZone` at Unix second `sec`. */
export function zoneOffsetSeconds(sec: bigint, timeZone: string): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0;
  // Outside the range of JS dates there is no zone data to ask for.
  if (sec > MAX_DATE_SECONDS || sec < -MAX_DATE_SECONDS) return 0;
  const parts = formatterFor(timeZone).formatToParts(new Date(Number(sec) * 1000));
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/.exec(name);
  if (m === null || m[1] === undefined) return 0;
  const abs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === "-" ? -abs : abs;
}

function pad(n: bigint | number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Go's year formatting in layouts: at least 4 digits, a leading minus for negative years. */
function formatYear(y: bigint): string {
  return y < 0n ? `-${pad(-y, 4)}` : pad(y, 4);
}

/** Proleptic Gregorian civil date of a day count since 1970-01-01. */
function civilFromDays(days: bigint): [bigint, number, number] {
  const z = days + 719468n;
  const era = (z >= 0n ? z : z - 146096n) / 146097n;
  const doe = z - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const d = Number(doy - (153n * mp + 2n) / 5n + 1n);
  const m = Number(mp < 10n ? mp + 3n : mp - 9n);
  const y = yoe + era * 400n + (m <= 2 ? 1n : 0n);
  return [y, m, d];
}

/**
 * RFC3339Nano text of the instant sec + nsec (both int64, nsec not yet
 * normalized, as time.Unix takes them) in an IANA time zone.
 */
export function formatRFC3339Nano(sec: bigint, nsec: bigint, timeZone = "UTC"): string {
  let s = sec;
  let ns = nsec;
  if (ns < 0n || ns >= 1_000_000_000n) {
    s += ns / 1_000_000_000n;
    ns %= 1_000_000_000n;
    if (ns < 0n) {
      ns += 1_000_000_000n;
      s -= 1n;
    }
  }
  const offset = zoneOffsetSeconds(s, timeZone);
  const local = s + BigInt(offset);
  let days = local / 86400n;
  let rem = local % 86400n;
  if (rem < 0n) {
    rem += 86400n;
    days -= 1n;
  }
  const [y, mo, d] = civilFromDays(days);
  const r = Number(rem);
  let out = `${formatYear(y)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(Math.floor(r / 3600), 2)}:${pad(Math.floor((r % 3600) / 60), 2)}:${pad(r % 60, 2)}`;
  if (ns !== 0n) out += `.${pad(ns, 9).replace(/0+$/, "")}`;
  if (offset === 0) return `${out}Z`;
  // Go prints whole minutes of the offset, truncated toward zero.
  const minutes = Math.trunc(offset / 60);
  const a = Math.abs(minutes);
  return `${out}${minutes < 0 || offset < 0 ? "-" : "+"}${pad(Math.floor(a / 60), 2)}:${pad(a % 60, 2)}`;
}
