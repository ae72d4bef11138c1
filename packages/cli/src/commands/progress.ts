// Progress of a long read on stderr, only when stderr is a terminal (a pipe
// or a CI log gets nothing), redrawn in place at most a few times a second.
const EVERY_MS = 250;

export interface Progress {
  update: ((bytesRead: number) => void) | undefined;
  done(): void;
}

export function progressReporter(name: string, totalBytes: number | undefined): Progress {
  const err = process.stderr;
  if (!err.isTTY) return { update: undefined, done() {} };
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(bytesRead: number) {
      const now = Date.now();
      if (now - last < EVERY_MS || now - started < EVERY_MS) return;
      last = now;
      const mb = (bytesRead / 1e6).toFixed(1);
      const pct = totalBytes ? ` ${Math.floor((100 * bytesRead) / totalBytes)}%` : "";
      const of = totalBytes ? ` of ${(totalBytes / 1e6).toFixed(1)} MB` : " MB";
      err.write(`\r\u001b[2Kgotrace heap: ${name}:${pct} ${mb}${totalBytes ? " MB" : ""}${totalBytes ? of : ""}`);
      drawn = true;
    },
    done() {
      if (drawn) err.write("\r\u001b[2K");
    },
  };
}
