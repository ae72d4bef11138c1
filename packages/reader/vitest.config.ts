import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../vitest.shared.ts";

// --expose-gc lets memory.test.ts ask for a full collection before it checks
// which pushed chunks the reader still holds.
export default defineConfig({
  test: { ...sharedTestOptions, pool: "forks", poolOptions: { forks: { execArgv: ["--expose-gc"] } } },
});
