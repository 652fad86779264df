/**
 * One reader's message, the concern's whole face: the edition's MIME encoded once and
 * spliced per reader, the list headers, the Messenger seam a message leaves through,
 * and the messenger that writes .eml files. Apart from deliver/send so that `build`,
 * which writes a sample message.eml, composes it without loading the sender (its list
 * readers, SMTP pool, ledger and suppressions).
 */
export { composeReaderMessage, composeMessage, type EditionMessages } from "./reader-message.js";
export { MessageSettingsError, type MessageOptions } from "./message.js";
export type { Delivery, Messenger, OutgoingMessage } from "./messenger.js";
export { emlFileMessenger } from "./eml-file.js";
