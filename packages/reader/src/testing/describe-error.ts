// Test helper: an error as one comparable line, its TraceError code and Go
// message first, so tests that compare two ways of reading see every part.
export function describeError(e: unknown): string {
  const t = e as { code?: string; goMessage?: string };
  return `${t.code} ${t.goMessage} | ${String(e)}`;
}
