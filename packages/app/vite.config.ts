import { defineConfig } from "vite";

// Relative asset paths, so dist/ works from any directory a static server puts it in.
export default defineConfig({
  base: "./",
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, sourcemap: false },
  worker: { format: "es" },
  preview: { host: "127.0.0.1" },
});
