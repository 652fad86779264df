/**
 * The durable record of a newsletter's sends: the Ledger seam (who was tried, sent,
 * failed or deferred, per edition and reader) and its embedded implementation, the
 * fsync'd local log; each list's edition history; and where all of it lives on disk.
 * The send pipe writes it; `editions` and scheduled runs read it without loading the
 * sender.
 */
export type { Claim, Ledger, LedgerHistory, LedgerRequest, Outcome, ReaderStanding } from "./ledger.js";
export { openFileLedger, type FileLedgerPlace } from "./file-ledger.js";
export { Mark, replaySendLog, roundComplete, SendLockedError, SendLogError, type LogState } from "./send-log.js";
export type { LogRecord } from "./log-records.js";
export { ledgerPaths, listStateDir, newsletterStateDir, fileSafeName as fileSafeListName, type ListRef } from "./state-layout.js";
export { openListState } from "./list-state.js";
export { listHistory, nothingNewSince, type ListHistory } from "./history.js";
