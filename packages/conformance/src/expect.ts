// The `-- expect --` section of Go's trace test files
// (src/internal/trace/testtrace/expectation.go) and the Go string unquoting it needs.

/** What a Go trace test expects: success, or a failure whose error text matches `pattern`. */
export type Expectation = { ok: true } | { ok: false; pattern: string };

/**
 * Parses an expectation like Go's `testtrace.ParseExpectation`: only the first
 * line counts (an empty section means success); it is split at the first space; `SUCCESS` or `FAILURE "<regexp>"`
 * where the regexp is a Go-quoted string. Throws with Go's messages otherwise.
 * The returned pattern is the unquoted RE2 regexp; Go matches it unanchored
 * against the error text (`new RegExp(pattern).test(message)` in JS).
 */
export function parseExpectation(data: string): Expectation {
  // Like Go, an empty section (no line at all) expects success.
  if (data === "") return { ok: true };
  // bufio.Scanner's ScanLines: the first line, without "\n" and a trailing "\r".
  const nl = data.indexOf("\n");
  let line = nl >= 0 ? data.slice(0, nl) : data;
  if (line.endsWith("\r")) line = line.slice(0, -1);
  const sp = line.indexOf(" ");
  const verb = sp >= 0 ? line.slice(0, sp) : line;
  switch (verb) {
    case "SUCCESS":
      return { ok: true };
    case "FAILURE": {
      if (sp < 0) throw new Error(`bad header line for FAILURE: ${JSON.stringify(line)}`);
      const quoted = line.slice(sp + 1);
      let pattern: string;
      try {
        pattern = unquoteGo(quoted);
      } catch (e) {
        throw new Error(`malformed pattern: not correctly quoted: ${quoted}: ${(e as Error).message}`);
      }
      return { ok: false, pattern };
    }
    default:
      throw new Error(`bad header line: ${JSON.stringify(line)}`);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
};

/**
 * Unquotes a Go string literal like `strconv.Unquote`: a double-quoted
 * interpreted string (escapes \a \b \f \n \r \t \v \\ \" \xHH \NNN \uHHHH
 * \UHHHHHHHH), a back-quoted raw string (carriage returns dropped), or a
 * single-quoted rune literal. `\x` and octal escapes give a UTF-16 code unit
 * with that byte value (Go would give a raw byte); the test corpus uses none.
 * Throws `invalid syntax` on malformed input.
 */
export function unquoteGo(quoted: string): string {
  const bad = (): never => {
    throw new Error("invalid syntax");
  };
  if (quoted.length < 2) bad();
  const q = quoted[0];
  if (q !== quoted[quoted.length - 1]) bad();
  const body = quoted.slice(1, -1);
  if (q === "`") {
    if (body.includes("`")) bad();
    return body.replaceAll("\r", "");
  }
  if (q !== '"' && q !== "'") bad();
  if (body.includes("\n")) bad();
  let out = "";
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c === q) bad();
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) bad();
    i += 2;
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e as string];
    } else if (e === q) {
      out += q; // \" only in "...", \' only in '...'
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i, i + n);
      if (hex.length !== n || !/^[0-9A-Fa-f]+$/.test(hex)) bad();
      const v = Number.parseInt(hex, 16);
      if (e !== "x" && (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))) bad();
      out += String.fromCodePoint(v);
      i += n;
    } else if (e !== undefined && e >= "0" && e <= "7") {
      const oct = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(oct)) bad();
      const v = Number.parseInt(oct, 8);
      if (v > 255) bad();
      out += String.fromCharCode(v);
      i += 2;
    } else {
      bad();
    }
  }
  if (q === "'" && [...out].length !== 1) bad();
  return out;
}
