// The size-class table the analysis uses, picked by the trace's version.
// The tables themselves are data in spec/heap and generated into src/gen.
export type { SizeClassTable } from "../gen/size-classes.gen.js";
export { sizeClassTableFor } from "../gen/size-classes.gen.js";
import type { SizeClassTable } from "../gen/size-classes.gen.js";

/** "go1.21–go1.27": the releases a table serves, for the report. */
export function tableLabel(t: SizeClassTable): string {
  const first = t.releases[0] ?? "?";
  const last = t.releases[t.releases.length - 1] ?? first;
  return first === last ? `go${first}` : `go${first}-go${last}`;
}
