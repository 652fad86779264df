/**
 * Watches the preview's inputs (the templates folder with its nested partials, the
 * stories, the config file) and reports, debounced, which of them changed.
 *
 * Built on fs.watch of directories only, one per folder, rather than on files or on
 * fs.watch's `recursive` mode, because of how editors save:
 * - vim, JetBrains IDEs and many others write a new file and rename it over the old
 *   one. A watch on a file follows its inode, so after the first such save it watches
 *   a deleted file and misses every later save. (Node 20's recursive mode on Linux
 *   watches each file and keeps the stale watch, so it misses them too.) A watch on
 *   the folder sees the rename and every save after it.
 * - a folder can itself be replaced (a checkout, a sync tool). Every watched folder's
 *   inode is recorded; after each burst of events the tree is walked again, new
 *   folders are watched, gone ones dropped, and replaced ones watched afresh. The
 *   folder that holds each watched path is watched as well, to see the path appear,
 *   vanish or be replaced.
 * Events for editor scratch files (vim's .swp and 4913, backups ending in ~,
 * JetBrains' ___jb_tmp___) are ignored: the rename that follows them is what counts.
 */
import { watch, type FSWatcher } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";

export interface WatchTarget<K extends string> {
  /** A file or folder; it need not exist yet. */
  path: string;
  /** What is reported when something at or under `path` changes. */
  kind: K;
}

export interface WatchOptions {
  /** Quiet time after the last event before reporting, in ms. */
  debounceMs?: number;
  /** Longest wait from the first event of a burst to the report, in ms. */
  maxWaitMs?: number;
  /** Told about watches that cannot be set up (a folder without read permission, too many watches). */
  onWarning?: (message: string) => void;
}

export interface TreeWatcher {
  /** Resolves once the first walk has set up every watch. */
  ready: Promise<void>;
  close(): void;
}

interface DirWatch {
  watcher: FSWatcher;
  /** Device and inode when the watch was set up: a different pair means the folder was replaced. */
  identity: string;
}

const SCRATCH_NAME = /(?:\.sw[a-px]|~|___jb_(?:tmp|old|bak)___|\.tmp)$|^(?:4913|\.#.*|#.*#)$/i;
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);

export function isScratchFile(name: string): boolean {
  return SCRATCH_NAME.test(name);
}

function isAtOrUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function identityOf(path: string): Promise<{ identity: string; isDirectory: boolean } | null> {
  try {
    const info = await stat(path);
    return { identity: `${info.dev}:${info.ino}`, isDirectory: info.isDirectory() };
  } catch {
    return null;
  }
}

/** `dir` and every folder under it (following neither symlinks nor node_modules / .git). */
async function foldersUnder(dir: string): Promise<string[]> {
  const found = [dir];
  for (let i = 0; i < found.length; i++) {
    let entries;
    try {
      entries = await readdir(found[i]!, { withFileTypes: true });
    } catch {
      continue; // vanished or unreadable: the next walk will see
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) found.push(join(found[i]!, entry.name));
    }
  }
  return found;
}

/** The nearest folder that exists at or above `path`'s parent. */
async function nearestExistingParent(path: string): Promise<string> {
  let dir = dirname(path);
  for (;;) {
    const found = await identityOf(dir);
    if (found?.isDirectory) return dir;
    const up = dirname(dir);
    if (up === dir) return dir;
    dir = up;
  }
}

export function watchTree<K extends string>(
  targets: WatchTarget<K>[],
  onChange: (kinds: Set<K>) => void,
  options: WatchOptions = {},
): TreeWatcher {
  const debounceMs = options.debounceMs ?? 60;
  const maxWaitMs = options.maxWaitMs ?? 250;
  const roots = targets.map((target) => ({ path: resolve(target.path), kind: target.kind }));
  const watches = new Map<string, DirWatch>();
  let closed = false;
  let pending = new Set<K>();
  let needsSync = false;
  let quietTimer: NodeJS.Timeout | undefined;
  let maxTimer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> = Promise.resolve();

  /** Which targets an event about `path` concerns: the target itself, something in it, or a folder on its way. */
  const kindsFor = (path: string): K[] =>
    roots.filter((root) => isAtOrUnder(path, root.path) || isAtOrUnder(root.path, path)).map((root) => root.kind);

  const onEvent = (dir: string, filename: string | Buffer | null): void => {
    if (closed) return;
    needsSync = true;
    const name = filename === null ? null : String(filename);
    if (name !== null && isScratchFile(basename(name))) {
      schedule();
      return;
    }
    for (const kind of kindsFor(name === null ? dir : join(dir, name))) pending.add(kind);
    schedule();
  };

  const schedule = (): void => {
    clearTimeout(quietTimer);
    quietTimer = setTimeout(flush, debounceMs);
    maxTimer ??= setTimeout(flush, maxWaitMs);
  };

  const flush = (): void => {
    clearTimeout(quietTimer);
    clearTimeout(maxTimer);
    quietTimer = maxTimer = undefined;
    const resync = needsSync;
    needsSync = false;
    // Re-arm first, so that a change made while the build runs is not missed.
    syncing = syncing.then(() => (resync ? sync() : undefined)).then(() => {
      if (closed || pending.size === 0) return;
      const kinds = pending;
      pending = new Set();
      onChange(kinds);
    });
  };

  const unwatch = (dir: string): void => {
    watches.get(dir)?.watcher.close();
    watches.delete(dir);
  };

  const arm = (dir: string, identity: string): void => {
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (_event, filename) => onEvent(dir, filename));
    } catch (error) {
      options.onWarning?.(`cannot watch ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      return;
    }
    // A watched folder that is deleted ends its watch with an error on some systems.
    watcher.on("error", () => {
      if (watches.get(dir)?.watcher === watcher) unwatch(dir);
      onEvent(dirname(dir), basename(dir));
    });
    watches.set(dir, { watcher, identity });
  };

  /** Brings the set of watched folders in line with the disk. */
  const sync = async (): Promise<void> => {
    const wanted = new Set<string>();
    for (const root of roots) {
      wanted.add(await nearestExistingParent(root.path));
      const found = await identityOf(root.path);
      if (found?.isDirectory) for (const dir of await foldersUnder(root.path)) wanted.add(dir);
    }
    if (closed) return;
    for (const dir of [...watches.keys()]) if (!wanted.has(dir)) unwatch(dir);
    for (const dir of wanted) {
      const found = await identityOf(dir);
      if (closed) return;
      const current = watches.get(dir);
      if (!found) {
        if (current) unwatch(dir);
        continue;
      }
      if (current && current.identity === found.identity) continue;
      if (current) unwatch(dir); // replaced by another folder of the same name
      arm(dir, found.identity);
    }
  };

  syncing = sync();
  return {
    ready: syncing,
    close(): void {
      closed = true;
      clearTimeout(quietTimer);
      clearTimeout(maxTimer);
      for (const dir of [...watches.keys()]) unwatch(dir);
    },
  };
}
