import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { InputError, Story } from "../../model.js";

/**
 * What we keep about one feed between runs: the validators for a conditional
 * request and the stories read from the body that carried them, so that a
 * 304 answer costs neither a download nor a parse.
 */
export interface FeedCacheEntry {
  url: string;
  etag?: string;
  lastModified?: string;
  /** ISO time of the response that filled this entry. */
  fetchedAt: string;
  stories: Story[];
  /** Item-level problems met when the body was read; reported again on a 304. */
  errors: InputError[];
}

interface StoredEntry extends FeedCacheEntry {
  schema: typeof SCHEMA;
}

// Bump when the stored shape (or the Story shape) changes: older entries are then ignored.
const SCHEMA = 1;

/** One small JSON file per feed URL under `<stateDir>/feeds/`. */
export class FeedCache {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, "feeds");
  }

  pathFor(url: string): string {
    return join(this.dir, `${createHash("sha256").update(url).digest("hex").slice(0, 24)}.json`);
  }

  /** The entry for this URL, or undefined when there is none or it is unreadable (then we fetch afresh). */
  async get(url: string): Promise<FeedCacheEntry | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathFor(url), "utf8");
    } catch {
      return undefined;
    }
    try {
      const stored = JSON.parse(text) as Partial<StoredEntry>;
      if (stored.schema !== SCHEMA || stored.url !== url || !Array.isArray(stored.stories)) return undefined;
      const { schema: _schema, ...entry } = stored as StoredEntry;
      return { ...entry, errors: Array.isArray(entry.errors) ? entry.errors : [] };
    } catch {
      return undefined;
    }
  }

  /** Written to a temporary file and renamed, so a crash never leaves half an entry. */
  async put(entry: FeedCacheEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = this.pathFor(entry.url);
    const temporary = `${path}.${randomBytes(4).toString("hex")}.tmp`;
    const stored: StoredEntry = { schema: SCHEMA, ...entry };
    try {
      await writeFile(temporary, JSON.stringify(stored));
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async delete(url: string): Promise<void> {
    await rm(this.pathFor(url), { force: true });
  }
}
