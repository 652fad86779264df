/**
 * The Ledger seam: where "tried, sent, failed, deferred" live for one edition of one
 * newsletter, keyed by reader address. The local fsync'd log (file-ledger.ts) is the
 * default; a ledger shared by several workers (Redis) implements the same few calls.
 *
 * The contract that makes resuming safe: a reader is claimed durably *before* the message
 * is handed to a messenger, and the outcome is recorded after. Records are kept in call
 * order, so once a claim is durable every record made before it is too. A sender that
 * claims its next reader while a message is on the wire (see ListRun.sender) leaves at
 * most two readers unconfirmed, with their messages possibly out, when it dies.
 */

/** A reader's standing in the ledger's current round. */
export type ReaderStanding = "new" | "claimed" | "sent" | "failed" | "deferred";

/**
 * What a claim found. A ledger with one writer (the local log, under its lock) always
 * answers "claimed": the run already skipped whoever it had settled. A ledger shared by
 * several senders decides at the claim, atomically, since another sender may have
 * settled or claimed the reader since this one looked:
 * - "claimed": the message may leave;
 * - "reclaimed": an earlier claim was never confirmed (its sender died): the message
 *   leaves again, and the reader counts as uncertain (it may get two copies);
 * - "settled": another sender already recorded an outcome: nothing leaves;
 * - "suppressed": the reader was suppressed since being queued: nothing leaves;
 * - "paused": the newsletter's sending is paused: nothing leaves, try later.
 */
export type Claim = "claimed" | "reclaimed" | "settled" | "suppressed" | "paused";

export type Outcome =
  | { status: "sent"; messageId?: string; response?: string }
  /** permanent: written off for this round; otherwise deferred to the next run. */
  | { status: "failed"; permanent: boolean; code?: number; reason: string };

/** What the earlier runs of this edition left, as the new run finds it. */
export interface LedgerHistory {
  /** Runs recorded before this one. */
  runs: number;
  /** The current round: 0 for the first send, +1 for each --force that started one. */
  round: number;
  /** Whether this run starts a new round (--force after a complete one). */
  newRound: boolean;
  /** Whether the last run stopped without recording its end (killed, crashed). */
  interrupted: boolean;
}

export interface Ledger {
  readonly history: LedgerHistory;
  /** A reader's standing when the ledger was opened (a run meets each reader once). */
  standing(reader: string): ReaderStanding;
  /** Resolves once the claim is durable: only then, and only when "claimed" or "reclaimed", may the message leave. */
  claim(reader: string, line: number): Promise<Claim>;
  /** The outcome of a claimed reader (or of one whose message could not even be built). */
  record(reader: string, outcome: Outcome): Promise<void>;
  /** Readers claimed in this round, when the ledger was opened, whose outcome was never recorded: each may have the message. */
  unconfirmed(): string[];
  /** Records the run's end and waits for every record to be durable. */
  close(end: { sent: number; failed: number; paused?: string }): Promise<void>;
}

/** How a run opens its ledger. */
export interface LedgerRequest {
  editionId: string;
  /** The edition's stories, kept with each run for the record. */
  storyIds: readonly string[];
  /** Start a new round (send to everyone again) once the current one is complete. */
  force: boolean;
  now: () => Date;
}
