/**
 * The durable record of one edition sent to one list: an append-only JSON Lines file.
 *
 * The rule that makes resuming safe (and that listmonk's batch cursor lacks): a
 * recipient is marked "try" on disk *before* its message is handed to SMTP, and
 * "sent"/"failed" after the server answers. After a crash, replaying the file tells
 * three groups apart exactly:
 *   - confirmed (sent, or failed permanently): never sent again;
 *   - uncertain ("try" with no outcome): the message may or may not have left; sent
 *     again, and reported, because skipping someone is worse than a rare duplicate;
 *   - never tried (absent): sent normally.
 * A sender has one message in flight at a time, and its next "try" is only synced after
 * its previous outcome was written, so uncertain recipients never outnumber the senders.
 *
 * `--force` starts a new "round": outcomes of earlier rounds no longer count. It does so
 * only once the current round is complete (see roundComplete): a forced run that paused
 * or crashed is resumed by the same `--force` command, not started over.
 */
import { createReadStream } from "node:fs";
import { mkdir, open, stat, truncate } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { acquireLock, type LockAttempt } from "../../state/index.js";
import { DurableAppender } from "../../state/index.js";

export type LogRecord =
  | { ev: "run"; run: number; round: number; at: string; pid: number; stories: string[]; dryRun?: false }
  | { ev: "try"; to: string; line: number }
  | { ev: "sent"; to: string; id?: string; resp?: string }
  | { ev: "failed"; to: string; perm: boolean; code?: number; why: string }
  | { ev: "end"; run: number; sent: number; failed: number; paused?: string };

/** What the log says about one recipient in the current round. */
export const Mark = {
  Attempting: 1,
  Sent: 2,
  FailedPermanently: 3,
  /** Temporary failure, retries used up: not delivered, to be tried on the next run. */
  Deferred: 4,
} as const;
export type Mark = (typeof Mark)[keyof typeof Mark];

/** The state the log describes, in the shape the sender needs. */
export interface LogState {
  /** Number of runs recorded so far (the next run is runs + 1). */
  runs: number;
  /** Current round; -1 when the log is empty. */
  round: number;
  /** Whether the last run wrote its "end" record; false means it was interrupted. */
  lastRunEnded: boolean;
  /** Whether the last run ended paused (failure streak, refused session, signal). */
  lastRunPaused: boolean;
  /** Lower-cased address -> mark, for the current round only. */
  marks: Map<string, Mark>;
}

export class SendLogError extends Error {}

/** Another sender holds this edition and list: try again later. */
export class SendLockedError extends SendLogError {}

/** Reads a log into its state. A torn last line (a crash mid-write) is ignored. */
export async function replaySendLog(path: string): Promise<LogState> {
  const state: LogState = { runs: 0, round: -1, lastRunEnded: true, lastRunPaused: false, marks: new Map() };
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return state;
    throw error;
  }
  if (size === 0) return state;
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let lineNo = 0;
  let pendingError: SendLogError | undefined;
  for await (const text of lines) {
    lineNo++;
    if (pendingError) throw pendingError; // a bad line that is not the last one
    if (text === "") continue;
    let record: LogRecord;
    try {
      record = JSON.parse(text) as LogRecord;
    } catch {
      // Only the very last line may be broken (torn by a crash); decide once we know.
      pendingError = new SendLogError(`${path}:${lineNo}: unreadable send log line; the file was edited or damaged`);
      continue;
    }
    apply(state, record);
  }
  return state;
}

function apply(state: LogState, record: LogRecord): void {
  switch (record.ev) {
    case "run":
      state.runs = Math.max(state.runs, record.run);
      if (record.round !== state.round) {
        state.round = record.round;
        state.marks.clear();
      }
      state.lastRunEnded = false;
      state.lastRunPaused = false;
      break;
    case "end":
      state.lastRunEnded = true;
      state.lastRunPaused = record.paused !== undefined;
      break;
    case "try":
      state.marks.set(record.to, Mark.Attempting);
      break;
    case "sent":
      state.marks.set(record.to, Mark.Sent);
      break;
    case "failed":
      state.marks.set(record.to, record.perm ? Mark.FailedPermanently : Mark.Deferred);
      break;
  }
}

/**
 * Whether the current round reached everyone it will reach: its last run ended without
 * pausing, and nobody is left in flight or deferred. Only then may `--force` start a new
 * round; otherwise running the same command again would send a second copy to everyone
 * the unfinished round had already reached.
 */
export function roundComplete(state: LogState): boolean {
  if (state.runs === 0) return true;
  if (!state.lastRunEnded || state.lastRunPaused) return false;
  for (const mark of state.marks.values()) if (mark === Mark.Attempting || mark === Mark.Deferred) return false;
  return true;
}

/** An open log, ready for appends. */
export class SendLog {
  private constructor(private readonly file: DurableAppender) {}

  /**
   * Opens `path` for appending, first cutting off a torn last line so the next record
   * starts on a line of its own. The directory entry of a new file is synced too.
   */
  static async open(path: string): Promise<SendLog> {
    await mkdir(dirname(path), { recursive: true });
    await cutTornTail(path);
    const file = await DurableAppender.open(path);
    await syncDirectory(dirname(path));
    return new SendLog(file);
  }

  /** Resolves once the record is on disk. */
  write(record: LogRecord): Promise<void> {
    return this.file.append(JSON.stringify(record) + "\n");
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

async function cutTornTail(path: string): Promise<void> {
  let content: Buffer;
  try {
    const info = await stat(path);
    if (info.size === 0) return;
    // Only the tail matters; a record is far shorter than 64 KiB.
    const handle = await open(path, "r");
    try {
      const length = Math.min(info.size, 65_536);
      content = Buffer.alloc(length);
      await handle.read(content, 0, length, info.size - length);
    } finally {
      await handle.close();
    }
    if (content[content.length - 1] === 0x0a) return;
    const lastNewline = content.lastIndexOf(0x0a);
    const keep = lastNewline < 0 ? info.size - content.length : info.size - content.length + lastNewline + 1;
    await truncate(path, keep);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse to sync a directory; the file's own syncs still hold.
  }
}

/**
 * One sender per edition and list at a time: the shared lock file of ../schedule/lock.ts
 * (created with O_EXCL and the owner written before anyone may take it as stale; stale
 * locks moved aside atomically; released only while still ours). A lock whose process
 * is gone (kill -9, reboot, a container restart reusing our pid) is taken over.
 */
export class SendLock {
  private constructor(private readonly releaseLock: () => void) {}

  static async acquire(path: string): Promise<SendLock> {
    let attempt: LockAttempt;
    try {
      attempt = acquireLock(path, { purpose: "send" });
    } catch (error) {
      throw new SendLogError(`${path}: could not take the send lock (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (attempt.acquired) return new SendLock(attempt.release);
    const holder = attempt.holder;
    if (holder && holder.host !== hostname()) {
      throw new SendLockedError(`${path}: locked by a sender on host ${holder.host} (pid ${holder.pid}); remove the file if that run is gone`);
    }
    if (holder) {
      throw new SendLockedError(`${path}: another send of this edition to this list is running (pid ${holder.pid}) since ${holder.since}; wait for it or stop it`);
    }
    throw new SendLockedError(`${path}: ${attempt.reason}`);
  }

  async release(): Promise<void> {
    this.releaseLock();
  }
}
