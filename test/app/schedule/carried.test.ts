// A scheduled edition records what it CARRIED (shown, or listed under "More in"), and
// what it was built from but could not carry (held back for size) comes in the next
// edition: nothing selected is lost to the window moving on. The real path: stories
// from a folder, the real build, the real send engine to a real SMTP server.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/load.js";
import { readSentEditions } from "../../../src/deliver/editions/sent-editions.js";
import { runListEdition } from "../../../src/app/schedule/index.js";
import { newsletterFromConfig } from "../../../src/deliver/send/index.js";
import { builtInTemplatesDir } from "../../../src/render/template-files.js";
import { NEWSROOM } from "../../support/edition.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";

let dir: string;
let smtp: TestSmtpServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "nd-schedule-carried-"));
  smtp = await startSmtpServer();
});

afterEach(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

const PLACES = ["harbour", "museum", "bridge", "school", "market", "library", "station", "stadium", "hospital", "airport"];
const WHAT = ["reopens", "closes", "expands", "floods", "wins award", "gets funding", "is sold", "is renamed"];

/** `count` distinct local stories published the morning before the first edition. */
function writeStories(folder: string, count: number, urlPadding = 0): string[] {
  mkdirSync(folder, { recursive: true });
  const stories = Array.from({ length: count }, (_, i) => {
    const place = PLACES[i % PLACES.length]!;
    const what = WHAT[Math.floor(i / PLACES.length) % WHAT.length]!;
    return {
      title: `The ${place} in ward ${i} ${what} after a council vote`,
      url: `https://news.example.org/local/${i}/${"p".repeat(urlPadding)}`,
      source: "Example Gazette",
      published: new Date(Date.UTC(2024, 5, 20, 5, 0) - i * 60_000).toISOString(),
      body: `Councillors voted on the ${place} in ward ${i} on Tuesday. Residents of ward ${i} said the ${place} ${what} news was expected.`,
    };
  });
  writeFileSync(join(folder, "stories.json"), JSON.stringify(stories));
  return stories.map((s) => s.title);
}

async function setUp(limits: Record<string, number>) {
  const stateDir = join(dir, "state");
  const list = join(dir, "list.csv");
  writeFileSync(list, "email\nann@example.org\n");
  const config = parseConfig(
    JSON.stringify({ ...NEWSROOM, slug: "local", limits, send: { smtp: smtp.url, stateDir, retryDelayMs: 10, maxRetryDelayMs: 50 } }),
    "c.json",
  );
  const newsletter = await newsletterFromConfig(config, { env: { NEWS_DIGEST_TOKEN_KEY: "carried-test-key-0123456789" } });
  const listRef = { name: "list.csv", path: list };
  const run = (now: Date) =>
    runListEdition({
      config,
      newsletter,
      list: listRef,
      build: { sources: { sources: [join(dir, "stories")] }, templatesDir: builtInTemplatesDir(), outDir: join(dir, "out") },
      run: {},
      now,
    });
  const editions = async () => (await readSentEditions(await newsletter.listState(listRef))).editions;
  return { run, editions };
}

describe("a scheduled edition's window", () => {
  it("counts the stories listed under More in as sent: 8 selected, 5 shown, 8 carried, none repeated next time", async () => {
    writeStories(join(dir, "stories"), 8);
    const { run, editions } = await setUp({ maxTopics: 1, storiesPerTopic: 5 });
    const first = await run(new Date("2024-06-20T07:00:00Z"));
    expect(first).toMatchObject({ status: "sent" });
    const [sent] = await editions();
    expect(sent!.stories).toHaveLength(8);
    expect(sent!.heldBack).toBeUndefined();

    const second = await run(new Date("2024-06-21T07:00:00Z"));
    expect(second).toMatchObject({ status: "nothing-new" });
  }, 60_000);

  it("offers a story held back for size in the next edition, however old, until every story was carried once", async () => {
    // Urls near the 2,048-character limit: the More lists fill Gmail's 102 KB long before 60 stories.
    const titles = writeStories(join(dir, "stories"), 60, 1_900);
    const { run, editions } = await setUp({ maxTopics: 1, storiesPerTopic: 2 });
    const days = ["2024-06-20", "2024-06-21", "2024-06-22", "2024-06-23", "2024-06-24", "2024-06-25"];
    for (const day of days) {
      const outcome = await run(new Date(`${day}T07:00:00Z`));
      if (outcome.status === "nothing-new") break;
      expect(outcome).toMatchObject({ status: "sent" });
    }
    const sent = await editions();
    expect(sent.length).toBeGreaterThan(1);
    expect(sent[0]!.heldBack?.length).toBeGreaterThan(0);
    // The second edition carries what the first held back, though it is older than the window.
    const secondIds = new Set(sent[1]!.stories.map((s) => s.id));
    expect(sent[0]!.heldBack!.some((id) => secondIds.has(id))).toBe(true);
    const carried = sent.flatMap((e) => e.stories.map((s) => s.id));
    expect(new Set(carried).size).toBe(carried.length); // never twice
    expect(carried).toHaveLength(titles.length); // and every one, in the end
    const lastHeldBack = sent.at(-1)!.heldBack ?? [];
    expect(lastHeldBack).toEqual([]);
  }, 180_000);
});
