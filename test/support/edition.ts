/**
 * A small compiled edition with the renderer's placeholders, so the send tests exercise
 * delivery without depending on how render compiles templates.
 */
import type { MessageOptions } from "../../src/deliver/message/index.js";
import { writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { openFileLedger } from "../../src/deliver/ledger/index.js";
import type { RunOptions } from "../../src/deliver/send/list-run.js";
import { openListState } from "../../src/deliver/ledger/list-state.js";
import type { Messenger } from "../../src/deliver/send/messengers/index.js";
import { openFileSuppressions, openListRun, type Newsletter } from "../../src/deliver/send/newsletter.js";
import type { SendReport } from "../../src/deliver/send/report.js";
import type { ListIdentity, RenderedEdition, SendLimits } from "../../src/model.js";
import { placeholder, RECIPIENT_KEYS } from "../../src/render/placeholders.js";

const NAME = placeholder(RECIPIENT_KEYS.name);
const UNSUBSCRIBE = placeholder(RECIPIENT_KEYS.unsubscribeUrl);

export function testEdition(editionId = "2024-06-20-test-digest", storyIds = ["story-a", "story-b"]): RenderedEdition {
  return {
    editionId,
    subject: "Morning digest: two stories",
    preheader: "What happened overnight",
    html: `<!doctype html><html><body><p>Hello ${NAME},</p><p>Two stories today.</p><p><a href="${UNSUBSCRIBE}">Unsubscribe</a></p></body></html>`,
    text: `Hello ${NAME},\n\nTwo stories today.\n\nUnsubscribe: ${UNSUBSCRIBE}\n`,
    storyIds,
  };
}

export const TOKEN_KEY = "test-token-key-0123456789abcdef";

/**
 * The newsletter's own sender and links, for configs that send for real: clearly fake,
 * but not on a reserved example domain, which a real send refuses as a placeholder.
 */
export const NEWSROOM = {
  from: "Morning Brief <brief@news.test-newsroom.org>",
  links: {
    site: "https://news.test-newsroom.org/",
    unsubscribeBase: "https://news.test-newsroom.org/unsubscribe",
    viewInBrowserBase: "https://news.test-newsroom.org/editions/",
  },
};

/** The list settings the message tests compose with (a Reply-To, a mailto unsubscribe). */
export const MORNING_MESSAGE: MessageOptions = {
  from: "Morning Digest <digest@news.example.com>",
  replyTo: "editor@news.example.com",
  listId: "morning.news.example.com",
  listName: "Morning Digest",
  unsubscribeMailto: "unsubscribe@news.example.com",
};

export const identity = {
  from: "Test Digest <digest@news.example.com>",
  listId: "test-digest.news.example.com",
  listName: "Test Digest",
  unsubscribeMailto: "unsubscribe@news.example.com",
};

/** A CSV list of `count` people: person0001@example.org ... with names. */
export async function writeCsvList(dir: string, count: number, extra: string[] = [], name = "list.csv"): Promise<string> {
  const rows = ["email,name,city"];
  for (let i = 1; i <= count; i++) rows.push(`${personEmail(i)},Person ${i},City ${i % 7}`);
  rows.push(...extra);
  const path = join(dir, name);
  await writeFile(path, rows.join("\n") + "\n");
  return path;
}

export function personEmail(i: number): string {
  return `person${String(i).padStart(4, "0")}@example.org`;
}

/**
 * A newsletter with the test identity and unsubscribe key, keeping state in
 * `stateDir`. How messages leave and the limits differ per test, so they are required.
 */
export function testNewsletter(
  stateDir: string,
  options: { messenger: () => Messenger; limits: SendLimits; identity?: ListIdentity; viewInBrowserUrl?: string },
): Newsletter {
  const listIdentity = options.identity ?? identity;
  const unsubscribe = { baseUrl: "https://news.example.com/unsubscribe", tokenKey: TOKEN_KEY };
  return {
    identity: listIdentity,
    unsubscribe,
    limits: options.limits,
    target: undefined,
    stateDir,
    messagesFor: (edition) => ({
      edition,
      identity: listIdentity,
      unsubscribe,
      viewInBrowserUrl: options.viewInBrowserUrl ?? "https://news.example.com/editions/2024-06-20-test-digest",
    }),
    smtpMessenger: () => options.messenger(),
    openLedger: (request, write) => openFileLedger({ stateDir, listId: listIdentity.listId, write }, request),
    listState: (list) => openListState(stateDir, listIdentity.listId, list),
    openSuppressions: (write) => openFileSuppressions(stateDir, listIdentity.listId, write),
  };
}

/** One run of `edition` (testEdition() by default) to the list file, named by its file name unless `name` says. */
export async function runTestList(
  newsletter: Newsletter,
  list: string,
  options: RunOptions & { edition?: RenderedEdition; updatedStoryIds?: string[]; name?: string } = {},
): Promise<SendReport> {
  const { edition = testEdition(), name = basename(list), ...run } = options;
  return (await openListRun(newsletter, { name, path: list }, edition, run)).execute();
}
