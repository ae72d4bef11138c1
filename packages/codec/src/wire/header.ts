// The trace header, "go 1.N trace\0\0\0", scanned the way Go's
// fmt.Fscanf("go 1.%d trace\x00\x00\x00") scans it: each space of the pattern
// matches one or more non-newline white-space characters, white space may
// precede the number, and the number is decimal with optional leading zeros.
import { TraceError } from "../errors/trace-error.js";
import { FORMATS, HEADER_SCAN, OLD_FORMATS, type TraceFormat } from "../gen/events.gen.js";

const NOT_A_TRACE = "bad file format: not a Go execution trace?";

/** A parsed trace header: its version, its length and the format it selects. */
export interface TraceHeader {
  /** The N of "go 1.N trace". */
  readonly version: number;
  /** Header length in bytes (it varies with white space and leading zeros). */
  readonly length: number;
  /** The v2 format, or undefined for the pre-1.22 format (version 11, 19 or 21). */
  readonly format: TraceFormat | undefined;
}

/** Returned by parseHeader when the bytes so far are a valid prefix of a header. */
export const NEED_MORE = null;

/** One step of the scan pattern: literal text, a run of white space, or the decimal version. */
type Step = { readonly kind: "literal"; readonly text: string } | { readonly kind: "spaces" | "number" };

/** The spec's Fscanf pattern (HEADER_SCAN) as steps, so the scanner restates nothing by hand. */
const STEPS: readonly Step[] = /*@__PURE__*/ compilePattern(HEADER_SCAN);

function compilePattern(pattern: string): Step[] {
  const steps: Step[] = [];
  let literal = "";
  const flush = () => {
    if (literal) steps.push({ kind: "literal", text: literal });
    literal = "";
  };
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === " ") {
      flush();
      steps.push({ kind: "spaces" });
    } else if (pattern.startsWith("%d", i)) {
      flush();
      steps.push({ kind: "number" });
      i++;
    } else {
      literal += pattern[i];
    }
  }
  flush();
  return steps;
}

/** White space as Go's fmt scanner sees it, without newline. */
function isSpaceRune(r: number): boolean {
  if (r <= 0x20) return r === 0x20 || r === 0x09 || r === 0x0b || r === 0x0c || r === 0x0d;
  return (
    r === 0x85 ||
    r === 0xa0 ||
    r === 0x1680 ||
    (r >= 0x2000 && r <= 0x200a) ||
    r === 0x2028 ||
    r === 0x2029 ||
    r === 0x202f ||
    r === 0x205f ||
    r === 0x3000
  );
}

/** Decodes one UTF-8 rune at p: [rune, size], size 0 when more bytes are needed. */
function runeAt(buf: Uint8Array, p: number, end: number): [number, number] {
  const b0 = buf[p] as number;
  if (b0 < 0x80) return [b0, 1];
  const size = b0 >= 0xf0 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc0 ? 2 : 1;
  if (size === 1) return [0xfffd, 1];
  if (p + size > end) return [0, 0];
  let r = b0 & (0x7f >> size);
  for (let i = 1; i < size; i++) {
    const b = buf[p + i] as number;
    if ((b & 0xc0) !== 0x80) return [0xfffd, 1];
    r = (r << 6) | (b & 0x3f);
  }
  return [r, size];
}

/**
 * Scans a header at the start of buf[0:end]. Returns NEED_MORE when the
 * bytes end before the header does and more may come (`final` false);
 * throws E_HEADER or E_VERSION with Go's message otherwise.
 */
export function parseHeader(buf: Uint8Array, end = buf.length, final = true): TraceHeader | null {
  let p = 0;
  const bad = (): never => {
    throw new TraceError(
      "E_HEADER",
      `not a Go execution trace: the header "go 1.N trace\\0\\0\\0" does not match at byte ${p}`,
      {
        offset: 0,
        goMessage: NOT_A_TRACE,
      },
    );
  };
  const short = (): null => (final ? bad() : NEED_MORE);
  const literal = (text: string): boolean | null => {
    for (let i = 0; i < text.length; i++, p++) {
      if (p >= end) return null;
      if (buf[p] !== text.charCodeAt(i)) return bad();
    }
    return true;
  };
  const spaces = (min: number): boolean | null => {
    let n = 0;
    for (;;) {
      if (p >= end) return null;
      const [r, size] = runeAt(buf, p, end);
      if (size === 0) return null;
      if (!isSpaceRune(r)) break;
      p += size;
      n++;
    }
    if (n < min) bad();
    return true;
  };
  let version = -1;
  for (const step of STEPS) {
    if (step.kind === "literal") {
      if (literal(step.text) === null) return short();
    } else if (step.kind === "spaces") {
      if (spaces(1) === null) return short();
    } else {
      // Go skips white space before a number, then needs at least one digit.
      if (spaces(0) === null) return short();
      const digitsStart = p;
      while (p < end && (buf[p] as number) >= 0x30 && (buf[p] as number) <= 0x39) p++;
      if (p >= end) return short();
      if (p === digitsStart) bad();
      version = 0;
      for (let i = digitsStart; i < p; i++) {
        version = version * 10 + ((buf[i] as number) - 0x30);
        if (version > 0xffffffff) bad();
      }
    }
  }
  const format = FORMATS.find((f) => f.header === version);
  if (!format && !OLD_FORMATS.some((f) => f.header === version)) {
    throw new TraceError("E_VERSION", `unknown or unsupported trace version go 1.${version}`, { offset: 0 });
  }
  return { version, length: p, format };
}

/** The canonical header bytes for a version. */
export function encodeHeader(version: number): Uint8Array {
  return new TextEncoder().encode(`go 1.${version} trace\0\0\0`);
}
