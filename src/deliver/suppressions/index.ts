/**
 * The suppression list, the concern's whole face: the store of addresses a newsletter
 * never mails again (store.ts) and the rule for when a failure puts one there (failure.ts).
 */
export { openSuppressions, newsletterStateDir, suppressionsPath, SuppressionList, SuppressionError, type NewSuppression, type OpenOptions, type RemoveOptions } from "./store.js";
export { REASONS, isReason, type Reason, type Suppression } from "./records.js";
export { suppressionForFailure, mailboxGone, enhancedStatusOf } from "./failure.js";
