/**
 * Interns words straight from a range of text, without first copying them
 * out: the scanner meets every word of every story (close to a million for a
 * few thousand articles), and a lookup in a Map by a freshly sliced string
 * costs several times more than hashing the characters in place.
 */
export class WordTable {
  /** Spelling of each word, by word number. */
  readonly words: string[] = [];
  private hashes: Int32Array = new Int32Array(1024);
  /** Open addressing: word number + 1, or 0 for an empty slot. */
  private slots: Int32Array = new Int32Array(2048);

  get size(): number {
    return this.words.length;
  }

  /** The number of the word text[start..end), added if new; `hash` is its hashRange, if known. */
  intern(text: string, start: number, end: number, hash = hashRange(text, start, end)): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot]! - 1;
      if (found < 0) return this.add(text.slice(start, end), hash, slot);
      if (this.hashes[found] === hash && sameText(this.words[found]!, text, start, end)) return found;
    }
  }

  /** The number of `word`, if it was ever interned. */
  find(word: string): number | undefined {
    const hash = hashRange(word, 0, word.length);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot]! - 1;
      if (found < 0) return undefined;
      if (this.hashes[found] === hash && this.words[found] === word) return found;
    }
  }

  private add(word: string, hash: number, slot: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** The table's hash from a running FNV-1a value: non-negative, fits an Int32Array. */
export function finishHash(fnv: number): number {
  return fnv >>> 1;
}

/** FNV-1a over the UTF-16 code units of text[start..end). */
export function hashRange(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), FNV_PRIME);
  return finishHash(hash);
}

function sameText(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}
