// Mutations of Go's raw text format (the input of `gotrace encode`): whole
// lines (drop, duplicate, swap, move, cut short) and tokens (numbers set to
// edge values, event and argument names swapped, quoting broken, bytes
// inserted). Each returns { text, what } or null when it does not apply.

/** Numbers at the edges of what the text reader parses as uint64. */
const NUMBERS = [
  "0",
  "1",
  "65536",
  "65537",
  "1024",
  "1025",
  "9007199254740992",
  "9007199254740993",
  "18446744073709551615",
  "18446744073709551616",
  "99999999999999999999999",
  "-1",
  "0x10",
  "1_000",
  "",
  "007",
];

/** Event names of several formats, including names that only exist in newer ones. */
const NAMES = [
  "EventBatch",
  "Stacks",
  "Stack",
  "Strings",
  "String",
  "CPUSamples",
  "CPUSample",
  "Frequency",
  "ProcsChange",
  "GoCreate",
  "GoStart",
  "GoStop",
  "GoStatus",
  "GoStatusStack",
  "ExperimentalBatch",
  "Sync",
  "ClockSnapshot",
  "EndOfGeneration",
  "HeapObjectAlloc",
  "HeapObjectFree",
  "SpanAlloc",
  "GoroutineStack",
  "Unknown",
  "",
];

const GARBAGE = [
  "#",
  " # comment",
  "\t",
  "\u00ff",
  "\\",
  '"',
  "`",
  "\0",
  "\r",
  "=",
  "data=",
  "x=1",
  "\u2028",
  "\ufffd",
];

function lines(text) {
  return text.split("\n");
}

const dropLine = (text, rng) => {
  const ls = lines(text);
  if (ls.length < 2) return null;
  const i = rng.int(ls.length);
  ls.splice(i, 1);
  return { text: ls.join("\n"), what: `drop line ${i + 1}` };
};

const duplicateLine = (text, rng) => {
  const ls = lines(text);
  const i = rng.int(ls.length);
  const n = rng.chance(0.8) ? 1 : rng.range(2, 6);
  ls.splice(i, 0, ...ls.slice(i, i + n));
  return { text: ls.join("\n"), what: `duplicate ${n} line(s) at ${i + 1}` };
};

const swapLines = (text, rng) => {
  const ls = lines(text);
  if (ls.length < 2) return null;
  const i = rng.int(ls.length);
  const j = rng.chance(0.5) ? Math.min(ls.length - 1, i + 1) : rng.int(ls.length);
  [ls[i], ls[j]] = [ls[j], ls[i]];
  return { text: ls.join("\n"), what: `swap lines ${i + 1} and ${j + 1}` };
};

const moveLine = (text, rng) => {
  const ls = lines(text);
  if (ls.length < 2) return null;
  const i = rng.int(ls.length);
  const [line] = ls.splice(i, 1);
  const j = rng.int(ls.length + 1);
  ls.splice(j, 0, line);
  return { text: ls.join("\n"), what: `move line ${i + 1} to ${j + 1}` };
};

const cut = (text, rng) => {
  const at = rng.int(text.length);
  return { text: text.slice(0, at), what: `cut at character ${at}` };
};

/** Token spans of one line: [start, end) pairs of runs of non-space characters. */
function tokens(line) {
  const out = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** Picks a line with at least one token; returns [lines, index, token spans] or null. */
function lineWithTokens(text, rng, want) {
  const ls = lines(text);
  for (let tries = 0; tries < 20; tries++) {
    const i = rng.int(ls.length);
    const spans = tokens(ls[i]);
    if (spans.length > 0 && (want === undefined || want(ls[i]))) return [ls, i, spans];
  }
  return null;
}

const setNumber = (text, rng) => {
  const found = lineWithTokens(text, rng, (l) => /=\d/.test(l));
  if (found === null) return null;
  const [ls, i] = found;
  const line = ls[i];
  const nums = [...line.matchAll(/=(\d+)/g)];
  const m = rng.pick(nums);
  const value = rng.chance(0.8) ? rng.pick(NUMBERS) : String(BigInt(m[1]) + BigInt(rng.range(-2, 2)));
  const start = m.index + 1;
  ls[i] = line.slice(0, start) + value + line.slice(start + m[1].length);
  return { text: ls.join("\n"), what: `line ${i + 1}: number ${m[1]} -> ${JSON.stringify(value)}` };
};

const renameEvent = (text, rng) => {
  const found = lineWithTokens(text, rng, (l) => /^\s*[A-Z]/.test(l));
  if (found === null) return null;
  const [ls, i, spans] = found;
  const [s, e] = spans[0];
  const name = rng.pick(NAMES);
  const old = ls[i].slice(s, e);
  ls[i] = ls[i].slice(0, s) + name + ls[i].slice(e);
  return { text: ls.join("\n"), what: `line ${i + 1}: event ${old} -> ${JSON.stringify(name)}` };
};

const editToken = (text, rng) => {
  const found = lineWithTokens(text, rng);
  if (found === null) return null;
  const [ls, i, spans] = found;
  const [s, e] = rng.pick(spans);
  const tok = ls[i].slice(s, e);
  const edit = rng.pick(["drop", "duplicate", "garbage", "rename key", "unquote"]);
  let replacement;
  if (edit === "drop") replacement = "";
  else if (edit === "duplicate") replacement = `${tok} ${tok}`;
  else if (edit === "garbage")
    replacement = tok.slice(0, rng.int(tok.length + 1)) + rng.pick(GARBAGE) + tok.slice(rng.int(tok.length + 1));
  else if (edit === "rename key")
    replacement = tok.includes("=")
      ? `${rng.pick(["dt", "g", "p", "x", "id", ""])}${tok.slice(tok.indexOf("="))}`
      : `${tok}=`;
  else
    replacement = tok.replace(/"/g, rng.pick(["", "`", "'"])).replace(/\\/g, rng.pick(["\\\\", "\\x", "\\u12", "\\"]));
  ls[i] = ls[i].slice(0, s) + replacement + ls[i].slice(e);
  return { text: ls.join("\n"), what: `line ${i + 1}: ${edit} token ${JSON.stringify(tok.slice(0, 40))}` };
};

const editData = (text, rng) => {
  const found = lineWithTokens(text, rng, (l) => /^\s*data=/.test(l));
  if (found === null) return null;
  const [ls, i] = found;
  const line = ls[i];
  const q = line.indexOf('"');
  const edit = rng.pick(["unterminated", "bad escape", "huge", "empty", "raw string"]);
  let data;
  if (edit === "unterminated") data = line.slice(0, line.length - 1);
  else if (edit === "bad escape") data = `${line.slice(0, q + 1)}\\q${line.slice(q + 1)}`;
  else if (edit === "huge")
    data = `${line.slice(0, q + 1)}${"\\xff".repeat(rng.pick([1025, 5000, 70000]))}${line.slice(q + 1)}`;
  else if (edit === "empty") data = `${line.slice(0, q)}""`;
  else data = `${line.slice(0, q)}\`${line.slice(q + 1, -1)}\``;
  ls[i] = data;
  return { text: ls.join("\n"), what: `line ${i + 1}: data ${edit}` };
};

const headerEdit = (text, rng) => {
  const ls = lines(text);
  const header = rng.pick([
    "Trace Go1.22",
    "Trace Go1.21",
    "Trace Go1.26",
    "Trace Go1.27",
    "Trace Go1.011",
    "Trace Go1.",
    "Trace",
    "Trace Go1.26 x",
    "trace go1.26",
    "",
  ]);
  const i = ls.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (i < 0) return null;
  ls[i] = header;
  return { text: ls.join("\n"), what: `header -> ${JSON.stringify(header)}` };
};

/** Every text mutation, with its weight. */
export const TEXT_MUTATIONS = [
  [3, ["drop line", dropLine]],
  [3, ["duplicate line", duplicateLine]],
  [3, ["swap lines", swapLines]],
  [2, ["move line", moveLine]],
  [2, ["cut", cut]],
  [6, ["number", setNumber]],
  [3, ["event name", renameEvent]],
  [4, ["token", editToken]],
  [2, ["data", editData]],
  [1, ["header", headerEdit]],
];

/**
 * Applies one to three mutations to a text seed.
 * @returns {{ text: string, mutations: string[] }}
 */
export function mutateText(seedText, rng) {
  let text = seedText;
  const mutations = [];
  const rounds = rng.weighted([
    [6, 1],
    [3, 2],
    [1, 3],
  ]);
  for (let tries = 0; mutations.length < rounds && tries < 20; tries++) {
    const [name, fn] = rng.weighted(TEXT_MUTATIONS);
    const r = fn(text, rng);
    if (r === null) continue;
    text = r.text;
    mutations.push(`${name}: ${r.what}`);
  }
  return { text, mutations };
}
