/**
 * A lock file per list, so that two runs (two schedulers, or a scheduler and a
 * manual `send`) never work on the same list at once. The lock appears whole or not at
 * all: the owner's pid, host and start time go into a temporary file beside it, synced,
 * which is then hard-linked into place; link() fails if the lock exists, which the file
 * system makes atomic, and that is the mutual exclusion. (Created first and written
 * after, a crash in between left an empty lock that stopped every later run.)
 *
 * A lock whose pid is dead on this host is stale and is taken over; a lock from another
 * host is never presumed stale (we cannot see its processes). A lock naming this very
 * process but not held by it is stale too: after a container restart, pids start over
 * and the dead run's pid may well be ours. An empty or torn lock (left by an older
 * version, or a damaged disk) names nobody: stale once it is EMPTY_LOCK_STALE_MS old,
 * before that possibly still being written by such a version.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";

/** Age after which a lock without a readable owner is stale. */
export const EMPTY_LOCK_STALE_MS = 5_000;

/** Lock files this process holds right now (resolved paths). */
const heldHere = new Set<string>();

export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** What holds it, e.g. "schedule" or "send". */
  purpose: string;
}

export type LockAttempt =
  | { acquired: true; path: string; owner: LockOwner; release: () => void }
  | { acquired: false; path: string; holder: LockOwner | undefined; reason: string };

export interface LockOptions {
  purpose: string;
  /** Injected for tests; `process.kill(pid, 0)` by default. */
  isAlive?: (pid: number) => boolean;
  now?: () => Date;
}

/** `<list state folder>/schedule.lock`, beside the list's edition history. */
export function listLockPath(listDir: string): string {
  return join(listDir, "schedule.lock");
}

export function acquireLock(path: string, options: LockOptions): LockAttempt {
  const isAlive = options.isAlive ?? processIsAlive;
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: (options.now?.() ?? new Date()).toISOString(), purpose: options.purpose };
  mkdirSync(dirname(path), { recursive: true });

  // Two tries: the second only after taking over a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createExclusive(path, owner)) {
      heldHere.add(resolve(path));
      return { acquired: true, path, owner, release: () => releaseLock(path, owner) };
    }
    const holder = readOwner(path);
    if (holder === "missing") continue; // released between our link and our read: try again
    if (holder === undefined) {
      if (!olderThan(path, EMPTY_LOCK_STALE_MS)) {
        return { acquired: false, path, holder: undefined, reason: `lock file ${path} is empty or unreadable (being written, or left by a crash): taken over once it is ${EMPTY_LOCK_STALE_MS / 1000} s old` };
      }
    } else {
      // Our own pid is alive by definition; it only means a live lock if we hold it.
      const live = holder.pid === process.pid ? heldHere.has(resolve(path)) : isAlive(holder.pid);
      if (holder.host !== owner.host || live) {
        return { acquired: false, path, holder, reason: `locked by ${holder.purpose} (pid ${holder.pid} on ${holder.host}) since ${holder.since}` };
      }
    }
    if (!takeOverStale(path, holder)) {
      const current = readOwner(path);
      const now = typeof current === "object" ? current : undefined;
      return { acquired: false, path, holder: now, reason: now ? `locked by ${now.purpose} (pid ${now.pid}) since ${now.since}` : "lock changed hands" };
    }
  }
  return { acquired: false, path, holder: undefined, reason: "could not take the lock" };
}

/** Puts the lock in place, owner and all, unless one exists already. */
function createExclusive(path: string, owner: LockOwner): boolean {
  const temp = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(temp, "wx");
  try {
    try {
      writeSync(fd, JSON.stringify(owner));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
    syncDirectory(dirname(path));
    return true;
  } finally {
    unlinkSync(temp);
  }
}

/** Makes the new directory entry durable; some file systems refuse, and the lock still holds. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported here */
  }
}

/** Whether the file at `path` was last written more than `ms` ago, by the wall clock its mtime keeps (false if it is gone). */
function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}

/**
 * Moves a stale lock aside. The rename is atomic, but between reading the
 * stale owner and renaming, another process may have done the same and taken
 * a fresh lock: so we check what we moved, and put a live lock back. `stale` is
 * undefined for a lock that names no owner.
 */
function takeOverStale(path: string, stale: LockOwner | undefined): boolean {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch {
    return true; // gone already: the next create decides
  }
  const moved = readOwner(aside);
  const sameStale = stale === undefined ? moved === undefined : typeof moved === "object" && moved.pid === stale.pid && moved.since === stale.since;
  if (!sameStale) {
    try {
      linkSync(aside, path); // fails if someone locked again meanwhile; then theirs stands
    } catch {
      /* a newer lock is in place */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* already gone */
  }
  return sameStale;
}

/** Removes the lock only if it is still ours (never another run's). */
function releaseLock(path: string, owner: LockOwner): void {
  heldHere.delete(resolve(path));
  const current = readOwner(path);
  if (typeof current === "object" && current.pid === owner.pid && current.since === owner.since && current.host === owner.host) {
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}

function readOwner(path: string): LockOwner | undefined | "missing" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== "number" || typeof value.host !== "string") return undefined;
    return { pid: value.pid, host: value.host, since: String(value.since ?? ""), purpose: String(value.purpose ?? "a run") };
  } catch {
    return undefined;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
