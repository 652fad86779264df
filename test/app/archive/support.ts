// A real edition built by the pipeline from seeds/, for the archive and serve tests, and
// a second edition made from it (another day, another subject) so an archive holds two.
import { XMLParser } from "fast-xml-parser";
import { defaultConfig, type Config } from "../../../src/config/index.js";
import type { Digest } from "../../../src/model.js";
import { buildEdition, type BuiltEdition } from "../../../src/pipeline.js";
import { recordWebCopy, webCopyOf, type WebCopy } from "../../../src/app/archive/index.js";
import { NEWSROOM, TOKEN_KEY } from "../../support/edition.js";

export const NOW = new Date("2024-06-20T07:00:00Z");

/** The newsletter of these tests: its own links (https, so the List-Unsubscribe url is one a provider would POST to). */
export function newsroomConfig(stateDir: string): Config {
  const config = defaultConfig();
  return { ...config, title: "Morning Brief", from: NEWSROOM.from, links: { ...NEWSROOM.links }, send: { ...config.send, stateDir } };
}

export function buildSeedEdition(config: Config): Promise<BuiltEdition> {
  return buildEdition({ stories: ["seeds"], templatesDir: "templates", config, now: NOW, tokenKey: TOKEN_KEY });
}

/** The same stories a day later, under a subject that a careless page would not escape. */
export function nextDay(digest: Digest): Digest {
  return {
    ...digest,
    subject: `Day two <b>"bold"</b> & more: ${digest.subject}`,
    preheader: `Second <edition> & "summary"`,
    edition: { ...digest.edition, id: digest.edition.id.replace("2024-06-20", "2024-06-21"), date: "2024-06-21", dateLabel: "Friday 21 June 2024" },
  };
}

/** Records the seed edition (sent at NOW) and the next day's (sent a day later); returns them oldest first. */
export async function recordTwoEditions(built: BuiltEdition, config: Config): Promise<[WebCopy, WebCopy]> {
  const stateDir = config.send.stateDir;
  const first = await recordWebCopy(stateDir, await webCopyOf({ digest: built.digest, templates: built.templates, config, sentAt: NOW }));
  const later = new Date(NOW.getTime() + 86_400_000);
  const second = await recordWebCopy(stateDir, await webCopyOf({ digest: nextDay(built.digest), templates: built.templates, config, sentAt: later }));
  return [first, second];
}

/** Parses Atom as a reader would, every repeatable element as a list. */
export function parseAtom(xml: string): Record<string, any> {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["entry", "link"].includes(name) });
  return parser.parse(xml, true) as Record<string, any>;
}
