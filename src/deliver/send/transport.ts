/**
 * The real transport: one nodemailer SMTP pool per run, sized to the run's concurrency.
 * The pool keeps connections open across messages (a handshake per message would cost
 * more than the message); retries and rate limiting are done by the sender, which knows
 * about the log, so the pool's own requeueing is switched off in poolOptions().
 */
import nodemailer, { type DKIMOptions } from "nodemailer";
import type { Mailer } from "./engine.js";
import { poolOptions, type SmtpTarget } from "./smtp.js";

export interface PoolSettings {
  connections: number;
  timeoutMs?: number;
  /** Self-signed certificates on a test server; never for real delivery. */
  allowInvalidCertificates?: boolean;
  dkim?: DKIMOptions | undefined;
}

export function openSmtpPool(target: SmtpTarget, settings: PoolSettings): Mailer {
  const options = poolOptions(target, {
    connections: settings.connections,
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
  });
  if (settings.dkim) options.dkim = settings.dkim;
  if (settings.allowInvalidCertificates) options.tls = { rejectUnauthorized: false };
  const transporter = nodemailer.createTransport(options);
  return {
    sendMail: (mail) => transporter.sendMail(mail),
    close: () => transporter.close(),
  };
}
