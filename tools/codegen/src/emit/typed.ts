// Prints typed.gen.ts: one typed shape per event, and the per-event decoder
// (raw cursor → typed object) and encoder (typed object → bytes).
import type { EventIR, SpecIR } from "../ir/model.js";
import { camel, header, jsdoc, q } from "./print.js";

/** Arguments that the typed shape derives instead of storing (a stack's frame count). */
function storedArgs(e: EventIR): { name: string; index: number }[] {
  return e.args.map((name, index) => ({ name, index })).filter((a) => !(e.isStack && a.name === "nframes"));
}

function shape(e: EventIR): string {
  const fields = storedArgs(e).map((a) => `  readonly ${camel(a.name)}: number;`);
  if (e.isStack) fields.push("  readonly frames: readonly StackFrame[];");
  if (e.hasData) fields.push("  readonly data: Uint8Array;");
  return `${jsdoc(e.doc)}export interface ${e.name}Event {\n  readonly kind: ${q(e.name)};\n${fields.join("\n")}\n}\n`;
}

function decodeCase(e: EventIR): string {
  const fields = storedArgs(e).map((a) => `${camel(a.name)}: ev.arg(${a.index})`);
  if (e.isStack) fields.push("frames: readFrames(ev)");
  if (e.hasData) fields.push("data: ev.dataCopy()");
  return `    case ${e.type}:\n      return { kind: ${q(e.name)}${fields.length ? `, ${fields.join(", ")}` : ""} };`;
}

function encodeCase(e: EventIR): string {
  const lines = [`    case ${q(e.name)}:`, `      w.u8(${e.type});`];
  for (const name of e.args) {
    lines.push(
      e.isStack && name === "nframes" ? "      w.uvarint(ev.frames.length);" : `      w.uvarint(ev.${camel(name)});`,
    );
  }
  if (e.isStack) lines.push("      for (const f of ev.frames) writeFrame(w, f);");
  if (e.hasData) lines.push("      w.uvarint(ev.data.length);", "      w.bytes(ev.data);");
  lines.push("      return;");
  return lines.join("\n");
}

export function emitTyped(spec: SpecIR): string {
  const events = spec.events;
  return `${header(spec, "Typed event shapes with their decoders and encoders.")}
import type { RawEvent } from "../wire/raw-event.js";
import type { ByteWriter } from "../wire/byte-writer.js";
import { TraceError } from "../errors/trace-error.js";

/** One stack frame, innermost first; func and file are string ids. */
export interface StackFrame {
${spec.stackFrameFields.map((f) => `  readonly ${camel(f)}: number;`).join("\n")}
}

${events.map(shape).join("\n")}
/** Any event, discriminated by \`kind\` (Go's event name). */
export type TypedEvent =
${events.map((e) => `  | ${e.name}Event`).join("\n")};

function readFrames(ev: RawEvent): StackFrame[] {
  const frames: StackFrame[] = [];
  for (let i = 2; i + ${spec.stackFrameFields.length - 1} < ev.argCount; i += ${spec.stackFrameFields.length}) {
    frames.push({ ${spec.stackFrameFields.map((f, k) => `${camel(f)}: ev.arg(i${k ? ` + ${k}` : ""})`).join(", ")} });
  }
  return frames;
}

function writeFrame(w: ByteWriter, f: StackFrame): void {
${spec.stackFrameFields.map((f) => `  w.uvarint(f.${camel(f)});`).join("\n")}
}

/**
 * Copies the decoder's current event into a typed object. Arguments are
 * numbers: exact below 2^53, -1 for 2^64-1 (Go's NoThread, NoTask); any
 * other larger value throws E_RANGE (read it with RawEvent.argBigInt).
 */
export function toTypedEvent(ev: RawEvent): TypedEvent {
  switch (ev.type) {
${events.map(decodeCase).join("\n")}
  }
  throw new TraceError("E_EVENT_TYPE", \`no typed shape for event type \${ev.type}\`, { offset: ev.offset });
}

/** Writes a typed event: its type byte, arguments as minimal uvarints, and its trailer. */
export function writeTypedEvent(w: ByteWriter, ev: TypedEvent): void {
  switch (ev.kind) {
${events.map(encodeCase).join("\n")}
  }
}
`;
}
