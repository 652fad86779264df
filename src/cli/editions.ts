import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config/index.js";
import { formatEditions, listEditions } from "../deliver/editions/index.js";
import { listIdentityFrom } from "../config/index.js";
import { listKeyFor } from "../deliver/send/index.js";

const USAGE = "usage: news-digest editions [--list FILE]... [--config FILE] [--state DIR] [--json]";

/** `news-digest editions`: what was built and sent to each list (date, stories, recipients, failures). */
export async function runEditions(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        list: { type: "string", multiple: true },
        config: { type: "string" },
        state: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    process.stderr.write(`news-digest editions: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let config;
  try {
    ({ config } = await loadConfig(values.config));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const stateDir = values.state ?? config.send.stateDir;
  const listId = listIdentityFrom(config).listId;
  const wanted = values.list?.map((path) => listKeyFor(listId, path));
  const { lists, problems } = await listEditions(stateDir, wanted ? (key) => wanted.includes(key) : undefined);
  for (const problem of problems) process.stderr.write(`${problem.file}${problem.line > 0 ? `:${problem.line}` : ""}: ${problem.message}\n`);
  if (values.json) process.stdout.write(JSON.stringify({ stateDir, lists }, null, 2) + "\n");
  else process.stdout.write(formatEditions(lists));
  return 0;
}
