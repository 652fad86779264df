/** The Messenger seam and its messengers: SMTP, dry run, .eml files. */
export type { Delivery, Messenger, OutgoingMessage } from "../../message/index.js";
export { smtpMessenger, type PoolSettings } from "./smtp-pool.js";
export { dryRunMessenger } from "./dry-run.js";
export { emlFileMessenger } from "../../message/index.js";
