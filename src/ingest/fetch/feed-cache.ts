import { createHash } from "node:crypto";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { displaySource } from "../../config/index.js";
import type { InputError, Story } from "../../model.js";
import { writePrivateFile } from "../../state/index.js";

/**
 * What we keep about one feed between runs: the validators for a conditional
 * request and the stories read from the body that carried them, so that a
 * 304 answer costs neither a download nor a parse.
 */
export interface FeedCacheEntry {
  /** The feed's URL; stored with any password replaced (see displaySource), never as given. */
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

/**
 * One small JSON file per feed URL under `<stateDir>/feeds/`, owner-only: a feed read
 * with a password is private. The file name hashes the whole URL, password included,
 * so two logins to one feed keep apart; the file itself holds no password.
 */
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
      if (stored.schema !== SCHEMA || stored.url !== displaySource(url) || !Array.isArray(stored.stories)) return undefined;
      const { schema: _schema, ...entry } = stored as StoredEntry;
      return { ...entry, url, errors: Array.isArray(entry.errors) ? entry.errors : [] };
    } catch {
      return undefined;
    }
  }

  /** Written whole or not at all (see writePrivateFile). */
  async put(entry: FeedCacheEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const stored: StoredEntry = { schema: SCHEMA, ...entry, url: displaySource(entry.url) };
    await writePrivateFile(this.pathFor(entry.url), JSON.stringify(stored));
  }

  async delete(url: string): Promise<void> {
    await rm(this.pathFor(url), { force: true });
  }
}
