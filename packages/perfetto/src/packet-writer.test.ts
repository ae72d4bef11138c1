// The packets PacketWriter writes by hand read back through the generated
// schema with the values given: negative int64 counter values (ten-byte two's
// complement varints), flow ids as fixed64, large track uuids.
import { fromBinary } from "@bufbuild/protobuf";
import { expect, it } from "vitest";
import { TraceSchema, TrackEvent_Type } from "./gen/perfetto/trace_pb.js";
import { PacketWriter } from "./packet-writer.js";

it("hand-written track events decode to the values written", () => {
  const w = new PacketWriter();
  const name = w.name("a slice");
  expect(w.trackEvent(1000, TrackEvent_Type.SLICE_BEGIN, 2 ** 40 + 3, name, null, 2 ** 52 + 1, [], [], 7)).toBe(true);
  expect(w.trackEvent(1500, TrackEvent_Type.COUNTER, 5, 0, -5, null, [6, 300], [-(2 ** 40), 2 ** 50])).toBe(true);
  const packets = fromBinary(TraceSchema, w.take()).packet.filter((p) => p.data.case === "trackEvent");
  const [begin, counter] = packets.map((p) => (p.data.case === "trackEvent" ? p.data.value : null));
  expect(begin?.trackUuid).toBe(2n ** 40n + 3n);
  expect(begin?.terminatingFlowIds).toEqual([2n ** 52n + 1n]);
  expect(begin?.flowIds).toEqual([7n]);
  expect(counter?.counterValueField).toEqual({ case: "counterValue", value: -5n });
  expect(counter?.extraCounterTrackUuids).toEqual([6n, 300n]);
  expect(counter?.extraCounterValues).toEqual([-(2n ** 40n), 2n ** 50n]);
  // The second packet's time is a delta on the incremental clock.
  expect(packets.map((p) => p.timestamp)).toEqual([0n, 500n]);
});
