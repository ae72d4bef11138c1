// Which event names a text trace of a version may use, and their type bytes:
// the names of Go 1.27's raw table for the version (what Go's text reader
// accepts), optionally widened by the table of the release that writes the
// format (so text printed from such a trace reads back; the text reader uses
// those names only where the binary decoder would, see switchesToWriterTable).
import { FORMATS } from "../gen/events.gen.js";
import { rawTable } from "../wire/raw-tables.js";

const cache = new Map<string, ReadonlyMap<string, number>>();

/**
 * Name → type byte for text traces of `version`. Pre-1.22 versions have no
 * table, so no name is valid there (as in Go). Nameless slots are left out:
 * a token is never empty, so Go cannot match them either.
 */
export function textEventNames(version: number, writerTable = false): ReadonlyMap<string, number> {
  const key = `${version}/${writerTable}`;
  let names = cache.get(key);
  if (names === undefined) {
    const format = FORMATS.find((f) => f.header === version);
    const map = new Map<string, number>();
    if (format) {
      // Like Go's map, a later slot of the same name would win (names are unique in practice).
      rawTable(format, false).names.forEach((name, type) => {
        if (name !== "") map.set(name, type);
      });
      if (writerTable) {
        rawTable(format, true).names.forEach((name, type) => {
          if (name !== "" && !map.has(name)) map.set(name, type);
        });
      }
    }
    names = map;
    cache.set(key, names);
  }
  return names;
}
