/** `news-digest editions`: what was built and sent to each list (date, stories, recipients, failures). */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { listIdentityFrom, listRefFor, loadConfig } from "../config/index.js";
import { formatEditions, listEditions } from "../deliver/editions/index.js";
import { openListState } from "../deliver/ledger/index.js";
import { type CommandIo, CONFIG_OPTION, defineCommand, EXIT, formatLocated, STATE_OPTION, UsageError } from "./kit/index.js";

export const editionsCommand = defineCommand({
  name: "editions",
  summary: "list the editions built and sent to each list",
  usage: "[options]",
  options: {
    list: { type: "string", value: "FILE|NAME", multiple: true, description: "only this list's editions (repeatable; default: every list)" },
    config: CONFIG_OPTION,
    state: STATE_OPTION,
    queue: { type: "string", value: "URL", description: "redis://HOST:PORT/DB: the editions queued there for workers, with where each stands" },
    json: { type: "boolean", description: "print { stateDir, lists } as JSON" },
  },
  async run({ values, io }) {
    const { config } = await loadConfig(values.config, io.cwd);
    if (values.queue !== undefined) return queuedEditions(values.queue, listIdentityFrom(config).listId, values.json === true, io);
    const stateDir = values.state === undefined ? config.send.stateDir : resolve(io.cwd, values.state);
    const newsletter = { stateDir, listId: listIdentityFrom(config).listId };
    let wanted: string[] | undefined;
    if (values.list) {
      wanted = [];
      for (const given of values.list) {
        const list = listRefFor(config.send.lists, given, io.cwd);
        // A typo must not look like a list that was never sent to.
        if (!(given in config.send.lists) && !existsSync(list.path)) {
          throw new UsageError(`--list ${given}: no such list file, and the config's send.lists has no list of that name`);
        }
        wanted.push(await openListState(stateDir, newsletter.listId, list));
      }
    }
    const { lists, problems } = await listEditions(newsletter, wanted);
    // Line 0 means the problem is with the file as a whole.
    for (const problem of problems) io.stderr(formatLocated({ ...problem, line: problem.line > 0 ? problem.line : undefined }) + "\n");
    io.stdout(values.json ? JSON.stringify({ stateDir, lists }, null, 2) + "\n" : formatEditions(lists));
    return EXIT.done;
  },
});

/** --queue: each queued edition's counts, read from Redis (any machine can ask). */
async function queuedEditions(url: string, listId: string, json: boolean, io: CommandIo): Promise<number> {
  // Loaded only here: BullMQ and the Redis client are for queued sends alone.
  const { resolveQueueTarget, QueueUrlError } = await import("../deliver/queue/index.js");
  let target;
  try {
    target = resolveQueueTarget(url, io.env);
  } catch (error) {
    if (error instanceof QueueUrlError) throw new UsageError(error.message);
    throw error;
  }
  const { printQueueStatus } = await import("./send-queue.js");
  return printQueueStatus(target, listId, { json, print: (text) => io.stdout(text), complain: (line) => io.stderr(`news-digest editions: ${line}\n`) });
}
