// @gotrace/analysis: what a Go execution trace says about goroutines, user
// tasks and regions, with Go's own numbers (internal/trace's summarizer and
// cmd/trace's pages). Consumes @gotrace/reader; runs in browsers.
export { GoroutineSummarizer, isSystemGoroutine } from "./summarizer.js";
export type {
  EventRef,
  ExecStats,
  FrameRef,
  GoroutineSummary,
  RegionSummary,
  TaskLog,
  TaskSummary,
  TraceSummary,
} from "./types.js";
export { analyzeTrace } from "./analyze.js";
export type { AnalysisOptions, TraceAnalysis, TraceSource } from "./analyze.js";
export { groupGoroutines } from "./groups.js";
export type { GoroutineGroup } from "./groups.js";
export {
  durationHistogram,
  durationQuantiles,
  histogramBucket,
  regionTypeStats,
  taskTypeStats,
} from "./user-stats.js";
export type {
  DurationHistogram,
  HistogramBucket,
  Quantiles,
  RegionTypeStats,
  TaskTypeStats,
} from "./user-stats.js";
export { formatDuration } from "./duration.js";
export { BlockingProfiler, PROFILE_TYPES } from "./profile.js";
export type { ProfileFilter, ProfileFrame, ProfileSample, ProfileType } from "./profile.js";
export {
  BLOCKING_SAMPLE_TYPES,
  blockingProfile,
  encodeBlockingProfile,
  gzipBlockingProfile,
} from "./profile-trace.js";
export type { BlockingProfile, BlockingProfileOptions } from "./profile-trace.js";
export { UtilizationBuilder, UtilFlags, UTIL_FLAG_NAMES, parseUtilFlags, utilFlagNames } from "./utilization.js";
export type { MutatorUtil, Utilization, UtilizationSeries } from "./utilization.js";
export { MMUCurve, sampleMMUCurve } from "./mmu.js";
export type { MMUCurvePoint, UtilWindow } from "./mmu.js";
export { DEFAULT_UTIL_FLAGS, analyzeMMU, mmuWindows } from "./mmu-trace.js";
export type { MMUAnalysis, MMUOptions } from "./mmu-trace.js";
export { serveTraceReading } from "./worker/serve.js";
export type { ReadingMessage, ReadingPort } from "./worker/messages.js";
