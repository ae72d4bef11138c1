// The messages between the page and its worker. The page sends a File; the
// worker answers with progress, the timeline model (its buffers transferred),
// the analyses as HTML, and a Perfetto trace when asked.
import type { TimelineModel } from "./model.js";

/** Page to worker. */
export type ToWorker = { type: "open"; file: File } | { type: "perfetto" };

/** Worker to page. */
export type FromWorker =
  | { type: "progress"; phase: string; bytes: number; total: number }
  /** `partial`: the part read so far, drawn while the rest is read. */
  | { type: "model"; model: TimelineModel; partial: boolean; readMs: number }
  | { type: "analysis"; html: string; ms: number }
  | { type: "heap"; html: string; ms: number }
  | { type: "perfetto"; blob: Blob; name: string }
  | { type: "error"; phase: string; message: string };
