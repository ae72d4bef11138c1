// Debian's Chromium for the tests that need a real browser (the HTML pages,
// the browser bundle, the app). A missing browser is an error, thrown inside
// the test that asked for it, so it counts as a failure and never as a skip.
// Its own entry point (`@gotrace/conformance/chromium`): only those tests
// load playwright-core.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Where Chromium is: `CHROMIUM_PATH`, or Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** Starting Chromium on a busy 2-core machine can take many seconds: a limit for tests that launch it. */
export const CHROMIUM_TIMEOUT = 120_000;

/**
 * Launches headless Chromium; `purpose` says in the error which test needed it when it is not
 * installed (`.ci/run` installs it; `apt-get install -y chromium`).
 */
export function launchChromium(purpose: string): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    return Promise.reject(
      new Error(
        `Chromium not found at ${CHROMIUM_PATH}. ${purpose} needs a real browser: ` +
          "install it with `apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH.",
      ),
    );
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ["--no-sandbox"] });
}
