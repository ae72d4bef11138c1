import { fileURLToPath } from "node:url";

// Test settings every package shares. Tests run on busy 2-core machines (CI, and the
// README's `pnpm test` beside other work), where a case that takes 2 s when the machine is
// quiet can take 10 s: no test measures speed, so the per-case limit is only there to end
// a hang, and is set far above any case's real cost. Cases over big inputs also name their
// own limit where they are declared.
export const sharedTestOptions = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
};
