/**
 * The SMTP messenger: one nodemailer pool per run, sized to the run's concurrency,
 * opened at the first message (a run that sends nothing connects to nothing). The pool
 * keeps connections open across messages (a handshake per message would cost more than
 * the message); retries and rate limiting are the run's, which knows about the ledger, so
 * the pool's own requeueing is switched off in poolOptions(). Messages go as they were
 * composed (`raw`); DKIM signs them on the way out.
 */
import type { DKIMOptions, Transporter } from "nodemailer";
import { lazyLibrary } from "../../../text/index.js";

/** Required on the first connection: commands that send nothing never load it. */
const nodemailer = lazyLibrary<typeof import("nodemailer")>("nodemailer");
import { poolOptions, type SmtpTarget } from "../smtp.js";
import type { Messenger } from "../../message/index.js";

export interface PoolSettings {
  connections: number;
  timeoutMs?: number;
  /** Self-signed certificates on a test server; never for real delivery. */
  allowInvalidCertificates?: boolean;
  dkim?: DKIMOptions | undefined;
}

export function smtpMessenger(target: SmtpTarget, settings: PoolSettings): Messenger {
  let transporter: Transporter | undefined;
  const open = (): Transporter => {
    const options = poolOptions(target, {
      connections: settings.connections,
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    });
    if (settings.dkim) options.dkim = settings.dkim;
    if (settings.allowInvalidCertificates) options.tls = { rejectUnauthorized: false };
    return nodemailer().createTransport(options);
  };
  return {
    name: "smtp",
    delivers: true,
    async send(message) {
      transporter ??= open();
      const info = await transporter.sendMail({ envelope: message.envelope, raw: message.raw });
      return typeof info.response === "string" ? { response: info.response } : {};
    },
    async close() {
      transporter?.close();
    },
  };
}
