// The pending changesets, read as `changeset version` reads them: each names the packages it
// bumps in its front matter, and its text becomes those packages' CHANGELOG entry.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./workspace.js";

/** One `.changeset/*.md` file. */
export interface Changeset {
  readonly file: string;
  /** Package name to bump kind ("major", "minor", "patch"). */
  readonly releases: ReadonlyMap<string, string>;
  /** The entry's text, as it will stand in the CHANGELOG. */
  readonly summary: string;
}

/** Every pending changeset in the repository. */
export function pendingChangesets(): Changeset[] {
  const dir = join(ROOT, ".changeset");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!m) throw new Error(`${file}: no front matter`);
      const releases = new Map<string, string>();
      for (const line of (m[1] ?? "").split("\n")) {
        const r = /^"([^"]+)":\s*(major|minor|patch)\s*$/.exec(line.trim());
        if (!r) throw new Error(`${file}: cannot read front matter line ${JSON.stringify(line)}`);
        releases.set(r[1] as string, r[2] as string);
      }
      return { file, releases, summary: (m[2] ?? "").trim() };
    });
}

/** The `code spans` of a Markdown text, in order. */
export function codeSpans(markdown: string): string[] {
  return [...markdown.replace(/\s*\n\s*/g, " ").matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
}
