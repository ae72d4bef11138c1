// Progress of a long read on stderr, only when stderr is a terminal (a pipe
// or a CI log gets nothing), redrawn in place at most a few times a second.
const EVERY_MS = 250;

export interface Progress {
  update: ((bytesRead: number) => void) | undefined;
  done(): void;
}

/** Where progress goes: stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function progressReporter(
  name: string,
  totalBytes: number | undefined,
  err: ProgressStream = process.stderr,
  now: () => number = Date.now,
  command = "heap",
): Progress {
  if (!err.isTTY) return { update: undefined, done() {} };
  const started = now();
  let last = 0;
  let drawn = false;
  return {
    update(bytesRead: number) {
      const t = now();
      if (t - last < EVERY_MS || t - started < EVERY_MS) return;
      last = t;
      const mb = (bytesRead / 1e6).toFixed(1);
      const amount = totalBytes
        ? `${Math.floor((100 * bytesRead) / totalBytes)}% (${mb} of ${(totalBytes / 1e6).toFixed(1)} MB)`
        : `${mb} MB`;
      err.write(`\r\u001b[2Kgotrace ${command}: ${name}: ${amount}`);
      drawn = true;
    },
    done() {
      if (drawn) err.write("\r\u001b[2K");
    },
  };
}
