import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../vitest.shared.ts";

// The pack test's own steps name their limits (packing, installing and Chromium are slow on a
// busy 2-core machine); these only end a hang elsewhere.
export default defineConfig({ test: { ...sharedTestOptions, testTimeout: 120_000, hookTimeout: 600_000 } });
