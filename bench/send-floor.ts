/**
 * The two floors of `npm run bench:send`, each run as a process of its own:
 *
 *   compose  what anyone would write by hand: a nodemailer pool, each reader's copy
 *            personalised and composed by nodemailer (subject, html, text, the list
 *            headers), the same number in flight as ours;
 *   raw      the transport's own limit: one message built once, sent as `raw` to
 *            every reader. Nothing is composed per reader.
 *
 *   node dist/bench/send-floor.js compose|raw JOB_JSON
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import { signUnsubscribeToken, unsubscribeUrlFor } from "../src/links/index.js";
import type { Personalization, RenderedEdition } from "../src/model.js";
import { personalize } from "../src/render/index.js";

export interface FloorJob {
  edition: string;
  list: string;
  port: number;
  concurrency: number;
  tokenKey: string;
  from: string;
  listId: string;
  unsubscribeBase: string;
  viewInBrowserUrl: string;
}

async function main(): Promise<void> {
  const [side, json] = process.argv.slice(2);
  const job = JSON.parse(json!) as FloorJob;
  const edition = JSON.parse(await readFile(job.edition, "utf8")) as RenderedEdition;
  const transporter = nodemailer.createTransport({ pool: true, host: "127.0.0.1", port: job.port, secure: false, ignoreTLS: true, maxConnections: job.concurrency, maxMessages: Infinity });
  const readers = addresses(job.list);
  const raw = side === "raw" ? await new MailComposer(composed(job, edition, personalization(job, "reader@example.org"))).compile().build() : undefined;
  let sent = 0;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      for (let next = await readers.next(); !next.done; next = await readers.next()) {
        const email = next.value;
        const mail = raw ? { envelope: { from: job.from, to: [email] }, raw } : composed(job, edition, personalization(job, email));
        await transporter.sendMail(mail);
        sent++;
      }
    }),
  );
  transporter.close();
  process.stdout.write(JSON.stringify({ sent }) + "\n");
}

function personalization(job: FloorJob, email: string): Personalization {
  const token = signUnsubscribeToken(job.tokenKey, { listId: job.listId, email });
  return { recipient: { email, name: "Bench Reader" }, unsubscribeUrl: unsubscribeUrlFor(job.unsubscribeBase, token), viewInBrowserUrl: job.viewInBrowserUrl };
}

function composed(job: FloorJob, edition: RenderedEdition, p: Personalization) {
  const copy = personalize(edition, p);
  return {
    from: job.from,
    to: { name: p.recipient.name ?? "", address: p.recipient.email },
    subject: copy.subject,
    html: copy.html,
    text: copy.text,
    headers: { "List-Unsubscribe": `<${p.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "List-Id": `<${job.listId}>` },
  };
}

/** The list's addresses, one at a time, shared by all senders: never all in memory. */
function addresses(list: string): AsyncIterator<string> {
  const lines = createInterface({ input: createReadStream(list), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let header = true;
  let queue = Promise.resolve<IteratorResult<string>>({ done: true, value: undefined });
  const take = async (): Promise<IteratorResult<string>> => {
    for (;;) {
      const line = await lines.next();
      if (line.done) return { done: true, value: undefined };
      if (header) {
        header = false;
        continue;
      }
      return { done: false, value: line.value.split(",")[0]! };
    }
  };
  return {
    next: () => (queue = queue.then(take, take)),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`send-floor: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
