// Turns the spec's .ksy documents into the IR, checking the conventions the
// emitters rely on (see spec/go_trace_events.ksy's doc for the -go-* keys).
import type { EventIR, ExperimentIR, FieldIR, FormatIR, OldFormatIR, PayloadIR, SpecIR, StructIR } from "./model.js";
import { type Ksy, type KsyFile, SpecError, loadKsyTree, obj, str } from "./ksy.js";

const ROOT = "go_trace";
const EVENTS = "go_trace_events";

export function loadSpec(specDir: string): SpecIR {
  const files = loadKsyTree(specDir, ROOT);
  const byName = new Map(files.map((f) => [f.name, f]));
  const root = need(byName, ROOT);
  const eventsFile = need(byName, EVENTS);
  const meta = obj(root.doc.meta);

  const experiments = readExperiments(root, meta);
  const expByKey = new Map(experiments.map((e) => [e.key, e.id]));
  const enumIds = readEventEnum(eventsFile);
  const typeById = new Map([...enumIds].map(([t, id]) => [id, t]));
  const events = readEvents(eventsFile, enumIds, typeById, expByKey);
  const formats = readFormats(root, meta, typeById, expByKey);
  const oldFormats = ((meta["-go-old-formats"] ?? []) as Ksy[]).map(
    (f): OldFormatIR => ({ header: Number(f.header), writtenBy: (f["written-by"] ?? []) as string[] }),
  );
  const payloads = files.filter((f) => obj(f.doc.meta)["-go-experiment-id"] !== undefined).map((f) => readPayload(f));

  return {
    sources: files.map((f) => `${f.name}.ksy`).sort(),
    events,
    formats,
    oldFormats,
    experiments,
    firstExperimentalEvent: num(eventsFile, obj(eventsFile.doc.meta), "-go-first-experimental-event"),
    payloads,
    limits: {
      maxBatchSize: num(root, meta, "-go-max-batch-size"),
      maxStringSize: num(root, meta, "-go-max-string-size"),
      maxFramesPerStack: num(root, meta, "-go-max-frames-per-stack"),
      maxTimedEventArgs: num(root, meta, "-go-max-timed-event-args"),
    },
    headerScan: str(meta["-go-header-scan"]),
    stackFrameFields: readStackFrame(eventsFile),
  };
}

function readStackFrame(file: KsyFile): string[] {
  const frame = obj(obj(file.doc.types).stack_frame);
  const fields = ((frame.seq ?? []) as Ksy[]).map((f) => {
    if (f.type !== "uvarint") throw new SpecError(file.name, "types/stack_frame", "frame fields must be uvarints");
    return str(f.id);
  });
  if (fields.length === 0) throw new SpecError(file.name, "types/stack_frame", "missing");
  return fields;
}

function need(byName: Map<string, KsyFile>, name: string): KsyFile {
  const f = byName.get(name);
  if (!f) throw new SpecError(name, "imports", "file not found");
  return f;
}

function num(file: KsyFile, meta: Ksy, key: string): number {
  const v = meta[key];
  if (typeof v !== "number") throw new SpecError(file.name, `meta/${key}`, "expected a number");
  return v;
}

function readExperiments(file: KsyFile, meta: Ksy): ExperimentIR[] {
  const raw = obj(meta["-go-experiments"]);
  return Object.entries(raw).map(([id, key]) => {
    const k = str(key);
    const name = k.replace(/(^|_)([a-z])/g, (_m, _p, c: string) => c.toUpperCase());
    if (!/^[a-z][a-z0-9_]*$/.test(k)) throw new SpecError(file.name, "meta/-go-experiments", `bad id ${k}`);
    return { id: Number(id), key: k, name };
  });
}

function readEventEnum(file: KsyFile): Map<number, string> {
  const entries = obj(obj(file.doc.enums).ev_type);
  const out = new Map<number, string>();
  for (const [k, v] of Object.entries(entries)) {
    const id = typeof v === "string" ? v : str(obj(v).id);
    const type = Number(k);
    if (!Number.isInteger(type) || type < 1 || type > 255) {
      throw new SpecError(file.name, `enums/ev_type/${k}`, "type byte must be 1..255");
    }
    out.set(type, id);
  }
  return out;
}

function readEvents(
  file: KsyFile,
  enumIds: Map<number, string>,
  typeById: Map<string, number>,
  expByKey: Map<string, number>,
): EventIR[] {
  const types = obj(file.doc.types);
  const events: EventIR[] = [];
  for (const [type, id] of [...enumIds].sort((a, b) => a[0] - b[0])) {
    const where = `types/ev_${id}`;
    const t = types[`ev_${id}`];
    if (t === undefined) throw new SpecError(file.name, where, "missing type for enum entry");
    const def = obj(t);
    const args: string[] = [];
    let hasData = false;
    let isStack = false;
    for (const raw of (def.seq ?? []) as Ksy[]) {
      const fid = str(raw.id);
      if (fid === "len_data" || fid === "data") {
        hasData = true;
      } else if (fid === "frames") {
        isStack = true;
      } else if (raw.type === "uvarint") {
        args.push(fid);
      } else {
        throw new SpecError(file.name, `${where}/seq/${fid}`, "event arguments must be uvarints");
      }
    }
    const indexOf = (names: unknown, key: string): number[] =>
      ((names ?? []) as string[]).map((n) => {
        const i = args.indexOf(n);
        if (i < 0) throw new SpecError(file.name, `${where}/${key}`, `no argument ${n}`);
        return i;
      });
    const startId = def["-go-start-event"];
    const startEvent = startId === undefined ? 0 : typeById.get(str(startId));
    if (startEvent === undefined) throw new SpecError(file.name, where, `unknown start event ${String(startId)}`);
    const expKey = def["-go-experiment"];
    const experiment = expKey === undefined ? 0 : expByKey.get(str(expKey));
    if (experiment === undefined) throw new SpecError(file.name, where, `unknown experiment ${String(expKey)}`);
    const name = str(def["-go-name"]);
    if (!name) throw new SpecError(file.name, where, "missing -go-name");
    events.push({
      type,
      id,
      name,
      doc: str(def.doc),
      args,
      timed: def["-go-timed"] === true,
      hasData,
      isStack,
      stackArgs: indexOf(def["-go-stack-args"], "-go-stack-args"),
      stringArgs: indexOf(def["-go-string-args"], "-go-string-args"),
      startEvent,
      experiment,
      unscheduled: def["-go-unscheduled"] === true,
      since: str(def["-go-since"]),
    });
  }
  return events;
}

function readFormats(
  file: KsyFile,
  meta: Ksy,
  typeById: Map<string, number>,
  expByKey: Map<string, number>,
): FormatIR[] {
  return ((meta["-go-formats"] ?? []) as Ksy[]).map((f): FormatIR => {
    const last = typeById.get(str(f["raw-last-event"]));
    if (last === undefined)
      throw new SpecError(file.name, "meta/-go-formats", `unknown event ${String(f["raw-last-event"])}`);
    const writer = f["writer-raw-table"] === undefined ? undefined : obj(f["writer-raw-table"]);
    let writerRawTable: FormatIR["writerRawTable"];
    if (writer) {
      const lastEvent = typeById.get(str(writer["last-event"]));
      if (lastEvent === undefined)
        throw new SpecError(file.name, "meta/-go-formats", "bad writer-raw-table last-event");
      const experiments = ((writer.experiments ?? []) as string[]).map((k) => {
        const id = expByKey.get(k);
        if (id === undefined) throw new SpecError(file.name, "meta/-go-formats", `unknown experiment ${k}`);
        return id;
      });
      writerRawTable = { release: str(writer.release), lastEvent, experiments };
    }
    const end = str(f["generation-end"]);
    if (end !== "spill" && end !== "end_of_generation") {
      throw new SpecError(file.name, "meta/-go-formats", `bad generation-end ${end}`);
    }
    return {
      header: Number(f.header),
      name: str(f.name),
      writtenBy: (f["written-by"] ?? []) as string[],
      rawLastEvent: last,
      writerRawTable,
      rawUnnamedEvents: f["raw-unnamed-events"] === true,
      generationEnd: end,
      syncBatch: f["sync-batch"] === true,
    };
  });
}

/** An experiment's payload file: `kind` (u1 enum) then `body` switching on it. */
function readPayload(file: KsyFile): PayloadIR {
  const doc = file.doc;
  const meta = obj(doc.meta);
  const seq = (doc.seq ?? []) as Ksy[];
  const kindField = seq[0];
  const body = seq[1];
  if (kindField?.type !== "u1" || !body) {
    throw new SpecError(file.name, "seq", "expected a u1 kind and a body switching on it");
  }
  const enumName = str(kindField.enum);
  const enumEntries = obj(obj(doc.enums)[enumName]);
  const kindValue = new Map(
    Object.entries(enumEntries).map(([v, id]) => [str(typeof id === "string" ? id : obj(id).id), Number(v)]),
  );
  const cases = obj(obj(body.type).cases);
  const kinds = Object.entries(cases).map(([key, struct]) => {
    const id = key.replace(`${enumName}::`, "");
    const value = kindValue.get(id);
    if (value === undefined) throw new SpecError(file.name, "seq/body", `unknown kind ${key}`);
    return { value, id, struct: str(struct) };
  });
  const structs = Object.entries(obj(doc.types)).map(([id, t]) => readStruct(file, id, obj(t)));
  return { experiment: Number(meta["-go-experiment-id"]), doc: str(doc.doc), kinds, structs };
}

function readStruct(file: KsyFile, id: string, def: Ksy): StructIR {
  const fields: FieldIR[] = [];
  for (const f of (def.seq ?? []) as Ksy[]) {
    const fid = str(f.id);
    const doc = str(f.doc);
    const where = `types/${id}/seq/${fid}`;
    if (f.repeat === "eos") {
      fields.push({ kind: "repeat", id: fid, doc, struct: str(f.type) });
    } else if (f.type === "uvarint") {
      fields.push({ kind: "uvarint", id: fid, doc });
    } else if (f.type === "u1") {
      fields.push({ kind: "u1", id: fid, doc });
    } else if (f.type === "str") {
      const m = /^(\w+)\.value$/.exec(str(f.size));
      if (!m?.[1]) throw new SpecError(file.name, where, "a str needs size: <len field>.value");
      fields.push({ kind: "string", id: fid, doc, lengthField: m[1] });
    } else {
      throw new SpecError(file.name, where, `unsupported field type ${JSON.stringify(f.type)}`);
    }
  }
  return { id, doc: str(def.doc), fields };
}
