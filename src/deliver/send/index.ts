/**
 * Sending an edition to a list, the concern's whole face: the list run (the pipe), its
 * two seams (messengers, ledger), the list reader, the settings from the config, and the
 * report. The files behind it each hold one part (see their headers).
 */
export { ListRun, DEFAULT_LIMITS, type RunOptions, type RunSuppressions, type SendObserver, type ListRunParts } from "./list-run.js";
export { newsletterFromConfig, openFileSuppressions, openListRun, sendSettingsFromConfig, PlaceholderSettingsError, TokenKeyError, type Newsletter, type SendSettings, type SendSetupOptions } from "./newsletter.js";
export { exitCodeFor, formatReport, REPORT_DETAIL_LIMIT, type Counters, type FailedRecipient, type SendOutcome, type SendReport } from "./report.js";
export { composeReaderMessage, composeMessage, MessageSettingsError, type EditionMessages } from "../message/index.js";
export { dryRunMessenger, emlFileMessenger, smtpMessenger, type Messenger, type OutgoingMessage } from "./messengers/index.js";
export { readRecipientList, openRecipientList, checkListFile, estimateRows, listFormatOf, ListFileError, type ListEntry, type ListFormat } from "./recipients.js";
export { checkAddress, addressKey } from "./address.js";
export { resolveSmtp, poolOptions, redact, SmtpConfigError, SMTP_URL_ENV, SMTP_PASSWORD_ENV, type SmtpTarget } from "./smtp.js";
export { resolveDkim, DkimConfigError, type DkimSettings } from "./dkim.js";
export { sendTestCopy, type TestCopy } from "./test-copy.js";
export { readEditionFile, parseEdition, EditionFileError } from "./edition-file.js";
export { createProgress, type ProgressOptions } from "./progress.js";
export { backoffDelay, classifyFailure, setupProblemLine, type Failure, type FailureKind } from "./failures.js";
