/**
 * Bounces that come back after the SMTP server accepted a message, the concern's whole
 * face: delivery status notifications read from files, a Maildir or standard input
 * (sources.ts, dsn.ts), matched to this newsletter's messages (ours.ts), and turned
 * into suppressions or soft-bounce counts (reader.ts, ledger.ts).
 */
export { openBounceReader, formatOutcome, BounceReader, type BounceAction, type BounceOutcome, type BounceReaderOptions } from "./reader.js";
export { messageSources, BounceSourceError, STDIN, type MessageSource } from "./sources.js";
export { readDsn, type Dsn, type DsnRecipient, type OriginalHeaders } from "./dsn.js";
export { originOf, type NewsletterIdentity, type Origin } from "./ours.js";
export { SOFT_BOUNCES_TO_SUPPRESS } from "./ledger.js";
