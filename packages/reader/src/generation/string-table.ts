// A generation's string table. Busy traces carry millions of strings per
// generation (every distinct log message is one), and most are only ever
// checked for existence (Go's validateTableIDs), so a string costs no object
// of its own here: small IDs record where their bytes are in the batch that
// brought them (three int32s), and a view on the bytes is made only when
// someone asks for them. IDs that are big or far apart go in a Map.
import type { U64 } from "../u64.js";
import { IdBits, fitsIdBits } from "./id-bits.js";
import { decodeText } from "./text.js";

/** A string table as plain data (structured-cloneable), from {@link StringTable.pack}. */
export interface PackedStrings {
  readonly data: Uint8Array;
  readonly where: Int32Array<ArrayBuffer>;
  readonly big: [U64, Uint8Array][];
  readonly count: number;
}

/** Slots in `where` per ID: index of the batch data + 1 (0: none), offset, length. */
const WHERE = 3;

export class StringTable {
  /** A bit per small ID present: what has() reads. */
  readonly ids = new IdBits();
  /** The data of the batches that brought the strings. */
  private readonly datas: Uint8Array[] = [];
  /** Per small ID: data index + 1 (0: none), offset, length. */
  private where = new Int32Array(0);
  /** Views already made, by small ID. */
  private readonly views: (Uint8Array | undefined)[] = [];
  private readonly big = new Map<U64, Uint8Array>();
  /** Strings already decoded to JS text: small IDs by index, others by ID. */
  private readonly texts: (string | undefined)[] = [];
  private readonly bigTexts = new Map<U64, string>();
  private count = 0;

  /** Whether string `id` is in the table (ID 0, the empty string, always is). */
  has(id: U64): boolean {
    return id === 0 || (fitsIdBits(id) ? this.ids.has(id) : this.big.has(id));
  }

  /** The bytes of string `id` (a view), or undefined when it is not in the table. */
  bytes(id: U64): Uint8Array | undefined {
    return this.view(id, true);
  }

  /** The bytes of string `id`, as bytes() gives them; the view is kept for the next call only when `keep`. */
  private view(id: U64, keep: boolean): Uint8Array | undefined {
    if (typeof id === "number" && id >= 0 && WHERE * id < this.where.length) {
      const at = WHERE * id;
      const d = this.where[at]!;
      if (d !== 0) {
        let v = this.views[id];
        if (v === undefined) {
          const start = this.where[at + 1]!;
          v = this.datas[d - 1]!.subarray(start, start + this.where[at + 2]!);
          if (keep) this.views[id] = v;
        }
        return v;
      }
    }
    return this.big.get(id);
  }

  /** String `id` as JS text (invalid UTF-8 shows as U+FFFD), "" when it is not in the table; decoded once. */
  text(id: U64): string {
    if (id === 0) return "";
    // Region names are looked up on every region event: an array for the small IDs.
    const small = typeof id === "number" && id > 0 && id < this.where.length / WHERE;
    let s = small ? this.texts[id] : this.bigTexts.get(id);
    if (s === undefined) {
      // The text is kept, not the view it was decoded from: every distinct log message is a
      // string, and a view kept per string was a million small objects for the collector to copy.
      const b = this.view(id, false);
      s = b === undefined ? "" : decodeText(b);
      if (small) this.texts[id] = s;
      else this.bigTexts.set(id, s);
    }
    return s;
  }

  /** Adds string `id` (not in the table yet): the `length` bytes of `data` at `start`. */
  add(id: U64, data: Uint8Array, start: number, length: number): void {
    this.count++;
    // Dense while the IDs stay near the number of strings (they count up from 1
    // in Go's traces); a stray huge ID must not make the array huge.
    if (fitsIdBits(id) && id < 4 * (this.count + 4096)) {
      this.ids.add(id);
      if (WHERE * id >= this.where.length) this.grow(id);
      let d = this.datas.length;
      if (d === 0 || this.datas[d - 1] !== data) {
        this.datas.push(data);
        d++;
      }
      const at = WHERE * id;
      this.where[at] = d;
      this.where[at + 1] = start;
      this.where[at + 2] = length;
      return;
    }
    if (fitsIdBits(id)) this.ids.add(id);
    this.big.set(id, data.subarray(start, start + length));
  }

  /**
   * The table as plain data another thread can rebuild it from (see
   * {@link StringTable.fromPacked}): the small IDs' bytes copied into one
   * buffer, the big IDs' as copies, so that nothing of the input chunks the
   * strings were read from goes along.
   */
  pack(): PackedStrings {
    const where = this.where;
    let total = 0;
    for (let at = 0; at < where.length; at += WHERE) if (where[at] !== 0) total += where[at + 2]!;
    const data = new Uint8Array(total);
    const packedWhere = new Int32Array(where.length);
    let end = 0;
    for (let at = 0; at < where.length; at += WHERE) {
      const d = where[at]!;
      if (d === 0) continue;
      const start = where[at + 1]!;
      const length = where[at + 2]!;
      data.set(this.datas[d - 1]!.subarray(start, start + length), end);
      packedWhere[at] = 1;
      packedWhere[at + 1] = end;
      packedWhere[at + 2] = length;
      end += length;
    }
    const big: [U64, Uint8Array][] = [];
    for (const [id, bytes] of this.big) big.push([id, bytes.slice()]);
    return { data, where: packedWhere, big, count: this.count };
  }

  /** The table {@link StringTable.pack} gave. */
  static fromPacked(p: PackedStrings): StringTable {
    const t = new StringTable();
    t.datas.push(p.data);
    t.where = p.where;
    for (let id = 0; WHERE * id < p.where.length; id++) if (p.where[WHERE * id] !== 0) t.ids.add(id);
    for (const [id, bytes] of p.big) {
      if (fitsIdBits(id)) t.ids.add(id);
      t.big.set(id, bytes);
    }
    t.count = p.count;
    return t;
  }

  private grow(id: number): void {
    const where = new Int32Array(WHERE * Math.max(id + 1, 2 * (this.where.length / WHERE), 1024));
    where.set(this.where);
    this.where = where;
  }
}
