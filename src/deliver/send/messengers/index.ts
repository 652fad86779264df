/** The Messenger seam and its messengers: SMTP, dry run, .eml files. */
export type { Delivery, Messenger, OutgoingMessage } from "./messenger.js";
export { smtpMessenger, type PoolSettings } from "./smtp-pool.js";
export { dryRunMessenger } from "./dry-run.js";
export { emlFileMessenger } from "./eml-file.js";
