// Invariants of the event table that the codec relies on. They mirror the
// checks Go keeps on its own table, so a mistake in an edited spec stops the
// generator instead of producing a codec that misreads traces.
import type { SpecIR } from "./model.js";

export function validateSpec(spec: SpecIR): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const ev of spec.events) {
    const at = `event ${ev.type} (${ev.name})`;
    if (names.has(ev.name)) problems.push(`${at}: duplicate name`);
    names.add(ev.name);
    if (ev.timed && ev.args[0] !== "dt") problems.push(`${at}: a timed event's first argument must be dt`);
    if (ev.timed && ev.args.length > spec.limits.maxTimedEventArgs) {
      problems.push(`${at}: more than ${spec.limits.maxTimedEventArgs} arguments`);
    }
    if (ev.timed && (ev.hasData || ev.isStack)) problems.push(`${at}: timed events carry no trailer`);
    ev.args.forEach((arg, i) => {
      const looksStack = arg === "stack" || arg.endsWith("_stack");
      if (looksStack !== ev.stackArgs.includes(i)) problems.push(`${at}: ${arg} and -go-stack-args disagree`);
      if (arg.endsWith("_string") !== ev.stringArgs.includes(i)) {
        problems.push(`${at}: ${arg} and -go-string-args disagree`);
      }
    });
    if (ev.isStack && (ev.args[0] !== "id" || ev.args[1] !== "nframes")) {
      problems.push(`${at}: a stack's arguments must be id, nframes`);
    }
    if (ev.experiment !== 0 && ev.type < spec.firstExperimentalEvent) {
      problems.push(`${at}: experimental events start at ${spec.firstExperimentalEvent}`);
    }
    if (ev.startEvent !== 0 && !spec.events.some((e) => e.type === ev.startEvent)) {
      problems.push(`${at}: start event ${ev.startEvent} does not exist`);
    }
    if (!/^1\.\d+$/.test(ev.since)) problems.push(`${at}: -go-since must look like 1.NN`);
  }
  for (const f of spec.formats) {
    if (!spec.events.some((e) => e.type === f.rawLastEvent)) problems.push(`format ${f.name}: bad raw-last-event`);
  }
  return problems;
}
