// The same passes as `gotrace validate` and `gotrace footprint`, over a
// trace already in memory (the read is not timed), as tracebench times Go's
// readers: node in-memory.mjs skip|tally FILE prints one JSON line: bytes,
// events, seconds, peak RSS. It shows the passes themselves apart from Node's
// start-up and the streamed reading a whole process adds. Used by run.mjs.
import { readFileSync } from "node:fs";
import { FootprintCounter, RawDecoder, countFootprint } from "@gotrace/codec";
import { TraceReader } from "@gotrace/reader";

const [mode, file] = process.argv.slice(2);
const bytes = readFileSync(file);
const CHUNK = 1 << 20;
const start = process.hrtime.bigint();
let events = 0;
if (mode === "skip") {
  const reader = new TraceReader();
  for (let at = 0; at < bytes.length; at += CHUNK) {
    reader.push(bytes.subarray(at, at + CHUNK));
    reader.skip();
  }
  reader.finish();
  reader.skip();
  events = reader.eventCount;
} else if (mode === "tally") {
  const decoder = new RawDecoder();
  const counter = new FootprintCounter();
  for (let at = 0; at < bytes.length; at += CHUNK) {
    decoder.push(bytes.subarray(at, at + CHUNK));
    countFootprint(decoder, counter);
  }
  decoder.finish();
  countFootprint(decoder, counter);
  events = counter.events;
} else {
  throw new Error(`usage: in-memory.mjs skip|tally FILE (got ${mode})`);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ bytes: bytes.length, events, seconds, maxRSSKiB: process.resourceUsage().maxRSS }));
