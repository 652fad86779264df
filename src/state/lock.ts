/**
 * A lock file per list, so that two runs (two schedulers, or a scheduler and a
 * manual `send`) never work on the same list at once. The file is created with
 * O_EXCL, which the file system makes atomic, and holds the owner's pid, host
 * and start time. A lock whose pid is dead on this host is stale and is taken
 * over; a lock from another host is never presumed stale (we cannot see its
 * processes). A lock naming this very process but not held by it is stale too: after a
 * container restart, pids start over and the dead run's pid may well be ours.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";

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

/** `<stateDir>/<list key>/schedule.lock`, beside the list's send logs. */
export function listLockPath(stateDir: string, listKey: string): string {
  return join(stateDir, listKey, "schedule.lock");
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
    if (holder === "missing") continue; // released between our open and our read: try again
    if (holder === undefined) {
      return { acquired: false, path, holder: undefined, reason: `lock file ${path} is empty or unreadable (being written, or left by a crash): remove it if no run is active` };
    }
    // Our own pid is alive by definition; it only means a live lock if we hold it.
    const live = holder.pid === process.pid ? heldHere.has(resolve(path)) : isAlive(holder.pid);
    if (holder.host !== owner.host || live) {
      return { acquired: false, path, holder, reason: `locked by ${holder.purpose} (pid ${holder.pid} on ${holder.host}) since ${holder.since}` };
    }
    if (!takeOverStale(path, holder)) {
      const current = readOwner(path);
      const now = typeof current === "object" ? current : undefined;
      return { acquired: false, path, holder: now, reason: now ? `locked by ${now.purpose} (pid ${now.pid}) since ${now.since}` : "lock changed hands" };
    }
  }
  return { acquired: false, path, holder: undefined, reason: "could not take the lock" };
}

function createExclusive(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves a stale lock aside. The rename is atomic, but between reading the
 * stale owner and renaming, another process may have done the same and taken
 * a fresh lock: so we check what we moved, and put a live lock back.
 */
function takeOverStale(path: string, stale: LockOwner): boolean {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch {
    return true; // gone already: the next create decides
  }
  const moved = readOwner(aside);
  const sameStale = typeof moved === "object" && moved.pid === stale.pid && moved.since === stale.since;
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
