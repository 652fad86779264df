/**
 * Sending an edition to a list over SMTP, the concern's whole face: the engine, the
 * list reader, the transport and the report. The files behind it each hold one part (see their headers).
 */
export { sendEdition, exitCodeFor, DEFAULT_LIMITS, REPORT_DETAIL_LIMIT } from "./engine.js";
export type { SendJob, SendReport, SendOutcome, SendLimits, SendObserver, Counters, FailedRecipient, Mailer, Personalize, ListIdentity } from "./engine.js";
export { readRecipientList, listFormatOf, ListFileError, type ListEntry, type ListFormat } from "./recipients.js";
export { checkAddress, addressKey } from "./address.js";
export { resolveSmtp, poolOptions, redact, SmtpConfigError, SMTP_URL_ENV, SMTP_PASSWORD_ENV, type SmtpTarget } from "./smtp.js";
export { openSmtpPool, type PoolSettings } from "./transport.js";
export { resolveDkim, DkimConfigError, type DkimSettings } from "./dkim.js";
export { sendTestCopy, type TestCopy } from "./test-copy.js";
export { readEditionFile, parseEdition, EditionFileError } from "./edition-file.js";
export { listKeyFor, statePaths } from "./state-paths.js";
export { replaySendLog, SendLogError } from "./send-log.js";
export { sendJobFromConfig, sendSettingsFromConfig, PlaceholderSettingsError, TokenKeyError, type SendJobSetup, type SendSettings, type SendSetupOptions, type EditionSendFields } from "./job-setup.js";
export { formatReport } from "./report.js";
export { createProgress, type ProgressOptions } from "./progress.js";
export { classifyFailure, type Failure, type FailureKind } from "./failures.js";
export { type LogRecord, Mark, SendLockedError } from "./send-log.js";
export { readHistory } from "./history.js";
export { buildMailOptions, MessageSettingsError } from "./message.js";
