// The `-- expect --` section of Go's trace test files
// (src/internal/trace/testtrace/expectation.go). The failure pattern is handed
// out as Go quoted it: the one port of strconv.Unquote is the codec's
// goUnquote (@gotrace/codec/internal), and this package cannot import it,
// since the codec depends on this one for its tests.

/**
 * What a Go trace test expects: success, or a failure whose error text
 * matches the regexp that `quotedPattern` denotes, a Go string literal as
 * written in the test (unquote it with goUnquote from @gotrace/codec/internal).
 */
export type Expectation = { ok: true } | { ok: false; quotedPattern: string };

/**
 * Parses an expectation like Go's `testtrace.ParseExpectation`: only the first
 * line counts (an empty section means success); it is split at the first space; `SUCCESS` or `FAILURE "<regexp>"`
 * where the regexp is a Go-quoted string. Throws with Go's messages otherwise.
 * The pattern is returned still quoted; Go unquotes it (a bad literal fails
 * there with "malformed pattern: not correctly quoted") and matches the RE2
 * regexp unanchored against the error text.
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
      return { ok: false, quotedPattern: line.slice(sp + 1) };
    }
    default:
      throw new Error(`bad header line: ${JSON.stringify(line)}`);
  }
}
