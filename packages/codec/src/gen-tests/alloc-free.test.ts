// The generated AllocFree payload codec on the bytes Go's runtime wrote.
import { describe, expect, it } from "vitest";
import { decodeAllocFreeBatch, encodeAllocFreeBatch } from "../gen/alloc-free.gen.js";

describe("AllocFree batches", () => {
  it("decodes the info batch of a Go 1.27 trace", () => {
    // The data of the ExperimentalBatch in format.md §2.9 (Go 1.27 sample, linux/amd64).
    const data = new Uint8Array([0x01, 0x80, 0x80, 0x80, 0xca, 0xfe, 0x97, 0x05, 0x80, 0x40, 0x08, 0x80, 0x10]);
    const info = decodeAllocFreeBatch(data);
    expect(info).toEqual({
      kind: "info",
      minPageHeapAddr: 0x14bfe9400000,
      pageSize: 8192,
      minHeapAlign: 8,
      fixedStack: 2048,
    });
    expect(encodeAllocFreeBatch(info)).toEqual(data);
  });

  it("round-trips a type table", () => {
    const types = {
      kind: "types" as const,
      entries: [
        { id: 1, address: 0x4d2f60, size: 16, ptrBytes: 8, name: "*main.node" },
        { id: 3, address: 0x4d3000, size: 1024, ptrBytes: 0, name: "[1024]uint8" },
      ],
    };
    const bytes = encodeAllocFreeBatch(types);
    expect(bytes[0]).toBe(0);
    expect(decodeAllocFreeBatch(bytes)).toEqual(types);
  });

  it("names the byte where a payload goes wrong", () => {
    expect(() => decodeAllocFreeBatch(new Uint8Array([0x01, 0x80]), 500)).toThrow(/at byte 501/);
    expect(() => decodeAllocFreeBatch(new Uint8Array([0x07]), 500)).toThrow(/unknown AllocFree batch kind 7/);
  });
});
