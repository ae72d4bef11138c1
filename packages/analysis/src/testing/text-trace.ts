// Test helper: a binary trace from batches written in Go's raw text format
// (a batch header line and its events), each batch's size= computed from its
// encoded events, so hand-written cases need no byte counts.
import { textToBinary } from "@gotrace/codec";

const HEADER = "Trace Go1.22\n";

/** A binary go 1.22 trace from batches (a header line without size=, and its event lines). */
export function textTrace(batches: { header: string; events: string[] }[]): Uint8Array {
  const base = textToBinary(HEADER).length;
  let text = HEADER;
  for (const b of batches) {
    const body = b.events.map((e) => `${e}\n`).join("");
    const size = textToBinary(`${HEADER}${body}`).length - base;
    text += `${b.header} size=${size}\n${body}`;
  }
  return textToBinary(text);
}
