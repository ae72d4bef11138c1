// The seeds the fuzzer mutates: small binary traces of every format (v1 from
// Go 1.11-1.21, go 1.22, 1.23, 1.25 with its spill generations, 1.26 as Go
// 1.26/1.27 write it; with and without alloc/free events), Go's own test
// and fuzz traces, and text traces (Go's .test corpus, its edge cases, and
// the text form of binary seeds). Go's test data is read in place through
// @gotrace/conformance's loaders, never copied.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { binaryToText } from "@gotrace/codec";
import { fixture, goGoldens, goTests, textFailCases, v1Traces } from "@gotrace/conformance";
import { traceLayout } from "./layout.mjs";

/**
 * @typedef {{ name: string, format: string, kind: "binary", bytes: Uint8Array, layout: import("./layout.mjs").Layout, weight: number }} BinarySeed
 * @typedef {{ name: string, format: string, kind: "text", text: string, weight: number }} TextSeed
 */

/** Fixtures of @gotrace/conformance used as seeds: one or two per format, both kinds of alloc/free. */
const FIXTURES = [
  ["annotations-go1.21", "v1 (go 1.21)"],
  ["sched-go1.21", "v1 (go 1.21)"],
  ["annotations-go1.22", "go 1.22"],
  ["stackgrowth-go1.22", "go 1.22"],
  ["generations-go1.22", "go 1.22 (several generations)"],
  ["coro-go1.23", "go 1.23"],
  ["stackgrowth-go1.23-allocfree", "go 1.23 alloc/free"],
  ["annotations-go1.23-allocfree", "go 1.23 alloc/free"],
  ["coro-go1.25", "go 1.25"],
  ["stackgrowth-go1.25", "go 1.25"],
  ["generations-go1.25", "go 1.25 (spill across generations)"],
  ["annotations-go1.25-allocfree", "go 1.25 alloc/free"],
  ["coro-go1.27", "go 1.26 (Go 1.27)"],
  ["stackgrowth-go1.27", "go 1.26 (Go 1.27)"],
  ["stackgrowth-go1.27-allocfree", "go 1.26 alloc/free (Go 1.27)"],
  ["annotations-go1.27-allocfree", "go 1.26 alloc/free (Go 1.27)"],
];

/** Go's v1 test traces small enough to mutate quickly. */
const V1_MAX_BYTES = 8000;

/** Go's .test traces, as binary, up to this size (go122-gc-stress is 22 KB). */
const GO_TESTS_MAX_BYTES = 9000;

/** Binary seeds whose text form also seeds the text mutations. */
const TEXT_OF = [
  "coro-go1.27",
  "stackgrowth-go1.27-allocfree",
  "annotations-go1.25-allocfree",
  "coro-go1.23",
  "annotations-go1.22",
];

function headerFormat(bytes) {
  const m = /^go 1\.(\d+) trace/.exec(new TextDecoder().decode(bytes.subarray(0, 16)));
  return m ? `go 1.${m[1]}` : "no header";
}

/** Weight: how often a seed is picked; real traces more often than Go's tiny hand-made ones. */
function binarySeed(name, format, bytes, weight) {
  return { name, format, kind: "binary", bytes, layout: traceLayout(bytes), weight };
}

/** Every binary seed, in a fixed order. @returns {BinarySeed[]} */
export function binarySeeds() {
  const seeds = [];
  for (const [name, format] of FIXTURES) {
    seeds.push(binarySeed(`fixture/${name}`, format, new Uint8Array(readFileSync(fixture(name).tracePath)), 4));
  }
  for (const path of v1Traces()) {
    const bytes = new Uint8Array(readFileSync(path));
    if (bytes.length <= V1_MAX_BYTES)
      seeds.push(binarySeed(`go-testdata/v1/${basename(path)}`, `v1 (${headerFormat(bytes)})`, bytes, 2));
  }
  for (const group of ["tests", "fuzz", "edge"]) {
    for (const g of goGoldens(group)) {
      const bytes = new Uint8Array(readFileSync(g.tracePath));
      if (bytes.length > GO_TESTS_MAX_BYTES) continue;
      seeds.push(
        binarySeed(
          `go-testdata/golden-go1.27/${group}/${g.name}`,
          headerFormat(bytes),
          bytes,
          group === "tests" ? 1 : 0.5,
        ),
      );
    }
  }
  return seeds;
}

/** Every text seed, in a fixed order. @returns {TextSeed[]} */
export function textSeeds() {
  const seeds = [];
  for (const t of goTests()) {
    if (t.traceText.length <= 40000)
      seeds.push({
        name: `go-testdata/tests/${t.name}`,
        format: `text go 1.${t.header}`,
        kind: "text",
        text: t.traceText,
        weight: 1,
      });
  }
  for (const g of goGoldens("edge")) {
    if (g.traceText !== null)
      seeds.push({
        name: `go-testdata/golden-go1.27/edge/${g.name}.txt`,
        format: "text",
        kind: "text",
        text: g.traceText,
        weight: 1,
      });
  }
  for (const c of textFailCases()) {
    seeds.push({
      name: `go-testdata/golden-go1.27/edge/${c.name}.txt`,
      format: "text (Go refuses)",
      kind: "text",
      text: readFileSync(c.path, "utf8"),
      weight: 0.5,
    });
  }
  for (const name of TEXT_OF) {
    const bytes = new Uint8Array(readFileSync(fixture(name).tracePath));
    seeds.push({
      name: `text of fixture/${name}`,
      format: `text ${headerFormat(bytes)}`,
      kind: "text",
      text: binaryToText(bytes),
      weight: 4,
    });
  }
  return seeds;
}
