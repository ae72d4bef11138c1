// Prints <experiment>.gen.ts: typed shapes, a decoder and an encoder for an
// experiment's batch payloads (alloc_free.ksy: the info batch and type table).
import type { FieldIR, PayloadIR, SpecIR, StructIR } from "../ir/model.js";
import { camel, header, jsdoc, pascal, q } from "./print.js";

/** Fields the shape stores: a length that only prefixes a string is derived. */
function stored(s: StructIR): FieldIR[] {
  const lengths = new Set(s.fields.flatMap((f) => (f.kind === "string" ? [f.lengthField] : [])));
  return s.fields.filter((f) => !lengths.has(f.id));
}

function fieldType(f: FieldIR, prefix: string): string {
  switch (f.kind) {
    case "uvarint":
    case "u1":
      return "number";
    case "string":
      return "string";
    case "repeat":
      return `${prefix}${pascal(f.struct)}[]`;
  }
}

function decodeField(f: FieldIR, prefix: string): string {
  switch (f.kind) {
    case "uvarint":
      return `  const ${camel(f.id)} = r.uvarint();`;
    case "u1":
      return `  const ${camel(f.id)} = r.u8();`;
    case "string":
      return `  const ${camel(f.id)} = r.utf8(${camel(f.lengthField)});`;
    case "repeat":
      return `  const ${camel(f.id)}: ${prefix}${pascal(f.struct)}[] = [];\n  while (!r.atEnd()) ${camel(f.id)}.push(read${prefix}${pascal(f.struct)}(r));`;
  }
}

function encodeField(f: FieldIR, s: StructIR, prefix: string): string {
  const isLength = s.fields.find((g) => g.kind === "string" && g.lengthField === f.id);
  if (isLength) return `  w.uvarint(utf8Length(v.${camel(isLength.id)}));`;
  switch (f.kind) {
    case "uvarint":
      return `  w.uvarint(v.${camel(f.id)});`;
    case "u1":
      return `  w.u8(v.${camel(f.id)});`;
    case "string":
      return `  w.utf8(v.${camel(f.id)});`;
    case "repeat":
      return `  for (const e of v.${camel(f.id)}) write${prefix}${pascal(f.struct)}(w, e);`;
  }
}

function structCode(s: StructIR, p: PayloadIR, prefix: string): string {
  const name = `${prefix}${pascal(s.id)}`;
  const kind = p.kinds.find((k) => k.struct === s.id);
  const fields = stored(s);
  const iface = `${jsdoc(s.doc)}export interface ${name} {\n${kind ? `  readonly kind: ${q(kind.id)};\n` : ""}${fields
    .map((f) => `${jsdoc(f.doc, "  ")}  readonly ${camel(f.id)}: ${fieldType(f, prefix)};`)
    .join("\n")}\n}\n`;
  const reader = `function read${name}(r: ByteReader): ${name} {\n${s.fields.map((f) => decodeField(f, prefix)).join("\n")}\n  return { ${[
    ...(kind ? [`kind: ${q(kind.id)} as const`] : []),
    ...fields.map((f) => camel(f.id)),
  ].join(", ")} };\n}\n`;
  const writer = `function write${name}(w: ByteWriter, v: ${name}): void {\n${s.fields.map((f) => encodeField(f, s, prefix)).join("\n")}\n}\n`;
  return `${iface}\n${reader}\n${writer}`;
}

export function emitPayload(spec: SpecIR, p: PayloadIR): { file: string; code: string } {
  const exp = spec.experiments.find((e) => e.id === p.experiment);
  if (!exp) throw new Error(`payload for unknown experiment ${p.experiment}`);
  const prefix = exp.name;
  const union = `${prefix}Batch`;
  const kinds = p.kinds.map((k) => `${prefix}${pascal(k.struct)}`);
  const code = `${header(spec, `Batch payloads of the ${exp.name} experiment.`)}
import { ByteReader } from "../wire/byte-reader.js";
import { ByteWriter, utf8Length } from "../wire/byte-writer.js";
import { TraceError } from "../errors/trace-error.js";

/** Experiment id of ${exp.name} in ExperimentalBatch headers. */
export const ${exp.key.toUpperCase()}_EXPERIMENT = ${exp.id};

${p.structs.map((s) => structCode(s, p, prefix)).join("\n")}
${jsdoc(p.doc)}export type ${union} = ${kinds.join(" | ")};

/**
 * Decodes the data of an ExperimentalBatch of this experiment. \`offset\` is
 * where the data starts in the trace, so errors can name the byte.
 */
export function decode${union}(data: Uint8Array, offset = 0): ${union} {
  const r = new ByteReader(data, offset);
  const kind = r.u8();
  let batch: ${union};
  switch (kind) {
${p.kinds.map((k) => `    case ${k.value}:\n      batch = read${prefix}${pascal(k.struct)}(r);\n      break;`).join("\n")}
    default:
      throw new TraceError("E_PAYLOAD", \`unknown ${exp.name} batch kind \${kind}\`, { offset });
  }
  if (!r.atEnd()) throw new TraceError("E_PAYLOAD", "trailing bytes after ${exp.name} batch", { offset: r.offset });
  return batch;
}

/** Encodes a payload of this experiment (kind byte first) with minimal uvarints. */
export function encode${union}(batch: ${union}): Uint8Array {
  const w = new ByteWriter();
  switch (batch.kind) {
${p.kinds.map((k) => `    case ${q(k.id)}:\n      w.u8(${k.value});\n      write${prefix}${pascal(k.struct)}(w, batch);\n      break;`).join("\n")}
  }
  return w.finish();
}
`;
  return { file: `${exp.key.replace(/_/g, "-")}.gen.ts`, code };
}
