/**
 * What an SMTP error means for the run, from nodemailer's error code, the server's reply
 * code (RFC 5321: 4yz transient, 5yz permanent) and its enhanced status code (RFC 3463).
 *   - "recipient": this address will not take the message (5.1.x bad address, 5.2.1
 *     mailbox disabled, or a message that cannot be built): fail it for good and go on.
 *     Says nothing about the server, so it does not count toward a pause.
 *   - "refused": a permanent refusal that does not name the mailbox (5.7.x policy, a
 *     blocklisting, a bare 550). One may be about this reader; many in a row are about
 *     the sender, so these count toward the pause streak and are only written off once
 *     a later success shows the server delivers (see list-run.ts).
 *   - "transient": try the same message again later (4xx, dropped or timed-out connection).
 *   - "fatal": nothing will get through until someone fixes the setup (TLS, login,
 *     sender refused, configuration): stop the run at once without blaming any reader.
 */
export type FailureKind = "recipient" | "refused" | "transient" | "fatal";

/** For "fatal" failures: which part of the setup is wrong, for the one-line pause reason. */
export type SetupProblem = "tls" | "auth" | "sender" | "config";

export interface Failure {
  kind: FailureKind;
  /** SMTP reply code, when the server gave one. */
  code?: number;
  /** One line, for the log and the report. */
  reason: string;
  setup?: SetupProblem;
}

const CONNECTION_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNRESET", "ECONNREFUSED", "EPIPE", "EPROTOCOL"]);
const SETUP_CODES = new Map<string, SetupProblem>([
  ["EAUTH", "auth"],
  ["ENOAUTH", "auth"],
  ["EOAUTH2", "auth"],
  ["ETLS", "tls"],
  ["EREQUIRETLS", "tls"],
  ["ECONFIG", "config"],
  ["EPROXY", "config"],
]);

/**
 * Node's codes for a certificate that cannot be trusted (self-signed, expired, issued for
 * another host, unknown issuer). nodemailer reports them as a socket error, which would
 * otherwise look like a dropped connection and be retried for every reader.
 */
const CERTIFICATE_CODE = /^(?:DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_\w+|ERR_TLS_CERT_ALTNAME_INVALID|UNABLE_TO_\w+|ERR_SSL_\w+|ERR_TLS_\w+)$/;

/** Enhanced status codes that concern the mailbox, not the sender: bad address (5.1.x), mailbox disabled (5.2.1). */
const MAILBOX_STATUS = /^5\.(?:1\.\d{1,3}|2\.1)$/;

type SmtpError = { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown; command?: unknown; cause?: unknown; reason?: unknown };

export function classifyFailure(error: unknown): Failure {
  const e = (error ?? {}) as SmtpError;
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const reason = oneLine(typeof e.response === "string" && e.response ? e.response : String(e.message ?? error));
  const errorCode = typeof e.code === "string" ? e.code : "";
  // Only an error without a reply can be a handshake failure: a reply that mentions certificates is the server talking.
  const setup = SETUP_CODES.get(errorCode) ?? (code === undefined && certificateProblem(e) ? "tls" : undefined);
  if (setup) return withCode({ kind: "fatal", setup, reason: errorCode ? `${errorCode}: ${reason}` : reason }, code);
  if (code !== undefined && code >= 500) {
    // A refused sender or a demand for authentication concerns every message, not this one.
    if (e.command === "MAIL FROM") return { kind: "fatal", setup: "sender", code, reason };
    if (code === 530 || code === 535) return { kind: "fatal", setup: "auth", code, reason };
  }
  if (code !== undefined) {
    // 503 is "bad sequence of commands": the session was confused, not the message refused.
    if (code < 500 || code >= 600 || code === 503) return { kind: "transient", code, reason };
    return { kind: MAILBOX_STATUS.test(enhancedStatus(reason) ?? "") ? "recipient" : "refused", code, reason };
  }
  if (CONNECTION_CODES.has(errorCode)) return { kind: "transient", reason: `${errorCode}: ${reason}` };
  // Anything else (a message nodemailer could not build, an unknown error) will not get
  // better by retrying, and it concerns this message only.
  return { kind: "recipient", reason: errorCode ? `${errorCode}: ${reason}` : reason };
}

/** The one line that says why a fatal failure paused the run. */
export function setupProblemLine(failure: Failure): string {
  switch (failure.setup) {
    case "tls":
      // The reason says which: an untrusted certificate, or no STARTTLS where it is required.
      return `TLS with the SMTP server failed (${failure.reason})`;
    case "auth":
      return `the SMTP server refused the login (${failure.reason})`;
    case "sender":
      return `the SMTP server refused the sender address, the config's "from" (${failure.reason})`;
    default:
      return `the SMTP server refused the session (${failure.reason})`;
  }
}

/** Delay before retry number `attempt` (0-based): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  // "Equal jitter": at least half the step, so retries never bunch up at zero.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** "550 5.1.1 no such user" → "5.1.1"; undefined when the reply carries none. */
function enhancedStatus(reply: string): string | undefined {
  return /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1];
}

/** A certificate error, on the error itself or on its cause (nodemailer may wrap it). */
function certificateProblem(e: SmtpError): boolean {
  for (let current: unknown = e, depth = 0; current && typeof current === "object" && depth < 3; current = (current as SmtpError).cause, depth++) {
    const code = (current as SmtpError).code;
    if (typeof code === "string" && CERTIFICATE_CODE.test(code)) return true;
    if (/certificate|self[- ]signed/i.test(String((current as SmtpError).message ?? ""))) return true;
  }
  return false;
}

function withCode(failure: Failure, code: number | undefined): Failure {
  return code === undefined ? failure : { ...failure, code };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}
