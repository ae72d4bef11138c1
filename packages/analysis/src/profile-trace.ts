// A blocking profile of a whole trace in one call, and its profile.proto
// encoding as cmd/trace writes it (internal/trace/traceviewer's BuildProfile):
// sample types contentions/count and delay/nanoseconds, period trace/count 1,
// one Location per PC with its address, one Function per (file, function).
import { encodeProfileMessage, gzip, type ProfileLocationMessage, StringTable } from "@gotrace/codec/internal";
import type { TraceSource } from "./analyze.js";
import { BlockingProfiler, type ProfileFilter, type ProfileSample, type ProfileType } from "./profile.js";
import { readEvents } from "./read-source.js";
import type { ReadingPort } from "./worker/messages.js";

/** How {@link blockingProfile} reads, and what it counts. */
export interface BlockingProfileOptions extends ProfileFilter {
  /** Called now and then with the bytes read so far. */
  onProgress?: ((bytesRead: number) => void) | undefined;
  /**
   * Keep what was read when the trace turns out broken: the profile then covers the waits that
   * ended before the last Sync before the error (as cmd/trace's), and the error is returned
   * instead of thrown.
   */
  keepPartial?: boolean | undefined;
  /**
   * Read the trace on another thread: a port to a worker that runs `serveTraceReading`.
   * The worker reads and orders the trace while this thread analyses it, so the two halves of
   * the work run side by side; the result is the same. Traces older than Go 1.22 are read on
   * this thread all the same.
   */
  readingWorker?: ReadingPort | undefined;
}

/** What {@link blockingProfile} gives. */
export interface BlockingProfile {
  type: ProfileType;
  /** The samples, most delay first. */
  samples: ProfileSample[];
  /** Events read (including any after the last Sync of a broken trace). */
  eventsRead: number;
  /** With keepPartial: the error that ended the trace early, else null. */
  error: Error | null;
  /** What the profile could not cover, as sentences (empty for a whole trace). */
  limits: string[];
}

/**
 * Reads a whole trace and builds one blocking profile of it, the samples of
 * `go tool trace -pprof=TYPE`, optionally restricted by a {@link ProfileFilter}. Rejects with the
 * reader's `TraceError` when the trace is broken, unless `keepPartial` is set.
 */
export async function blockingProfile(
  source: TraceSource,
  type: ProfileType,
  options: BlockingProfileOptions = {},
): Promise<BlockingProfile> {
  const profiler = new BlockingProfiler(type, options);
  let eventsRead = 0;
  const error = await readEvents(
    source,
    options,
    (ev) => {
      eventsRead++;
      profiler.event(ev);
    },
    {
      kinds: BlockingProfiler.QUIET_KINDS,
      onFolded: (n) => {
        eventsRead += n;
        profiler.skipped(n);
      },
    },
  );
  const limits: string[] = [];
  if (error !== null) {
    limits.push(
      `The trace is broken (${error.message.split("\n")[0]}); the profile covers the waits that ended before its last Sync event before that point, as go tool trace's do.`,
    );
  }
  return { type, samples: profiler.finish(error !== null), eventsRead, error, limits };
}

/** The sample types of cmd/trace's profiles, in its order. */
export const BLOCKING_SAMPLE_TYPES = [
  ["contentions", "count"],
  ["delay", "nanoseconds"],
] as const;

/**
 * The samples as an uncompressed profile.proto message shaped as cmd/trace's: values
 * [count, delay in ns], a Location per PC (address = PC, one Line), a Function per (file,
 * function) with system name = name, no mapping, period type trace/count, period 1.
 */
export function encodeBlockingProfile(samples: readonly ProfileSample[]): Uint8Array<ArrayBuffer> {
  const strings = new StringTable();
  const sampleTypes = BLOCKING_SAMPLE_TYPES.map(([type, unit]) => ({ type: strings.id(type), unit: strings.id(unit) }));
  const periodType = { type: strings.id("trace"), unit: strings.id("count") };
  const locations = new Map<number, ProfileLocationMessage>();
  const functions = new Map<string, { id: number; name: number; systemName: number; filename: number }>();
  const out = samples.map((s) => {
    const locationIds = s.stack.map((f) => {
      let loc = locations.get(f.pc);
      if (loc === undefined) {
        const fkey = `${f.file}\0${f.func}`;
        let fn = functions.get(fkey);
        if (fn === undefined) {
          const name = strings.id(f.func);
          fn = { id: functions.size + 1, name, systemName: name, filename: strings.id(f.file) };
          functions.set(fkey, fn);
        }
        loc = { id: locations.size + 1, mappingId: 0, address: f.pc, lines: [{ functionId: fn.id, line: f.line }] };
        locations.set(f.pc, loc);
      }
      return loc.id;
    });
    return { locationIds, values: [s.count, s.delayNs] };
  });
  return encodeProfileMessage({
    sampleTypes,
    samples: out,
    mappings: [],
    locations: [...locations.values()],
    functions: [...functions.values()],
    strings: strings.strings,
    timeNanos: 0n,
    durationNanos: 0n,
    periodType,
    period: 1,
    comments: [],
    defaultSampleType: 0,
  });
}

/** {@link encodeBlockingProfile}, gzipped: the bytes `go tool trace -pprof=TYPE` writes and `go tool pprof` reads. */
export async function gzipBlockingProfile(samples: readonly ProfileSample[]): Promise<Uint8Array> {
  return gzip(encodeBlockingProfile(samples));
}
