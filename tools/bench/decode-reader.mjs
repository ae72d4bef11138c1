// Streams a trace through @gotrace/reader's TraceReader in 1 MiB chunks and
// prints one JSON line: bytes, events, seconds, peak RSS. Used by run.mjs.
import { createReadStream } from "node:fs";
import { TraceReader } from "@gotrace/reader";

const file = process.argv[2];
const start = process.hrtime.bigint();
const reader = new TraceReader();
let events = 0;
let bytes = 0;
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
  bytes += chunk.length;
  reader.push(chunk);
  while (reader.next() !== null) events++;
}
reader.finish();
while (reader.next() !== null) events++;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ bytes, events, seconds, maxRSSKiB: process.resourceUsage().maxRSS }));
