// Link targets in Markdown, as a README renderer (npm's, GitHub's) would follow them.

/** Text with fenced code blocks and inline code spans blanked out: links there are not links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "``");
}

/** Every link and image target: inline `[text](target)`, reference definitions `[id]: target`, and HTML src/href. */
export function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const targets: string[] = [];
  // Link text may span lines; the target is the first word inside the parentheses, maybe in <>.
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]*)/g)) targets.push(m[1] as string);
  for (const m of text.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)/gm)) targets.push(m[1] as string);
  for (const m of text.matchAll(/\s(?:src|href)\s*=\s*["']([^"']*)["']/gi)) targets.push(m[1] as string);
  return targets;
}

/** Whether a target works wherever the README is shown: an absolute web address or an anchor on the page. */
export function isAbsoluteTarget(target: string): boolean {
  return /^https?:\/\//.test(target) || target.startsWith("#");
}
