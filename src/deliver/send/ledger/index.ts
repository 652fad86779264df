/** The Ledger seam and its embedded implementation: the fsync'd local log of each edition. */
export type { Ledger, LedgerHistory, LedgerRequest, Outcome, ReaderStanding } from "./ledger.js";
export { openFileLedger, type FileLedgerPlace } from "./file-ledger.js";
export { Mark, replaySendLog, roundComplete, SendLockedError, SendLogError, type LogState } from "./send-log.js";
export type { LogRecord } from "./log-records.js";
