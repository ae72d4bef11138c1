// gotrace pprof, run as a user runs it: the profile on stdout (or in -o OUT)
// decodes, with DataDog's pprof-format (an independent decoder, dev only), to
// the samples of go tool trace -pprof=TYPE that the goldens hold.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { type AnalysisSample, analysisGolden, fixture } from "@gotrace/conformance";
import { Profile } from "pprof-format";
import { describe, expect, test } from "vitest";
import { Output } from "./io/output.js";
import { pprofCommand } from "./commands/pprof.js";
import { gotrace } from "./testing/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gotrace-pprof-cli-"));

/** Each sample as one line (frames leaf first, count, delay), sorted: a multiset. */
function decoded(gz: Uint8Array): string[] {
  const p = Profile.decode(gunzipSync(gz));
  const str = (i: number | bigint) => p.stringTable.strings[Number(i)];
  expect(p.sampleType.map((t) => `${str(t.type)}/${str(t.unit)}`)).toEqual(["contentions/count", "delay/nanoseconds"]);
  const funcs = new Map(p.function.map((f) => [Number(f.id), f]));
  const locs = new Map(p.location.map((l) => [Number(l.id), l]));
  return p.sample
    .map((s) => {
      const frames = s.locationId.map((id) => {
        const loc = locs.get(Number(id));
        const line = loc?.line[0];
        const fn = funcs.get(Number(line?.functionId));
        return `${str(fn?.name ?? 0)} ${str(fn?.filename ?? 0)}:${Number(line?.line)} ${Number(loc?.address)}`;
      });
      return `${frames.join(" | ")} = ${s.value.map(Number).join(" ")}`;
    })
    .sort();
}

function golden(samples: AnalysisSample[] | null): string[] {
  return (samples ?? [])
    .map((s) => `${s.stack.map((f) => `${f.func} ${f.file}:${f.line} ${f.pc}`).join(" | ")} = ${s.count} ${s.delayNs}`)
    .sort();
}

describe("gotrace pprof", () => {
  test("sync on a fixture: standard output holds Go's samples", () => {
    const name = "block-go1.27";
    const r = gotrace(["pprof", "sync", fixture(name).tracePath]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const want = golden(analysisGolden(name).pprof.sync.samples);
    expect(want.length).toBeGreaterThan(0);
    expect(decoded(r.stdout)).toEqual(want);
  });

  test("every type on the sample trace, into -o OUT; an existing OUT needs --force", () => {
    const trace = fixture("annotations-go1.27").tracePath;
    for (const type of ["net", "sync", "syscall", "sched"] as const) {
      const out = join(dir, `${type}.pb.gz`);
      const r = gotrace(["pprof", type, "-o", out, trace]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(decoded(readFileSync(out)), type).toEqual(
        golden(analysisGolden("annotations-go1.27").pprof[type].samples),
      );
      const again = gotrace(["pprof", type, "-o", out, trace]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already exists; pass --force/);
      expect(gotrace(["pprof", type, "-o", out, "--force", trace]).status).toBe(0);
    }
  });

  test("a broken trace: profiled up to its last Sync, with one warning", () => {
    const name = "annotations-go1.27-allocfree-rejected";
    const r = gotrace(["pprof", "sched", fixture(name).tracePath]);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/warning: .*broken trace/);
    expect(decoded(r.stdout)).toEqual(golden(analysisGolden(name).pprof.sched.samples));
  });

  test("usage mistakes are one line with status 2", () => {
    const trace = fixture("block-go1.27").tracePath;
    for (const args of [
      ["pprof", "block", trace],
      ["pprof", trace],
      ["pprof", "sync", "--region"],
    ]) {
      const r = gotrace(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stdout.length).toBe(0);
    }
  });

  test("a filter that matches nothing gives a profile without samples", () => {
    const r = gotrace(["pprof", "sync", "--region", "no such region", fixture("block-go1.27").tracePath]);
    expect(r.status).toBe(0);
    expect(decoded(r.stdout)).toEqual([]);
  });

  test("refuses to write the binary profile to a terminal, before reading anything", async () => {
    const written: unknown[] = [];
    const terminal = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          written.push(chunk);
          done();
        },
      }),
      { isTTY: true },
    );
    // The input does not exist: the refusal comes before it is opened.
    const args = {
      file: join(dir, "does-not-exist.trace"),
      operands: ["sync"],
      flags: new Set<string>(),
      options: new Map(),
    };
    await expect(pprofCommand.run(args, new Output(terminal), () => {})).rejects.toThrow(/not a terminal/);
    expect(written).toEqual([]);
  });
});
