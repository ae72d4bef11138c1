// A txtar parser with the same behaviour as Go's internal/txtar (Parse), used
// to read Go's trace test files (`-- expect --` / `-- trace --` sections).

/** One file of a txtar archive. */
export interface TxtarFile {
  /** The name from the `-- NAME --` marker line, with surrounding white space removed. */
  name: string;
  /** The file's content: every line up to the next marker line. */
  data: string;
}

/** A parsed txtar archive. */
export interface TxtarArchive {
  /** Text before the first marker line. */
  comment: string;
  files: TxtarFile[];
}

const MARKER = "-- ";
const MARKER_END = " --";
const NEWLINE_MARKER = "\n-- ";

/**
 * Parses the serialized form of a txtar archive, like Go's `txtar.Parse`:
 * a marker is a line that starts with `-- ` and ends with ` --`; a file's
 * data runs up to the next marker; the last file (or the comment, when there
 * are no files) gets a final newline if it lacks one. Never fails.
 */
export function parseTxtar(text: string): TxtarArchive {
  let [comment, name, rest] = findFileMarker(text);
  const files: TxtarFile[] = [];
  while (name !== "") {
    const fileName = name;
    let data: string;
    [data, name, rest] = findFileMarker(rest);
    files.push({ name: fileName, data });
  }
  return { comment, files };
}

/** Returns the text before the next marker, the marker's name ("" if none) and the text after it. */
function findFileMarker(data: string): [before: string, name: string, after: string] {
  let i = 0;
  for (;;) {
    const [name, after] = isMarker(data, i);
    if (name !== "") return [data.slice(0, i), name, after];
    const j = data.indexOf(NEWLINE_MARKER, i);
    if (j < 0) return [fixNL(data), "", ""];
    i = j + 1; // the start of a possible marker line
  }
}

function isMarker(data: string, start: number): [name: string, after: string] {
  if (!data.startsWith(MARKER, start)) return ["", ""];
  const nl = data.indexOf("\n", start);
  const line = nl >= 0 ? data.slice(start, nl) : data.slice(start);
  const after = nl >= 0 ? data.slice(nl + 1) : "";
  if (!(line.endsWith(MARKER_END) && line.length >= MARKER.length + MARKER_END.length)) {
    return ["", ""];
  }
  return [line.slice(MARKER.length, line.length - MARKER_END.length).trim(), after];
}

function fixNL(data: string): string {
  return data === "" || data.endsWith("\n") ? data : `${data}\n`;
}
