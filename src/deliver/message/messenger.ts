/**
 * The Messenger seam: how a finished message leaves (listmonk's messengers, nodemailer's
 * transports). The run hands over whole messages, bytes and envelope, so a messenger
 * never composes anything: the sample written by `build`, a dry run and a real send all
 * come from one composer (../reader-message.ts).
 */

/** One reader's message, ready to go: the RFC 5322 bytes and the SMTP envelope. */
export interface OutgoingMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  /** The Message-ID in `raw`, for the ledger and the report. */
  messageId: string;
}

/** What the receiving side said, when there is one. */
export interface Delivery {
  response?: string;
}

export interface Messenger {
  /** "smtp", "dry-run", "eml": for messages. */
  readonly name: string;
  /** Whether a message handed over reaches a reader (false: built and checked, or filed). */
  readonly delivers: boolean;
  /** Resolves once the message is taken; rejects with the transport's error (see failures.ts). */
  send(message: OutgoingMessage): Promise<Delivery>;
  close(): Promise<void>;
}
