// Inputs for running `news-digest send`: a small compiled edition and a config beside it.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RenderedEdition } from "../../src/model.js";
import { placeholder, RECIPIENT_KEYS } from "../../src/render/placeholders.js";
import { NEWSROOM } from "./edition.js";

/** An edition compiled the way render compiles one: recipient fields as render's placeholders. */
export function renderedEdition(editionId = "2024-06-20-cli-digest", storyIds = ["story-a"]): RenderedEdition {
  const name = placeholder(RECIPIENT_KEYS.name);
  const unsubscribe = placeholder(RECIPIENT_KEYS.unsubscribeUrl);
  return {
    editionId,
    subject: "CLI digest",
    preheader: "",
    html: `<!doctype html><html><body><p>Hello ${name}</p><p><a href="${unsubscribe}">Unsubscribe</a></p></body></html>`,
    text: `Hello ${name}\nUnsubscribe: ${unsubscribe}\n`,
    storyIds,
  };
}

/** Writes edition.json and a config file into `dir`; returns their paths. */
export async function writeSendInputs(
  dir: string,
  send: Record<string, unknown> = {},
  edition: RenderedEdition = renderedEdition(),
): Promise<{ edition: string; config: string; stateDir: string }> {
  const stateDir = join(dir, "state");
  const config = {
    title: "CLI Digest",
    slug: "cli-digest",
    from: "CLI Digest <digest@news.test-newsroom.org>",
    links: NEWSROOM.links,
    preview: { recipient: { email: "reader@example.com", name: "Test Reader" } },
    send: { stateDir, retryDelayMs: 5, maxRetryDelayMs: 50, ...send },
  };
  const paths = { edition: join(dir, "edition.json"), config: join(dir, "config.json"), stateDir };
  await writeFile(paths.edition, JSON.stringify(edition));
  await writeFile(paths.config, JSON.stringify(config, null, 2));
  return paths;
}
