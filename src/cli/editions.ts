/** `news-digest editions`: what was built and sent to each list (date, stories, recipients, failures). */
import { loadConfig } from "../config/index.js";
import { formatEditions, listEditions } from "../deliver/editions/index.js";
import { listIdentityFrom } from "../config/index.js";
import { listKeyFor } from "../deliver/send/index.js";
import { defineCommand, EXIT, formatLocated } from "./kit/index.js";

export const editionsCommand = defineCommand({
  name: "editions",
  summary: "list the editions built and sent to each list",
  usage: "[options]",
  options: {
    list: { type: "string", value: "FILE", multiple: true, description: "only this list's editions (repeatable; default: every list)" },
    config: { type: "string", value: "FILE", description: "config file (default: news-digest.config.json if present)" },
    state: { type: "string", value: "DIR", description: "state folder (default: the config's send.stateDir)" },
    json: { type: "boolean", description: "print { stateDir, lists } as JSON" },
  },
  async run({ values, io }) {
    const { config } = await loadConfig(values.config, io.cwd);
    const stateDir = values.state ?? config.send.stateDir;
    const listId = listIdentityFrom(config).listId;
    const wanted = values.list?.map((path) => listKeyFor(listId, path));
    const { lists, problems } = await listEditions(stateDir, wanted ? (key) => wanted.includes(key) : undefined);
    // Line 0 means the problem is with the file as a whole.
    for (const problem of problems) io.stderr(formatLocated({ ...problem, line: problem.line > 0 ? problem.line : undefined }) + "\n");
    io.stdout(values.json ? JSON.stringify({ stateDir, lists }, null, 2) + "\n" : formatEditions(lists));
    return EXIT.done;
  },
});
