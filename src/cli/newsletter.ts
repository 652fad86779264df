/** What `suppressions` and `bounces` share: which newsletter the config names, and where its state is. */
import { resolve } from "node:path";
import { listIdentityFrom, loadConfig } from "../config/index.js";
import type { CommandIo } from "./kit/index.js";
import { CONFIG_OPTION, STATE_OPTION } from "./kit/index.js";

export interface NewsletterState {
  /** The state folder, absolute (the config's send.stateDir, or --state, from the working directory). */
  stateDir: string;
  listId: string;
  /** Right-hand side of our Message-IDs: how a bounce of our own message is recognised. */
  messageIdDomain: string;
}

export const NEWSLETTER_OPTIONS = {
  config: CONFIG_OPTION,
  state: STATE_OPTION,
} as const;

export async function newsletterState(values: { config?: string; state?: string }, io: CommandIo): Promise<NewsletterState> {
  const { config } = await loadConfig(values.config, io.cwd);
  const identity = listIdentityFrom(config);
  return {
    stateDir: resolve(io.cwd, values.state ?? config.send.stateDir),
    listId: identity.listId,
    messageIdDomain: identity.messageIdDomain ?? "localhost",
  };
}
