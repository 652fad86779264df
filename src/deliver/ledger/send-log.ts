/**
 * The durable record of one edition of a newsletter (the file ledger's log, see
 * file-ledger.ts): an append-only JSON Lines file, one line per reader event.
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
import { mkdir, open, type FileHandle } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { acquireLock, type LockAttempt } from "../../state/index.js";
import { DurableAppender } from "../../state/index.js";
import { parseLogLine, type LogRecord } from "./log-records.js";

export type { LogRecord };

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

/** Where replay problems go: stderr by default (a damaged log is worth a look, not a stop). */
export type LogWarn = (message: string) => void;

const warnOnStderr: LogWarn = (message) => process.emitWarning(message, "SendLogWarning");

/**
 * Reads a log into its state. Nothing in the file stops the send, and nothing in it can
 * make the replay send a reader twice or pass one over:
 *   - A torn tail (the last line unterminated, or not JSON: a crash mid-write, or junk
 *     appended by hand) is ignored; SendLog.open cuts it off before writing (a replay
 *     may run without the lock, e.g. a dry run, so it never writes).
 *   - Any other line that is not a well-formed record is reported and skipped. Skipping
 *     is safe because a reader's "try" is on disk before the message leaves: a lost
 *     "sent" or "failed" leaves the reader "uncertain" (sent again and counted, as after
 *     a crash), never settled without a message and never forgotten; a lost "try" is
 *     followed by its outcome, or else the reader was never confirmed and is sent to.
 *   - A record that contradicts the ones before it is reported and skipped: see apply().
 */
export async function replaySendLog(path: string, warn: LogWarn = warnOnStderr): Promise<LogState> {
  const state: LogState = { runs: 0, round: -1, lastRunEnded: true, lastRunPaused: false, marks: new Map() };
  // A line that is not JSON: skipped if more follow, a torn tail if it is the last.
  let notJson: number | undefined;
  for await (const line of logLines(path)) {
    if (notJson !== undefined) warn(`${path}:${notJson}: unreadable send log line (not JSON); skipped`);
    notJson = undefined;
    if (!line.terminated) {
      warn(`${path}:${line.number}: torn last line (a run stopped mid-write); ignored, and cut off before the next record is written`);
      break;
    }
    if (line.text === "") continue;
    const parsed = parseLogLine(line.text);
    if (parsed.kind === "not-json") notJson = line.number;
    else if (parsed.kind === "malformed") warn(`${path}:${line.number}: ${parsed.problem}; skipped`);
    else {
      const refused = apply(state, parsed.record);
      if (refused) warn(`${path}:${line.number}: ${refused}; skipped`);
    }
  }
  if (notJson !== undefined) warn(`${path}:${notJson}: unreadable last line (not JSON); ignored, and cut off before the next record is written`);
  return state;
}

/** The lines of a log, numbered from 1; the last may lack its newline (torn). A missing file has none. */
async function* logLines(path: string): AsyncGenerator<{ number: number; text: string; terminated: boolean }> {
  const input = createReadStream(path, { encoding: "utf8" });
  let rest = "";
  let number = 0;
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      for (const text of parts) yield { number: ++number, text, terminated: true };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  } finally {
    input.destroy();
  }
  if (rest !== "") yield { number: ++number, text: rest, terminated: false };
}

/**
 * Applies one record, or says why it cannot be believed. The rules are the ones the
 * sender keeps when it writes, so a genuine log passes whole; a stray line cannot
 * undo a confirmation or restart the round:
 *   - "run": numbered after the runs before it, in the same round (a resume) or the
 *     next one, and the next only once the current round is complete: the one moment a
 *     --force run starts a round (see the engine).
 *   - "try": not for a reader already confirmed in this round (that would resend).
 *   - "sent": only after that reader's "try" in this round.
 *   - "failed": not for a reader already sent to; it may come without a "try" (a
 *     message that could not be built) and may turn a permanent failure into a
 *     deferral (the failure streak that paused a run).
 *   - "end": only for the run in progress.
 */
function apply(state: LogState, record: LogRecord): string | undefined {
  const mark = "to" in record ? state.marks.get(record.to) : undefined;
  switch (record.ev) {
    case "run":
      if (record.run <= state.runs) return `run ${record.run} is out of order (run ${state.runs} came before it)`;
      if (record.round === state.round + 1 && roundComplete(state)) {
        state.round = record.round;
        state.marks.clear();
      } else if (record.round !== state.round) {
        return `run ${record.run} claims round ${record.round}, but round ${state.round} ${record.round === state.round + 1 ? "is not complete" : "comes before it"}`;
      }
      state.runs = record.run;
      state.lastRunEnded = false;
      state.lastRunPaused = false;
      return undefined;
    case "end":
      if (record.run !== state.runs || state.lastRunEnded) return `"end" of run ${record.run}, which is not in progress`;
      state.lastRunEnded = true;
      state.lastRunPaused = record.paused !== undefined;
      return undefined;
    case "try":
      if (mark === Mark.Sent || mark === Mark.FailedPermanently) return `"try" for ${record.to}, already settled in this round`;
      state.marks.set(record.to, Mark.Attempting);
      return undefined;
    case "sent":
      if (mark !== Mark.Attempting) return `"sent" for ${record.to} without a "try" before it in this round`;
      state.marks.set(record.to, Mark.Sent);
      return undefined;
    case "failed":
      if (mark === Mark.Sent) return `"failed" for ${record.to}, already sent to in this round`;
      state.marks.set(record.to, record.perm ? Mark.FailedPermanently : Mark.Deferred);
      return undefined;
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

/**
 * Cuts off the torn tail that replaySendLog ignores (the last line, when it lacks its
 * newline or is not JSON) so the next record starts on a line of its own and no junk
 * ends up in the middle of the log. Only called under the send lock.
 */
async function cutTornTail(path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    const terminated = (await readAt(handle, size - 1, 1))[0] === 0x0a;
    const lineEnd = terminated ? size - 1 : size;
    const lineStart = (await lastNewlineBefore(handle, lineEnd)) + 1;
    if (terminated && parseLogLine((await readAt(handle, lineStart, lineEnd - lineStart)).toString("utf8")).kind !== "not-json") return;
    await handle.truncate(lineStart);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Offset of the last "\n" before `end`, or -1; read backwards, a block at a time. */
async function lastNewlineBefore(handle: FileHandle, end: number): Promise<number> {
  const BLOCK = 65_536;
  for (let blockEnd = end; blockEnd > 0; blockEnd -= BLOCK) {
    const blockStart = Math.max(0, blockEnd - BLOCK);
    const at = (await readAt(handle, blockStart, blockEnd - blockStart)).lastIndexOf(0x0a);
    if (at >= 0) return blockStart + at;
  }
  return -1;
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
 * One sender per edition and list at a time: the shared lock file of ../../state/lock.ts
 * (linked into place with its owner already written and synced; stale locks moved aside
 * atomically; released only while still ours). A lock whose process is gone (kill -9,
 * reboot, a container restart reusing our pid) is taken over, as is an ownerless one
 * once it is a few seconds old.
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
