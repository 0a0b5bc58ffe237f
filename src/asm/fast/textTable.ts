/**
 * Names (symbols, keywords, field names) looked up where they stand in the line text, in any
 * case, without cutting them out or upper-casing them first: an open-addressing hash table
 * whose names are kept upper case, side by side in one byte pool, with each slot's hash, so that
 * a lookup reads a few typed arrays and no object. The names are numbered in the order they
 * are added, so that the owner can keep what it knows of each by that number. The names are ASCII (symbol characters and `.`).
 */

/** Upper case of an ASCII code unit. */
const upper = (c: number): number => (c >= 97 && c <= 122 ? c - 32 : c);

/**
 * The hash in three steps, for a reader that hashes a name while it finds where the name ends
 * (one pass over its characters instead of two): hashStart, hashStep per code unit, then
 * `findHashed` with hashEnd of the result, as `find` does.
 */
export const HASH_START = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
export const hashStep = (h: number, c: number): number => Math.imul(h ^ upper(c), FNV_PRIME);
export const hashEnd = (h: number): number => (h ^ (h >>> 15)) | 1;

/** FNV-1a of text[from, to) folded to upper case (C1, C2, ... land far apart); never 0, which marks an empty slot. */
function hashOf(text: string, from: number, to: number): number {
  let h = HASH_START;
  for (let i = from; i < to; i++) h = hashStep(h, text.charCodeAt(i));
  return hashEnd(h);
}

/** Per slot, side by side (one cache line per probe): the hash (0: empty slot) and the name's number. */
const SLOT = 2;
/**
 * Slots of the small table in front of the big one: the names used or added last, by their
 * hash's low bits. A program names mostly what it defined a few lines above (a CCW its data
 * area, an ORB its channel program) and a few names often (command codes, flags); the big
 * table is too large for the processor's caches, the small one stays in them.
 */
const RECENT = 512;

export class TextTable {
  private slots = new Int32Array(64 * SLOT);
  private readonly recent = new Int32Array(RECENT * SLOT);
  /** By number: where the name is in `pool`, and its length (names are numbered 0, 1, 2, ... as added). */
  private nameAt = new Int32Array(32);
  private nameLength = new Int32Array(32);
  private pool = new Uint8Array(1024);
  private poolUsed = 0;
  private count = 0;
  /** The hash `find` computed last: `add` right after a failed `find` of the same name need not hash again. */
  private lastHash = 0;

  /** `names` numbered 0, 1, 2, ... in their order. */
  constructor(names: Iterable<string> = []) {
    for (const name of names) this.add(name);
  }

  /** The number of the name text[from, to) in any case; -1 when it is not in the table. */
  find(text: string, from: number, to: number): number {
    return this.findHashed(hashOf(text, from, to), text, from, to);
  }

  /** `find` with the name's hash `h` (hashEnd) already computed. */
  findHashed(h: number, text: string, from: number, to: number): number {
    this.lastHash = h;
    const r = (h & (RECENT - 1)) * SLOT;
    if (this.recent[r] === h) {
      const id = this.recent[r + 1] as number;
      if (this.is(id, text, from, to)) return id;
    }
    const id = this.probe(h, text, from, to);
    if (id >= 0) {
      this.recent[r] = h;
      this.recent[r + 1] = id;
    }
    return id;
  }

  /** Whether name `id` is text[from, to) in any case. */
  private is(id: number, text: string, from: number, to: number): boolean {
    const n = to - from;
    if (this.nameLength[id] !== n) return false;
    const pool = this.pool;
    const name = this.nameAt[id] as number;
    let j = 0;
    while (j < n && pool[name + j] === upper(text.charCodeAt(from + j))) j++;
    return j === n;
  }

  private probe(h: number, text: string, from: number, to: number): number {
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = i * SLOT;
      const sh = slots[at] as number;
      if (sh === 0) return -1;
      if (sh === h && this.is(slots[at + 1] as number, text, from, to)) return slots[at + 1] as number;
    }
  }

  /**
   * Adds `name` (upper case, not in the table) and gives its number (the count of names before
   * it); `afterFind`: the last `find` was of this very name.
   */
  add(name: string, afterFind = false): number {
    const h = afterFind ? this.lastHash : hashOf(name, 0, name.length);
    if (this.poolUsed + name.length > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + name.length));
      pool.set(this.pool);
      this.pool = pool;
    }
    const id = this.count++;
    if (id >= this.nameAt.length) {
      const nameAt = new Int32Array(id * 2);
      nameAt.set(this.nameAt);
      this.nameAt = nameAt;
      const nameLength = new Int32Array(id * 2);
      nameLength.set(this.nameLength);
      this.nameLength = nameLength;
    }
    const at = this.poolUsed;
    for (let i = 0; i < name.length; i++) this.pool[at + i] = name.charCodeAt(i);
    this.poolUsed += name.length;
    this.nameAt[id] = at;
    this.nameLength[id] = name.length;
    if (this.count * 2 > this.slots.length / SLOT) this.grow();
    this.place(h, id);
    const r = (h & (RECENT - 1)) * SLOT;
    this.recent[r] = h;
    this.recent[r + 1] = id;
    return id;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 4);
    for (let at = 0; at < old.length; at += SLOT) if (old[at] !== 0) this.place(old[at] as number, old[at + 1] as number);
  }

  private place(h: number, id: number): void {
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    let i = h & mask;
    while (slots[i * SLOT] !== 0) i = (i + 1) & mask;
    slots[i * SLOT] = h;
    slots[i * SLOT + 1] = id;
  }
}
