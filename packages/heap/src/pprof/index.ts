// pprof output of the heap analysis: a gzipped profile.proto that
// `go tool pprof` reads, with Go heap profile sample types. See README.md.
import { gzip } from "@gotrace/codec/internal";
import { encodeHeapProfile, type PprofInput } from "./profile.js";

export { encodeHeapProfile, PROFILE_COMMENT, SAMPLE_TYPES } from "./profile.js";
export type { PprofInput, PprofSample } from "./profile.js";

/** The profile, gzipped as `go tool pprof` and Go's own heap profiles expect. */
export async function gzipHeapProfile(input: PprofInput): Promise<Uint8Array> {
  return gzip(encodeHeapProfile(input));
}
