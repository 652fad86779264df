/**
 * Watches the preview's inputs (the templates folder with its nested partials, the
 * stories, the config file) and reports, debounced, which of them changed.
 *
 * chokidar does the watching: it follows files that editors save by renaming a new
 * file over the old one, and watches folders created later. Two things it does not do
 * are handled here:
 * - a watched path that does not exist yet (the config file) makes chokidar 4.0 report
 *   "ready" before the other trees are watched, and
 * - a watched folder replaced as a whole (a checkout, a sync tool) leaves chokidar on
 *   the old folder, reporting nothing from the new one.
 * So chokidar is given the folder that holds each target, with everything there except
 * the targets ignored, and when a target folder is found replaced the watcher starts
 * afresh.
 *
 * A burst of events is gathered into one report, so that a save that touches several
 * files rebuilds once. The quiet time is short, rather than chokidar's awaitWriteFinish
 * (which waits for two seconds of unchanged size), because a template save should show
 * in the preview within about a second.
 *
 * Events for editor scratch files (vim's .swp and 4913, backups ending in ~,
 * JetBrains' ___jb_tmp___) are ignored: the rename that follows them is what counts.
 */
import { stat } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { watch, type FSWatcher } from "chokidar";

export interface WatchTarget<K extends string> {
  /** A file or folder; it need not exist yet. */
  path: string;
  /** What is reported when something at or under `path` changes. */
  kind: K;
}

interface WatchOptions {
  /** Quiet time after the last event before reporting, in ms. */
  debounceMs?: number;
  /** Longest wait from the first event of a burst to the report, in ms. */
  maxWaitMs?: number;
  /** Told about watches that cannot be set up (a folder without read permission, too many watches). */
  onWarning?: (message: string) => void;
}

export interface TreeWatcher {
  /** Resolves once every watch is set up. */
  ready: Promise<void>;
  /** Stops watching; resolves once every watch is released. */
  close(): Promise<void>;
}

const SCRATCH_NAME = /(?:\.sw[a-px]|~|___jb_(?:tmp|old|bak)___|\.tmp)$|^(?:4913|\.#.*|#.*#)$/i;
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);

export function isScratchFile(name: string): boolean {
  return SCRATCH_NAME.test(name);
}

function isAtOrUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Device and inode of a folder, or null if `path` is not one. */
async function folderIdentity(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? `${info.dev}:${info.ino}` : null;
  } catch {
    return null;
  }
}

/** The nearest folder that exists above `path`. */
async function nearestExistingParent(path: string): Promise<string> {
  let dir = dirname(path);
  while ((await folderIdentity(dir)) === null && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

interface Root<K extends string> {
  /** Absolute. */
  path: string;
  kind: K;
}

/** The kinds reported in a burst, handed on together once the burst has been quiet for a while or has gone on too long. */
interface BurstReporter<K extends string> {
  report(kinds: K[]): void;
  /** Drops what is pending; later reports are ignored. */
  stop(): void;
}

function burstReporter<K extends string>(onChange: (kinds: Set<K>) => void, debounceMs: number, maxWaitMs: number): BurstReporter<K> {
  let stopped = false;
  let pending = new Set<K>();
  let quietTimer: NodeJS.Timeout | undefined;
  let maxTimer: NodeJS.Timeout | undefined;

  const flush = (): void => {
    clearTimeout(quietTimer);
    clearTimeout(maxTimer);
    quietTimer = maxTimer = undefined;
    const kinds = pending;
    pending = new Set();
    onChange(kinds);
  };

  return {
    report(kinds) {
      if (stopped || kinds.length === 0) return;
      for (const kind of kinds) pending.add(kind);
      clearTimeout(quietTimer);
      quietTimer = setTimeout(flush, debounceMs);
      maxTimer ??= setTimeout(flush, maxWaitMs);
    },
    stop() {
      stopped = true;
      clearTimeout(quietTimer);
      clearTimeout(maxTimer);
    },
  };
}

/** One chokidar watcher, with the identities the target folders had when it started. */
interface Watching {
  watcher: FSWatcher;
  identities: (string | null)[];
}

function rootIdentities(roots: Root<string>[]): Promise<(string | null)[]> {
  return Promise.all(roots.map((root) => folderIdentity(root.path)));
}

/**
 * Watches the folders that hold the targets, reporting the kinds of the targets
 * that changed; `onRename` hears of renames that may have replaced a target folder.
 * Resolves once chokidar is ready.
 */
async function watchParents<K extends string>(
  roots: Root<K>[],
  report: (kinds: K[]) => void,
  onRename: () => void,
  onWarning: ((message: string) => void) | undefined,
): Promise<Watching> {
  const identities = await rootIdentities(roots);
  const parents = await Promise.all(roots.map((root) => nearestExistingParent(root.path)));
  /** Whether chokidar must look at `path`: a target, something in one, or a folder on the way to one. */
  const isWanted = (path: string): boolean => roots.some((root) => isAtOrUnder(path, root.path) || isAtOrUnder(root.path, path));
  const watcher = watch([...new Set(parents)], {
    ignoreInitial: true,
    // An editor's unlink-then-create of a file arrives as one change.
    atomic: true,
    ignored: (path) => !isWanted(path) || isScratchFile(basename(path)) || SKIPPED_DIRS.has(basename(path)),
  });
  watcher.on("all", (_event, path) => report(roots.filter((root) => isAtOrUnder(path, root.path)).map((root) => root.kind)));
  // A rename of a target folder, or of a folder above one, may have replaced it.
  watcher.on("raw", (_event, name, details) => {
    const { watchedPath } = details as { watchedPath: string }; // as chokidar's fs.watch handler passes it
    if (name && roots.some((root) => isAtOrUnder(root.path, join(watchedPath, name)))) onRename();
  });
  // chokidar reports a folder that vanishes as an unlinkDir event; its errors are
  // watches it could not set up.
  watcher.on("error", (error) => {
    const { code, path } = error as NodeJS.ErrnoException;
    onWarning?.(`cannot watch ${path ?? "a watched path"}: ${code ?? String(error)}`);
  });
  await new Promise<void>((done) => watcher.once("ready", () => done()));
  return { watcher, identities };
}

export function watchTree<K extends string>(
  targets: WatchTarget<K>[],
  onChange: (kinds: Set<K>) => void,
  options: WatchOptions = {},
): TreeWatcher {
  const roots: Root<K>[] = targets.map((target) => ({ path: resolve(target.path), kind: target.kind }));
  const reporter = burstReporter(onChange, options.debounceMs ?? 60, options.maxWaitMs ?? 250);
  let closed = false;
  const start = (): Promise<Watching> => watchParents(roots, (kinds) => reporter.report(kinds), rearmIfReplaced, options.onWarning);
  let watching = start();

  function rearmIfReplaced(): void {
    watching = watching.then(async (current) => {
      const now = await rootIdentities(roots);
      const replaced = roots.filter((_root, i) => current.identities[i] && now[i] && current.identities[i] !== now[i]);
      if (closed || replaced.length === 0) return current;
      await current.watcher.close();
      const fresh = await start();
      // Reported once the new folder is watched, so that a save right after the report is seen.
      reporter.report(replaced.map((root) => root.kind));
      return fresh;
    });
  }

  return {
    ready: watching.then(() => undefined),
    async close(): Promise<void> {
      closed = true;
      reporter.stop();
      await (await watching).watcher.close();
    },
  };
}
