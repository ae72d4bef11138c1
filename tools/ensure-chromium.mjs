// Run by `pnpm test` first: the heap package's HTML report is tested in
// Debian's Chromium (packages/heap/src/html/chromium.test.ts). On a machine
// without it, install it when we may (root with apt-get), else say how.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  const apt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!root || !apt) {
    process.stderr.write(
      `ensure-chromium: ${CHROMIUM} is missing; the HTML report's browser test needs it.\n` +
        "Install Debian's chromium (sudo apt-get install -y chromium) and run the tests again.\n",
    );
    process.exit(1);
  }
  process.stderr.write("ensure-chromium: installing Debian's chromium for the HTML report's browser test\n");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}
