// Go's own analyses of every fixture trace, the goldens of @gotrace/analysis:
// fixtures/analysis/<name>.json[.gz] and <name>.<type>.pb.gz, written by
// tools/go-oracle/make.mjs with Go 1.27.3 (tools/go-oracle/README.md has every field).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir, readText } from "./fixtures.js";

/** The four profiles of `go tool trace -pprof=TYPE`, in the order the goldens list them. */
export const ANALYSIS_PPROF_TYPES = ["net", "sync", "syscall", "sched"] as const;

/** One of {@link ANALYSIS_PPROF_TYPES}. */
export type AnalysisPprofType = (typeof ANALYSIS_PPROF_TYPES)[number];

/** internal/trace's GoroutineExecStats, every duration in nanoseconds. */
export interface AnalysisExecStats {
  execTime: number;
  schedWaitTime: number;
  /** Time blocked, by the reason of the transition to Waiting ("" when the trace gives none). */
  blockTimeByReason: Record<string, number>;
  syscallTime: number;
  syscallBlockTime: number;
  /** The goroutine's (or region's) time in the trace; overlaps the others. */
  totalTime: number;
  /** Time inside ranges (GC mark assist, sweep, STW, …) by range name; overlaps the others. */
  rangeTime: Record<string, number>;
  /** `UnknownTime()`: totalTime minus the non-overlapping stats, or 0. */
  unknownTime: number;
}

/**
 * An event a summary points at: its time, its `EventKind` name ("RegionBegin", "TaskEnd", …,
 * or "StateTransition" for a region a goroutine inherits at creation or that its exit ends),
 * and the goroutine it ran on (-1 for none).
 */
export interface AnalysisEventRef {
  time: number;
  kind: string;
  goroutine: number;
}

/** A UserRegionSummary: a region and the goroutine's stats while it was active. */
export interface AnalysisRegion {
  name: string;
  /** The region's task (0 is the background task; -1 is NoTask). */
  taskId: number;
  /** Null for a region whose begin is not in the trace. */
  start: AnalysisEventRef | null;
  /** Null for a region still open at the end of the trace. */
  end: AnalysisEventRef | null;
  stats: AnalysisExecStats;
}

/** A GoroutineSummary. Times are the trace's, in nanoseconds; 0 means "never". */
export interface AnalysisGoroutine {
  id: number;
  /** The start function, from the first stack seen for the goroutine ("" when none was seen). */
  name: string;
  /** The PC of that frame (0 when none was seen). */
  pc: number;
  creationTime: number;
  startTime: number;
  endTime: number;
  /** `IsSystemGoroutine(name)`: such goroutines drop the regions they inherit at creation. */
  isSystem: boolean;
  stats: AnalysisExecStats;
  /** Sorted by start time, regions without a start first. */
  regions: AnalysisRegion[];
}

/** A log message of a task. */
export interface AnalysisLog {
  time: number;
  goroutine: number;
  category: string;
  message: string;
}

/** A UserTaskSummary. */
export interface AnalysisTask {
  id: number;
  name: string;
  /** The parent task's id, or null when unknown. */
  parent: number | null;
  /** Child ids in the order Go met them. */
  children: number[];
  start: AnalysisEventRef | null;
  end: AnalysisEventRef | null;
  /** `Complete()`: both start and end are in the trace. */
  complete: boolean;
  /** `Descendents()`: this task first, then its children's descendents depth first. */
  descendents: number[];
  logs: AnalysisLog[];
  /** The task's regions in the order their begin (or end, for one without begin) was read. */
  regions: AnalysisRegion[];
  /** Ids of the goroutines associated with the task, ascending. */
  goroutines: number[];
}

/** A window of the lowest mutator utilization (`UtilWindow`). */
export interface AnalysisUtilWindow {
  time: number;
  mutatorUtil: number;
}

/** The MMU curve at one window size. */
export interface AnalysisMMUPoint {
  /** Window in nanoseconds. */
  window: number;
  /** `MMU(window)`, in [0, 1]. */
  mmu: number;
  /** `Examples(window, examplesPerWindow)`, worst first. */
  examples: AnalysisUtilWindow[];
  /** `MUD(window, mudQuantiles)`. */
  mud: number[];
}

/** `MutatorUtilizationV2(events, flags)` and `NewMMUCurve` of it, for one flag combination. */
export interface AnalysisMMUCombination {
  /** The /mmu page's names of the flags set: "stw", "background", "assist", "sweep", "perProc". */
  flags: string[];
  /** The UtilFlags bits (UtilSTW 1, UtilBackground 2, UtilAssist 4, UtilSweep 8, UtilPerProc 16). */
  flagsValue: number;
  /** The number of points of each utilization series (one series per P with perProc). */
  seriesLengths: number[];
  points: AnalysisMMUPoint[];
  /** Go's panic message when the curve could not be computed, else null. */
  error: string | null;
}

/** Minimum mutator utilization for all 32 flag combinations, at the same windows. */
export interface AnalysisMMU {
  /** 1 µs … 1 s by powers of ten, then the trace's duration. */
  windows: number[];
  mudQuantiles: number[];
  examplesPerWindow: number;
  combinations: AnalysisMMUCombination[];
}

/** A stack frame of a pprof sample, leaf first. */
export interface AnalysisFrame {
  func: string;
  file: string;
  line: number;
  pc: number;
}

/** A sample of a trace profile: how many times, and for how long, goroutines were in the state. */
export interface AnalysisSample {
  stack: AnalysisFrame[];
  count: number;
  delayNs: number;
}

/** What `go tool trace -pprof=TYPE` did for the trace. */
export interface AnalysisProfile {
  /** The tool's exit status. */
  exit: number;
  /** Its stderr when it failed, else null. */
  error: string | null;
  /** Absolute path of Go's profile (gzipped protobuf, as Go wrote it), or null when it failed. */
  path: string | null;
  /** "contentions/count", "delay/nanoseconds"; null when it failed. */
  sampleTypes: string[] | null;
  /** The profile's samples in a canonical order (Go writes them in map order); null when it failed. */
  samples: AnalysisSample[] | null;
}

/** Go 1.27.3's analyses of one trace (one golden of fixtures/analysis). */
export interface AnalysisGolden {
  /** The oracle's `runtime.Version()`, e.g. "go1.27.3". */
  goVersion: string;
  /** The fixture's name, or "sample" for sample/sample.trace. */
  trace: string;
  /** Absolute path of the trace. */
  tracePath: string;
  /** Events Go's reader gave before the end or the error; all went into the summarizer. */
  eventsRead: number;
  /** Events cmd/trace keeps for MMU and pprof: all, or those up to the last Sync before the error. */
  eventsKept: number;
  /** First line of the reader's error, or null when it read the whole trace. */
  error: string | null;
  /** Times of the first and last kept events, and their difference. */
  startTime: number;
  endTime: number;
  durationNs: number;
  /** The summarizer's goroutines, by id. */
  goroutines: AnalysisGoroutine[];
  /** The summarizer's tasks, by id (NoTask, -1, last). */
  tasks: AnalysisTask[];
  /** Null when no event was kept. */
  mmu: AnalysisMMU | null;
  pprof: Record<AnalysisPprofType, AnalysisProfile>;
}

/** A profile entry as the JSON stores it: a path relative to fixtures/. */
type StoredProfile = Omit<AnalysisProfile, "path"> & { file: string | null };
type StoredGolden = Omit<AnalysisGolden, "tracePath" | "pprof"> & {
  tracePath: string;
  pprof: Record<AnalysisPprofType, StoredProfile>;
};

/** Absolute path of `fixtures/analysis/`. */
export function analysisDir(): string {
  return join(fixturesDir(), "analysis");
}

/**
 * Absolute path of the analysis golden of a fixture (or of "sample"): `<name>.json`, or
 * `<name>.json.gz` when it was larger than 64 KB; null when there is none.
 */
export function analysisGoldenPath(name: string): string | null {
  const plain = join(analysisDir(), `${name}.json`);
  if (existsSync(plain)) return plain;
  return existsSync(`${plain}.gz`) ? `${plain}.gz` : null;
}

/** The Go release that made the analysis goldens (`go version` output, e.g. "go version go1.27.3 linux/amd64"). */
export function analysisGoVersion(): string {
  return readFileSync(join(analysisDir(), "go-version.txt"), "utf8").trim();
}

/** Go's analyses of the fixture `name` (or "sample"), with absolute paths; throws when there is none. */
export function analysisGolden(name: string): AnalysisGolden {
  const path = analysisGoldenPath(name);
  if (path === null) throw new Error(`no analysis golden for ${name} (run node tools/go-oracle/make.mjs)`);
  const stored = JSON.parse(readText(path)) as StoredGolden;
  const dir = fixturesDir();
  const pprof = {} as Record<AnalysisPprofType, AnalysisProfile>;
  for (const type of ANALYSIS_PPROF_TYPES) {
    const { file, ...rest } = stored.pprof[type];
    pprof[type] = { ...rest, path: file === null ? null : join(dir, file) };
  }
  return { ...stored, tracePath: join(dir, stored.tracePath), pprof };
}

/**
 * One region profile of `go tool trace`'s web UI: what `/regionio`, `/regionblock`,
 * `/regionsyscall` or `/regionsched` with `?type=NAME&raw=1` served (the blocking profile
 * restricted to time inside regions named NAME), decoded by the oracle.
 */
export interface AnalysisRegionProfile {
  /** The region name (`type=`); "no such region" is in no trace. */
  region: string;
  type: AnalysisPprofType;
  /** The URL path and query Go answered. */
  path: string;
  sampleTypes: string[];
  samples: AnalysisSample[];
}

/** Go 1.27.3's region profiles of one trace, for every region name in it. */
export interface AnalysisRegionProfiles {
  goVersion: string;
  trace: string;
  cases: AnalysisRegionProfile[];
}

/** Names of the traces with region profiles (`fixtures/analysis/regions/<name>.json`). */
export function analysisRegionProfileTraces(): string[] {
  return readdirSync(join(analysisDir(), "regions"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/** Go's region profiles of the trace `name` (see {@link analysisRegionProfileTraces}); throws when there are none. */
export function analysisRegionProfiles(name: string): AnalysisRegionProfiles {
  return JSON.parse(readFileSync(join(analysisDir(), "regions", `${name}.json`), "utf8")) as AnalysisRegionProfiles;
}
