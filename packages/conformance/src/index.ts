export { goTestdataDir, repoRoot } from "./shared.js";
