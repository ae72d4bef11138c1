// Decodes our output with DataDog's pprof-format (an independent decoder, dev
// only) and checks that it says what the input said.
import { gunzipSync } from "node:zlib";
import { Profile } from "pprof-format";
import { describe, expect, it } from "vitest";
import { encodeHeapProfile, gzipHeapProfile, PROFILE_COMMENT, type PprofInput, type PprofSample } from "./index.js";

/** The decoded profile in plain terms: names instead of string/function/location ids. */
function decode(bytes: Uint8Array) {
  const p = Profile.decode(bytes);
  const strings = p.stringTable.strings;
  const str = (i: number | bigint) => strings[Number(i)];
  const funcs = new Map(p.function.map((f) => [Number(f.id), f]));
  const locs = new Map(p.location.map((l) => [Number(l.id), l]));
  const frame = (locId: number | bigint) => {
    const loc = locs.get(Number(locId));
    expect(loc, `location ${locId}`).toBeDefined();
    expect(loc!.line).toHaveLength(1);
    const fn = funcs.get(Number(loc!.line[0]!.functionId));
    expect(fn, `function of location ${locId}`).toBeDefined();
    return { name: str(fn!.name), file: str(fn!.filename) };
  };
  return {
    profile: p,
    strings,
    sampleTypes: p.sampleType.map((t) => `${str(t.type)}/${str(t.unit)}`),
    defaultSampleType: str(p.defaultSampleType),
    periodType: p.periodType && `${str(p.periodType.type)}/${str(p.periodType.unit)}`,
    period: Number(p.period),
    timeNanos: BigInt(p.timeNanos),
    durationNanos: BigInt(p.durationNanos),
    comments: p.comment.map(str),
    samples: p.sample.map((s) => ({ stack: s.locationId.map(frame), values: s.value.map(Number) })),
    functions: p.function.map((f) => ({
      id: Number(f.id),
      name: str(f.name),
      system: str(f.systemName),
      file: str(f.filename),
    })),
  };
}

/** What each input sample should decode to. */
function expected(s: PprofSample) {
  const stack = [
    { name: s.type, file: "<type>" },
    { name: s.group, file: "<goroutine>" },
  ];
  if (s.task) stack.push({ name: s.task, file: "<task>" });
  return { stack, values: [s.allocObjects, s.allocBytes, s.inuseObjects, s.inuseBytes] };
}

const input: PprofInput = {
  timeNanos: 1_735_689_600_123_456_789n,
  durationNanos: 2_500_000_000,
  comments: ["trace: prog.trace"],
  samples: [
    { type: "*main.node", group: "main.worker", allocObjects: 10, allocBytes: 320, inuseObjects: 4, inuseBytes: 128 },
    {
      type: "[]uint8",
      group: "main.worker",
      task: "load",
      allocObjects: 1,
      allocBytes: 2 ** 40,
      inuseObjects: 0,
      inuseBytes: 0,
    },
    {
      type: "*main.node",
      group: "main.main",
      task: "load",
      allocObjects: 3,
      allocBytes: 96,
      inuseObjects: 3,
      inuseBytes: 96,
    },
    {
      type: "[]uint8",
      group: "main.main",
      allocObjects: Number.MAX_SAFE_INTEGER,
      allocBytes: 2 ** 53 - 2,
      inuseObjects: 127,
      inuseBytes: 128,
    },
  ],
};

describe("encodeHeapProfile, decoded by pprof-format", () => {
  it("round-trips sample types, samples, stacks and metadata", () => {
    const d = decode(encodeHeapProfile(input));
    expect(d.strings[0]).toBe("");
    expect(d.sampleTypes).toEqual([
      "alloc_objects/count",
      "alloc_space/bytes",
      "inuse_objects/count",
      "inuse_space/bytes",
    ]);
    expect(d.defaultSampleType).toBe("inuse_space");
    expect(d.periodType).toBe("space/bytes");
    expect(d.period).toBe(1);
    expect(d.timeNanos).toBe(1_735_689_600_123_456_789n);
    expect(d.durationNanos).toBe(2_500_000_000n);
    expect(d.comments).toEqual([PROFILE_COMMENT, "trace: prog.trace"]);
    expect(d.samples).toEqual(input.samples.map(expected));
  });

  it("makes one function and one location per distinct frame, named verbatim", () => {
    const d = decode(encodeHeapProfile(input));
    expect(d.functions).toEqual([
      { id: 1, name: "*main.node", system: "", file: "<type>" },
      { id: 2, name: "main.worker", system: "", file: "<goroutine>" },
      { id: 3, name: "[]uint8", system: "", file: "<type>" },
      { id: 4, name: "load", system: "", file: "<task>" },
      { id: 5, name: "main.main", system: "", file: "<goroutine>" },
    ]);
    expect(d.profile.location.map((l) => Number(l.id))).toEqual([1, 2, 3, 4, 5]);
    expect(d.profile.location.every((l) => Number(l.mappingId) === 1)).toBe(true);
    expect(d.profile.mapping).toHaveLength(1);
    expect(d.profile.mapping[0]!.hasFunctions).toBe(true);
    // Each string once.
    expect(new Set(d.strings).size).toBe(d.strings.length);
  });

  it("keeps a type, a goroutine group and a task of the same name apart", () => {
    const same = "main.worker";
    const d = decode(
      encodeHeapProfile({
        timeNanos: 0,
        durationNanos: 1,
        samples: [
          { type: same, group: same, task: same, allocObjects: 1, allocBytes: 8, inuseObjects: 1, inuseBytes: 8 },
        ],
      }),
    );
    expect(d.functions.map((f) => `${f.name} ${f.file}`)).toEqual([
      "main.worker <type>",
      "main.worker <goroutine>",
      "main.worker <task>",
    ]);
  });

  it("encodes an empty input as a valid profile with no samples", () => {
    const bytes = encodeHeapProfile({ samples: [], timeNanos: 0, durationNanos: 0 });
    const d = decode(bytes);
    expect(d.samples).toEqual([]);
    expect(d.functions).toEqual([]);
    expect(d.profile.location).toEqual([]);
    expect(d.profile.mapping).toEqual([]);
    expect(d.strings[0]).toBe("");
    expect(d.sampleTypes).toHaveLength(4);
    expect(d.defaultSampleType).toBe("inuse_space");
    expect(d.timeNanos).toBe(0n);
    expect(d.comments).toEqual([PROFILE_COMMENT]);
  });

  it("keeps unicode, quotes, backslashes and angle brackets in names", () => {
    const names = ['say "héllo" ✓', "日本語\\path", "chan<- int", "<unknown type>", "emoji 🧵\u0000nul"];
    const samples = names.map((n, i) => ({
      type: n,
      group: `g ${n}`,
      task: `t ${n}`,
      allocObjects: i,
      allocBytes: i * 8,
      inuseObjects: 0,
      inuseBytes: 0,
    }));
    const d = decode(encodeHeapProfile({ samples, timeNanos: 0, durationNanos: 0, comments: ["ünïcödé ‘quotes’"] }));
    expect(d.samples).toEqual(samples.map(expected));
    expect(d.comments[1]).toBe("ünïcödé ‘quotes’");
  });

  it("treats an empty task as no task frame", () => {
    const d = decode(
      encodeHeapProfile({
        timeNanos: 0,
        durationNanos: 0,
        samples: [{ type: "T", group: "g", task: "", allocObjects: 1, allocBytes: 1, inuseObjects: 1, inuseBytes: 1 }],
      }),
    );
    expect(d.samples[0]!.stack.map((f) => f.name)).toEqual(["T", "g"]);
  });

  it("is deterministic", () => {
    expect(encodeHeapProfile(input)).toEqual(encodeHeapProfile(structuredClone(input)));
  });

  it("rejects counts that are negative, fractional or past 2^53", () => {
    const base = input.samples[0]!;
    for (const bad of [-1, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() =>
        encodeHeapProfile({ timeNanos: 0, durationNanos: 0, samples: [{ ...base, inuseBytes: bad }] }),
      ).toThrow(/samples\[0\]\.inuseBytes/);
    }
    expect(() => encodeHeapProfile({ timeNanos: 1.5, durationNanos: 0, samples: [] })).toThrow(/timeNanos/);
  });
});

describe("gzipHeapProfile", () => {
  it("gzips exactly the encoded bytes", async () => {
    const gz = await gzipHeapProfile(input);
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(new Uint8Array(gunzipSync(gz))).toEqual(encodeHeapProfile(input));
  });

  it("handles inputs larger than one stream chunk", async () => {
    const samples = Array.from({ length: 20_000 }, (_, i) => ({
      type: `main.T${i}`,
      group: `main.g${i % 97}`,
      allocObjects: i,
      allocBytes: i * 16,
      inuseObjects: i % 3,
      inuseBytes: (i % 3) * 16,
    }));
    const big = { samples, timeNanos: 0, durationNanos: 0 };
    const gz = await gzipHeapProfile(big);
    // Buffer.equals: toEqual walks a megabyte element by element, slowly.
    expect(gunzipSync(gz).equals(encodeHeapProfile(big))).toBe(true);
  });
});
