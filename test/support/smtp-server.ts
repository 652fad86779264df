/**
 * A real SMTP server (smtp-server) for the delivery tests, with optional faults: it can
 * refuse addresses, answer 4xx now and then, or drop the connection in the middle of a
 * message (before accepting it, as a real server that crashes would). Accepted messages
 * are kept raw, by envelope recipient, for postal-mime to read.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";

export interface Faults {
  /** Answer 550 to MAIL FROM for these senders (lower-case). */
  rejectSenders?: Set<string>;
  /** Answer 550 5.1.1 (no such mailbox) to RCPT TO for these addresses (lower-case). */
  rejectPermanently?: Set<string>;
  /**
   * Answer 550 5.7.1 (refused by policy: a blocklisted sender) to RCPT TO when this
   * returns true; read per command, so a test can "fix the server" between runs.
   */
  refuseRcpt?: (address: string) => boolean;
  /** Answer 451 to RCPT TO when this returns true (n counts RCPT commands from 1). */
  deferRcpt?: (n: number, address: string) => boolean;
  /** Drop the connection during DATA (before accepting) when this returns true (n counts DATA from 1). */
  dropData?: (n: number) => boolean;
  /** Delay before accepting each message, in ms (keeps messages in flight longer). */
  acceptDelayMs?: number;
  /** Offer AUTH (over plain text: a test server) and accept any user; logins are recorded. */
  acceptAuth?: boolean;
  /** Answer 535 to every login (with acceptAuth). */
  rejectAuth?: boolean;
  /**
   * TLS from the first byte (smtps://) with smtp-server's built-in self-signed
   * certificate: one that a client verifying certificates must refuse.
   */
  selfSignedTls?: boolean;
  /** Interface to listen on; loopback unless said. */
  host?: string;
}

export interface ReceivedMessage {
  recipients: string[];
  raw: Buffer;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMessage[];
  /** How many accepted messages each (lower-cased) recipient got. */
  countsByRecipient(): Map<string, number>;
  /** connections: TCP connections accepted (each one a handshake with selfSignedTls). */
  stats: { connections: number; rcpt: number; data: number; dropped: number; deferred: number; rejected: number };
  /** user:password pairs the clients logged in with. */
  logins: string[];
  close(): Promise<void>;
}

export async function startSmtpServer(faults: Faults = {}): Promise<TestSmtpServer> {
  const received: ReceivedMessage[] = [];
  const stats = { connections: 0, rcpt: 0, data: 0, dropped: 0, deferred: 0, rejected: 0 };
  const logins: string[] = [];
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    secure: faults.selfSignedTls === true,
    disabledCommands: faults.acceptAuth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`);
      if (faults.rejectAuth) return callback(smtpError(535, "5.7.8 authentication credentials invalid"));
      callback(null, { user: auth.username });
    },
    logger: false,
    size: 10 * 1024 * 1024,
    onMailFrom(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      if (faults.rejectSenders?.has(address.address.toLowerCase())) return callback(smtpError(550, "5.7.1 sender not allowed"));
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      stats.rcpt++;
      const to = address.address.toLowerCase();
      if (faults.rejectPermanently?.has(to)) {
        stats.rejected++;
        return callback(smtpError(550, "5.1.1 mailbox unavailable"));
      }
      if (faults.refuseRcpt?.(to)) {
        stats.rejected++;
        return callback(smtpError(550, "5.7.1 service refused: client host is on a blocklist"));
      }
      if (faults.deferRcpt?.(stats.rcpt, to)) {
        stats.deferred++;
        return callback(smtpError(451, "4.3.0 try again later"));
      }
      callback();
    },
    onData(stream, session, callback) {
      stats.data++;
      if (faults.dropData?.(stats.data)) {
        stats.dropped++;
        stream.resume();
        // Cut the socket under the client's feet: no reply, message not accepted.
        for (const connection of server.connections) {
          if (connection.id === session.id) connection._socket.destroy();
        }
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const accept = (): void => {
          received.push({ recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw: Buffer.concat(chunks) });
          callback(null);
        };
        if (faults.acceptDelayMs) setTimeout(accept, faults.acceptDelayMs);
        else accept();
      });
    },
  });
  server.on("error", () => undefined);
  // Counted at the TCP level: a client that gives up during the TLS handshake never reaches onConnect.
  server.server.on("connection", () => stats.connections++);
  await new Promise<void>((resolve) => server.listen(0, faults.host ?? "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `${faults.selfSignedTls ? "smtps" : "smtp"}://127.0.0.1:${port}`,
    received,
    stats,
    logins,
    countsByRecipient() {
      const counts = new Map<string, number>();
      for (const message of received) for (const r of message.recipients) counts.set(r, (counts.get(r) ?? 0) + 1);
      return counts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function smtpError(code: number, message: string): Error {
  const error = new Error(message) as Error & { responseCode: number };
  error.responseCode = code;
  return error;
}
