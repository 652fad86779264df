// The schedule on the real path: feeds from a local HTTP server, the real build
// (analyze, compose, MJML render), the real send engine to a real SMTP server.
// A seconds pattern makes runs fire quickly; a slow SMTP server makes the first run
// outlast the next tick, which the lock must refuse; later runs on the same
// edition must be no-ops.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PostalMime from "postal-mime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../../src/config/load.js";
import { listEditions } from "../../../src/deliver/editions/listing.js";
import { newsletterFromConfig } from "../../../src/deliver/send/newsletter.js";
import { listStateDir } from "../../../src/deliver/ledger/state-layout.js";
import { listLockPath } from "../../../src/state/lock.js";
import { editionOutDir, runListEdition, startSchedule, type RunRecord, type Schedule } from "../../../src/app/schedule/index.js";
import { previewPaths } from "../../../src/app/out/files.js";
import { listArchive, readWebCopy } from "../../../src/app/archive/index.js";
import { builtInTemplatesDir } from "../../../src/render/template-files.js";
import { rssFeed, startFeedServer, type FeedServer } from "../../support/feed-server.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";
import { NEWSROOM } from "../../support/edition.js";

const TOKEN_ENV = { NEWS_DIGEST_TOKEN_KEY: "schedule-test-key-0123456789" };

let dir: string;
let feeds: FeedServer;
let smtp: TestSmtpServer;
let schedule: Schedule | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "nd-schedule-edition-"));
  feeds = await startFeedServer();
  smtp = await startSmtpServer({ acceptDelayMs: 1_300 });
});

afterEach(async () => {
  await schedule?.stop();
  schedule = undefined;
  await feeds.close();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

function configFor(stateDir: string): Config {
  return parseConfig(
    JSON.stringify({
      title: "Morning Brief",
      slug: "morning-brief",
      ...NEWSROOM,
      timeZone: "Europe/London",
      send: { smtp: smtp.url, stateDir, concurrency: 2, retryDelayMs: 10, maxRetryDelayMs: 50 },
    }),
    "test-config.json",
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("news-digest schedule, real path", () => {
  it("a run builds and sends; an overlapping tick is refused by the lock; later runs on the sent edition are no-ops", async () => {
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    feeds.route("/world.rss", (_req, res) =>
      res.end(
        rssFeed("World News", [
          { id: "1", title: "Putin lands in Pyongyang for rare visit", url: "https://news.test-newsroom.org/putin", published: hourAgo, text: "Vladimir Putin has arrived in North Korea." },
          { id: "2", title: "Kim Jong Un greets Putin at the airport", url: "https://news.test-newsroom.org/kim", published: hourAgo, text: "Kim Jong Un met the Russian leader on the tarmac." },
        ]),
      ),
    );
    const stateDir = join(dir, "state");
    const outDir = join(dir, "out");
    const list = join(dir, "subscribers.csv");
    writeFileSync(list, "email,name\nann@example.org,Ann\nbob@example.org,Bob\n");
    const config = configFor(stateDir);
    const newsletter = await newsletterFromConfig(config, { env: TOKEN_ENV });
    const listRef = { name: "subscribers.csv", path: list };
    const lines: string[] = [];

    schedule = startSchedule({
      cron: "* * * * * *",
      timezone: "Europe/London",
      lists: [listRef.name],
      lockPath: (name) => listLockPath(listStateDir(stateDir, newsletter.identity.listId, name)),
      job: ({ signal }) =>
        runListEdition({
          config,
          newsletter,
          list: listRef,
          build: { sources: { sources: [feeds.url("/world.rss")] }, templatesDir: builtInTemplatesDir(), outDir },
          run: { signal },
          now: new Date(),
        }),
      log: (line) => lines.push(line),
    });

    const history = schedule.history as RunRecord[];
    await waitFor(() => history.some((r) => r.status === "already-sent"), 20_000);
    await schedule.stop();

    const statuses = [...history].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((r) => r.status);
    expect(statuses.filter((s) => s === "sent")).toHaveLength(1);
    expect(statuses[0]).toBe("sent");
    expect(statuses).toContain("skipped");
    expect(history.find((r) => r.status === "skipped")?.summary).toMatch(/^skipped: locked by schedule \(pid \d+/);

    // Exactly one message per subscriber, however many runs fired.
    expect([...smtp.countsByRecipient()].sort()).toEqual([
      ["ann@example.org", 1],
      ["bob@example.org", 1],
    ]);
    const email = await PostalMime.parse(smtp.received[0]!.raw);
    expect(email.html).toContain("Putin lands in Pyongyang for rare visit");

    // The no-op runs read no feed and rebuilt nothing.
    expect(feeds.hits("/world.rss")).toHaveLength(1);
    const sentLine = lines.find((l) => l.includes(": sent "))!;
    expect(sentLine).toMatch(/subscribers\.csv: sent \d{4}-\d{2}-\d{2}-morning-brief: 2 sent, 0 failed; 2 stories \(2 new, 0 updated\) \[\d/);
    expect(lines).toContainEqual(expect.stringMatching(/subscribers\.csv: \S+-morning-brief already sent to 2 of 2; nothing sent \[\d+ ms\]$/));

    const editionId = history.find((r) => r.status === "sent")!.editionId!;
    expect(statSync(previewPaths(editionOutDir(outDir, listRef), editionId).edition).isFile()).toBe(true);
    expect(editionOutDir(outDir, listRef)).toBe(join(outDir, "subscribers.csv"));
    const { lists } = await listEditions({ stateDir, listId: newsletter.identity.listId });
    expect(lists[0]).toMatchObject({ list: "subscribers.csv" });
    expect(lists[0]?.editions).toEqual([expect.objectContaining({ editionId, status: "sent", stories: 2, delivered: 2, failed: 0 })]);

    // The edition's public web copy went into the archive with its first send.
    expect(await listArchive(stateDir)).toEqual([expect.objectContaining({ editionId, newsletter: config.title })]);
    expect((await readWebCopy(stateDir, editionId))?.html).toContain("Putin lands in Pyongyang for rare visit");
  });
});

describe("a scheduled edition with a failing feed", () => {
  it("reports the feeds that time out or are not XML, and builds and sends from the rest; --strict sends nothing", async () => {
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    feeds.route("/good.rss", (_req, res) =>
      res.end(rssFeed("World News", [{ id: "1", title: "Putin lands in Pyongyang for rare visit", url: "https://news.test-newsroom.org/putin", published: hourAgo }])),
    );
    feeds.route("/broken.rss", (_req, res) => res.end("<rss><channel><item><title>Half a feed"));
    feeds.route("/slow.rss", () => undefined); // never answers
    const stateDir = join(dir, "state");
    const list = join(dir, "list.csv");
    writeFileSync(list, "email\nann@example.org\n");
    const config = parseConfig(JSON.stringify({ slug: "morning-brief", ...NEWSROOM, feeds: { timeoutMs: 300, retries: 0 }, send: { smtp: smtp.url, stateDir } }), "c.json");
    const sources = [feeds.url("/slow.rss"), feeds.url("/broken.rss"), feeds.url("/good.rss")];
    const newsletter = await newsletterFromConfig(config, { env: TOKEN_ENV });
    const base = { config, newsletter, list: { name: "list.csv", path: list }, run: {} };
    const build = { sources: { sources }, templatesDir: builtInTemplatesDir(), outDir: join(dir, "out") };

    const strictWarnings: string[] = [];
    const strict = await runListEdition({ ...base, now: new Date(), build: { ...build, strict: true, warn: (line) => strictWarnings.push(line) } });
    expect(strict).toMatchObject({ status: "failed", summary: "failed: 2 source problems (--strict)", exitCode: 2 });
    expect(strictWarnings).toHaveLength(2);
    expect(smtp.received).toHaveLength(0);

    const warnings: string[] = [];
    const outcome = await runListEdition({ ...base, now: new Date(), build: { ...build, warn: (line) => warnings.push(line) } });
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^${escape(feeds.url("/slow.rss"))}: could not fetch the feed: no complete answer within 300 ms \\(timeout\\)$`)),
      expect.stringMatching(new RegExp(`^${escape(feeds.url("/broken.rss"))}(:\\d+)?: not XML .*expected an RSS or Atom feed$`)),
    ]);
    expect(outcome).toMatchObject({ status: "sent", exitCode: 0 });
    expect(outcome.summary).toMatch(/: 1 sent, 0 failed; 1 story \(1 new, 0 updated\); 2 source problems \(see above\)$/);
    const email = await PostalMime.parse(smtp.received[0]!.raw);
    expect(email.html).toContain("Putin lands in Pyongyang for rare visit");
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(25);
  }
}
