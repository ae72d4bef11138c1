import { describe, expect, it } from "vitest";
import { formatRFC3339Nano } from "./wall-time.js";

// 2025-02-28T15:04:09Z, the clock snapshot of Go's go125-sync test.
const SEC = BigInt(Date.UTC(2025, 1, 28, 15, 4, 9) / 1000);

describe("RFC3339Nano", () => {
  it("formats UTC with Z and trims trailing zeros", () => {
    expect(formatRFC3339Nano(SEC, 123n)).toBe("2025-02-28T15:04:09.000000123Z");
    expect(formatRFC3339Nano(SEC, 120_000_000n)).toBe("2025-02-28T15:04:09.12Z");
    expect(formatRFC3339Nano(SEC, 0n)).toBe("2025-02-28T15:04:09Z");
  });

  it("uses the zone's offset (brief §9: TZ=America/New_York, Asia/Kolkata)", () => {
    expect(formatRFC3339Nano(SEC, 123n, "America/New_York")).toBe("2025-02-28T10:04:09.000000123-05:00");
    expect(formatRFC3339Nano(SEC, 123n, "Asia/Kolkata")).toBe("2025-02-28T20:34:09.000000123+05:30");
  });

  it("normalizes nanoseconds like time.Unix", () => {
    expect(formatRFC3339Nano(SEC, 1_500_000_000n)).toBe("2025-02-28T15:04:10.5Z");
    expect(formatRFC3339Nano(0n, -1n)).toBe("1969-12-31T23:59:59.999999999Z");
  });
});
