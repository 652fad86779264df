/**
 * `news-digest bounces PATH... | -`: reads bounce reports (delivery status
 * notifications) and suppresses the readers whose mailbox is gone. From a mail pipe
 * (`| news-digest bounces -`, one message on standard input) or a cron job over a
 * Maildir; reading the same messages again changes nothing.
 */
import { BounceSourceError, formatOutcome, messageSources, openBounceReader, STDIN, type BounceOutcome } from "../deliver/bounces/index.js";
import { defineCommand, EXIT, terminalSafe, UsageError, type CommandIo } from "./kit/index.js";
import { NEWSLETTER_OPTIONS, newsletterState } from "./newsletter.js";

export const bouncesCommand = defineCommand({
  name: "bounces",
  summary: "read bounce reports (files, a Maildir, or - for standard input) and suppress dead addresses",
  usage: "[options] PATH...  |  -",
  about:
    "Each PATH is a message file (.eml), a Maildir (its cur/ and new/ are read and left as they are)\n" +
    "or a folder of .eml files; - reads one message from standard input, for a mail pipe.\n" +
    "A report for a message this newsletter sent that says the mailbox is gone (5.1.1 and the\n" +
    "like) suppresses the address; other failures and delays count as soft bounces, and three\n" +
    "in a row suppress it. Anything else is ignored. One line per message says what was done.",
  notes:
    "Exit codes: 0 done (ignored messages included), 2 bad usage or a path that does not exist,\n" +
    "75 the state folder could not be written (a mail pipe's server keeps the message and retries).",
  options: {
    ...NEWSLETTER_OPTIONS,
    json: { type: "boolean", description: "print { listId, outcomes } as JSON" },
  },
  positionals: true,
  graceful: true,
  async run({ values, positionals, io, signal, say }) {
    const newsletter = await newsletterState(values, io);
    if (positionals.length === 0) throw new UsageError("give the bounce messages to read: message files, a Maildir, or - for standard input");
    if (positionals.includes(STDIN) && io.stdin === undefined) throw new UsageError("- reads standard input, and there is none here");
    let sources;
    try {
      sources = await messageSources(positionals, io.cwd, () => readAll(io));
    } catch (error) {
      if (error instanceof BounceSourceError) throw new UsageError(error.message);
      throw error;
    }

    const outcomes: BounceOutcome[] = [];
    const warn = (message: string): void => io.stderr(`${terminalSafe(message)}\n`);
    try {
      const reader = await openBounceReader(newsletter.stateDir, newsletter, { warn });
      try {
        for (const source of sources) {
          if (signal.aborted) break;
          const found = await reader.read(source.name, await source.read());
          outcomes.push(...found);
          if (!values.json) for (const outcome of found) io.stdout(terminalSafe(formatOutcome(outcome)) + "\n");
        }
      } finally {
        await reader.close();
      }
    } catch (error) {
      // Reading a report cannot fail (see reader.ts): this is the state folder, a message file or stdin.
      say(`${error instanceof Error ? error.message : String(error)}; nothing is lost: run it again`);
      return EXIT.tryLater;
    } finally {
      if (values.json) io.stdout(JSON.stringify({ listId: newsletter.listId, outcomes }, null, 2) + "\n");
    }
    if (signal.aborted) {
      say("stopped; run it again to read the rest");
      return EXIT.tryLater;
    }
    return EXIT.done;
  },
});

async function readAll(io: CommandIo): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin!) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
