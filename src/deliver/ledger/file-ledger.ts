/**
 * The embedded ledger: one fsync'd, append-only log per edition of a newsletter (see
 * send-log.ts for its records and why replaying it is safe), one writer at a time under
 * the edition's lock. Opened without `write` (a dry run), it reads the same state, takes
 * no lock and writes nothing: claims and outcomes stay in memory.
 */
import { existsSync } from "node:fs";
import { ledgerPaths } from "./state-layout.js";
import type { Ledger, LedgerHistory, LedgerRequest, Outcome, ReaderStanding } from "./ledger.js";
import { readLegacyLedger } from "./legacy.js";
import type { LogRecord } from "./log-records.js";
import { Mark, replaySendLog, roundComplete, SendLock, SendLog, type LogState } from "./send-log.js";

export interface FileLedgerPlace {
  stateDir: string;
  /** The newsletter's List-Id: one ledger per newsletter and edition. */
  listId: string;
  /** false: read only (a dry run). */
  write: boolean;
}

const STANDING: Record<Mark, ReaderStanding> = {
  [Mark.Attempting]: "claimed",
  [Mark.Sent]: "sent",
  [Mark.FailedPermanently]: "failed",
  [Mark.Deferred]: "deferred",
};

export async function openFileLedger(place: FileLedgerPlace, request: LedgerRequest): Promise<Ledger> {
  const paths = ledgerPaths(place.stateDir, place.listId, request.editionId);
  const lock = place.write ? await SendLock.acquire(paths.lock) : undefined;
  try {
    // The previous layout's logs count until this edition has a ledger of its own.
    const legacy = existsSync(paths.log) ? undefined : await readLegacyLedger(place.stateDir, place.listId, request.editionId, request.storyIds, request.now());
    const state = legacy?.state ?? (await replaySendLog(paths.log));
    return new FileLedger(paths.log, state, request, lock, place.write ? (legacy?.records ?? []) : undefined);
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

class FileLedger implements Ledger {
  readonly history: LedgerHistory;
  private log: Promise<SendLog> | undefined;
  private readonly marks: Map<string, Mark>;

  constructor(
    private readonly path: string,
    private readonly state: LogState,
    private readonly request: LedgerRequest,
    private readonly lock: SendLock | undefined,
    /** Records to write before the first of this run (a legacy state); undefined: write nothing. */
    private readonly carried: LogRecord[] | undefined,
  ) {
    // --force resends only after the current round is finished: the pause messages say
    // "run the same command again", and that command must resume, not start over.
    const newRound = request.force && state.runs > 0 && roundComplete(state);
    if (newRound) {
      state.round += 1;
      state.marks.clear();
    }
    this.marks = state.marks;
    this.history = { runs: state.runs, round: Math.max(state.round, 0), newRound, interrupted: !state.lastRunEnded };
  }

  standing(reader: string): ReaderStanding {
    const mark = this.marks.get(reader);
    return mark === undefined ? "new" : STANDING[mark];
  }

  // claim() and record() only write: standing() and unconfirmed() answer for the ledger
  // as the run found it, which is all a run asks (it meets each reader once). Keeping
  // every reader of a 100,000-row list in memory twice would cost more than it tells.
  async claim(reader: string, line: number): Promise<void> {
    await (await this.openLog())?.write({ ev: "try", to: reader, line });
  }

  async record(reader: string, outcome: Outcome): Promise<void> {
    if (outcome.status === "sent") {
      const record: LogRecord = { ev: "sent", to: reader };
      if (outcome.messageId) record.id = outcome.messageId;
      if (outcome.response) record.resp = outcome.response.slice(0, 200);
      await (await this.openLog())?.write(record);
    } else {
      const record: LogRecord = { ev: "failed", to: reader, perm: outcome.permanent, why: outcome.reason };
      if (outcome.code !== undefined) record.code = outcome.code;
      await (await this.openLog())?.write(record);
    }
  }

  unconfirmed(): string[] {
    const readers: string[] = [];
    for (const [reader, mark] of this.marks) if (mark === Mark.Attempting) readers.push(reader);
    return readers;
  }

  async close(end: { sent: number; failed: number; paused?: string }): Promise<void> {
    try {
      if (this.log) {
        const log = await this.log;
        await log.write({ ev: "end", run: this.state.runs + 1, sent: end.sent, failed: end.failed, ...(end.paused ? { paused: end.paused } : {}) });
        await log.close();
      }
    } finally {
      await this.lock?.release();
    }
  }

  /** Opened at the first record: runs that send nothing leave no trace. Undefined when read-only. */
  private openLog(): Promise<SendLog> | undefined {
    if (this.carried === undefined) return undefined;
    this.log ??= (async () => {
      const log = await SendLog.open(this.path);
      // Not one by one: the appender writes what is queued in one go, synced once.
      const carried = this.carried!.map((record) => log.write(record));
      await log.write({
        ev: "run",
        run: this.state.runs + 1,
        round: this.history.round,
        at: this.request.now().toISOString(),
        pid: process.pid,
        stories: [...this.request.storyIds],
      });
      await Promise.all(carried);
      return log;
    })();
    return this.log;
  }
}
