import { defineConfig } from "vitest/config";

// --expose-gc lets memory.test.ts ask for a full collection before it checks
// which pushed chunks the reader still holds.
export default defineConfig({
  test: { pool: "forks", poolOptions: { forks: { execArgv: ["--expose-gc"] } } },
});
