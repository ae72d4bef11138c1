// A small protobuf decoder for the tests, written apart from the writer in
// @gotrace/codec so that a mistake in one is not repeated in the other: it
// reads the profile.proto fields cmd/trace's profiles use and gives each
// sample as frames (leaf first) and values.
import { gunzipSync } from "node:zlib";

interface Field {
  no: number;
  wire: number;
  value: bigint | Uint8Array;
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = buf[at++];
      if (b === undefined) throw new Error("protobuf: truncated varint");
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return v;
    }
  };
  while (at < buf.length) {
    const tag = Number(varint());
    const no = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      out.push({ no, wire, value: buf.subarray(at, at + len) });
      at += len;
    } else throw new Error(`protobuf: wire type ${wire} not used by profile.proto`);
  }
  return out;
}

/** A repeated integer field, packed or not. */
function ints(fs: Field[], no: number): number[] {
  const out: number[] = [];
  for (const f of fs) {
    if (f.no !== no) continue;
    if (typeof f.value === "bigint") out.push(Number(f.value));
    else for (const g of fieldsOfPacked(f.value)) out.push(g);
  }
  return out;
}

function fieldsOfPacked(buf: Uint8Array): number[] {
  const out: number[] = [];
  let at = 0;
  while (at < buf.length) {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const b = buf[at++] as number;
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    out.push(Number(v));
  }
  return out;
}

const int = (fs: Field[], no: number): number => ints(fs, no)[0] ?? 0;
const msgs = (fs: Field[], no: number): Field[][] =>
  fs.filter((f) => f.no === no && f.value instanceof Uint8Array).map((f) => fields(f.value as Uint8Array));

/** A decoded sample: frames leaf first, then the values in sample-type order. */
export interface DecodedSample {
  stack: { func: string; file: string; line: number; pc: number }[];
  values: number[];
}

/** The sample types ("type/unit") and samples of a profile.proto, gzipped or not. */
export function decodeProfile(bytes: Uint8Array): { sampleTypes: string[]; samples: DecodedSample[] } {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  const top = fields(raw);
  const strings = top.filter((f) => f.no === 6).map((f) => new TextDecoder().decode(f.value as Uint8Array));
  const str = (i: number) => {
    const s = strings[i];
    if (s === undefined) throw new Error(`string ${i} out of range`);
    return s;
  };
  const funcs = new Map(msgs(top, 5).map((f) => [int(f, 1), { name: str(int(f, 2)), file: str(int(f, 4)) }]));
  const locs = new Map(
    msgs(top, 4).map((l) => {
      const lines = msgs(l, 4);
      if (lines.length !== 1) throw new Error(`location ${int(l, 1)} has ${lines.length} lines`);
      const line = lines[0] as Field[];
      const fn = funcs.get(int(line, 1));
      if (fn === undefined) throw new Error(`location ${int(l, 1)}: no function ${int(line, 1)}`);
      return [int(l, 1), { func: fn.name, file: fn.file, line: int(line, 2), pc: int(l, 3) }];
    }),
  );
  const sampleTypes = msgs(top, 1).map((t) => `${str(int(t, 1))}/${str(int(t, 2))}`);
  const samples = msgs(top, 2).map((s) => ({
    stack: ints(s, 1).map((id) => {
      const loc = locs.get(id);
      if (loc === undefined) throw new Error(`no location ${id}`);
      return loc;
    }),
    values: ints(s, 2),
  }));
  return { sampleTypes, samples };
}
