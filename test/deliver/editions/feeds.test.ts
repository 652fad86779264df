// Two editions in a row from live feeds: a local HTTP server serves the feeds, the
// real fetcher reads them (conditionally), the edition window picks the stories, and
// a real list run delivers to a real SMTP server and writes the send history
// that the next window reads.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordEditionContents } from "../../../src/deliver/editions/record.js";
import { readSentEditions } from "../../../src/deliver/editions/sent-editions.js";
import { selectEditionStories, type EditionSelection } from "../../../src/deliver/editions/window.js";
import { DEFAULT_LIMITS } from "../../../src/deliver/send/list-run.js";
import type { SendReport } from "../../../src/deliver/send/report.js";
import { resolveSmtp } from "../../../src/deliver/send/smtp.js";
import { listStateDir } from "../../../src/deliver/ledger/state-layout.js";
import { smtpMessenger } from "../../../src/deliver/send/messengers/index.js";
import { loadSources } from "../../../src/ingest/sources.js";
import { conditionalRoute, jsonFeed, rssFeed, startFeedServer, type FeedItem, type FeedServer } from "../../support/feed-server.js";
import { identity, runTestList, testEdition, testNewsletter, writeCsvList } from "../../support/edition.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";

let dir: string;
let feeds: FeedServer;
let smtp: TestSmtpServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "nd-editions-feeds-"));
  feeds = await startFeedServer();
  smtp = await startSmtpServer();
});

afterEach(async () => {
  await feeds.close();
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

const item = (id: string, published: string, extra: Partial<FeedItem> = {}): FeedItem => ({
  id,
  title: `Story ${id}`,
  url: `https://news.example.com/${id}`,
  published,
  ...extra,
});

describe("editions from live feeds", () => {
  it("the second edition holds only what is new or updated since the first; a third with nothing new sends nothing", async () => {
    const stateDir = join(dir, "state");
    const list = await writeCsvList(dir, 3);
    const listDir = listStateDir(stateDir, identity.listId, "list.csv");

    // World news is RSS without validators; the live desk is a JSON Feed with an ETag.
    let world: FeedItem[] = [item("a", "2024-06-19T04:00:00Z"), item("b", "2024-06-19T05:00:00Z"), item("old", "2024-06-17T05:00:00Z")];
    let live = { items: [item("live", "2024-06-19T03:00:00Z", { modified: "2024-06-19T06:30:00Z" })], etag: '"l1"' };
    feeds.route("/world.rss", (_req, res) => res.end(rssFeed("World", world)));
    feeds.route("/live.json", conditionalRoute(() => ({ body: jsonFeed("Live desk", live.items), etag: live.etag, lastModified: "Wed, 19 Jun 2024 06:30:00 GMT", type: "application/feed+json" })));
    const sources = [feeds.url("/world.rss"), feeds.url("/live.json")];

    /** One scheduled run: read the feeds, choose the stories, record them, send. */
    const runEdition = async (editionId: string, now: string): Promise<{ selection: EditionSelection; report: SendReport }> => {
      const loaded = await loadSources(sources, { fetch: { stateDir } });
      expect(loaded.errors).toEqual([]);
      const history = (await readSentEditions(listDir)).editions;
      const selection = selectEditionStories(loaded.stories, history, { editionId, now: new Date(now) });
      recordEditionContents(listDir, editionId, new Date(now), selection.stories);
      const newsletter = testNewsletter(stateDir, {
        viewInBrowserUrl: `https://news.example.com/editions/${editionId}`,
        messenger: () => smtpMessenger(resolveSmtp({ flag: smtp.url, env: {} }), { connections: 2 }),
        limits: { ...DEFAULT_LIMITS, concurrency: 2 },
      });
      const report = await runTestList(newsletter, list, {
        edition: testEdition(editionId, selection.stories.map((s) => s.id)),
        updatedStoryIds: selection.entries.filter((e) => e.status === "updated").map((e) => e.story.id),
      });
      return { selection, report };
    };
    const headlines = (s: EditionSelection) => s.entries.map((e) => `${e.story.headline} (${e.status})`);

    const day1 = await runEdition("2024-06-19-daily", "2024-06-19T07:00:00Z");
    expect(headlines(day1.selection)).toEqual(["Story a (new)", "Story b (new)", "Story live (new)"]);
    expect(day1.report).toMatchObject({ outcome: "sent", sent: 3 });

    // Overnight: c is published, the live story is updated, a and b stay as they were.
    world = [item("c", "2024-06-19T20:00:00Z"), ...world];
    live = { items: [item("live", "2024-06-19T03:00:00Z", { modified: "2024-06-20T05:00:00Z", text: "Newer text." })], etag: '"l2"' };
    const day2 = await runEdition("2024-06-20-daily", "2024-06-20T07:00:00Z");
    expect(headlines(day2.selection)).toEqual(["Story c (new)", "Story live (updated)"]);
    expect(day2.selection.alreadySent).toBe(2);
    expect(day2.report).toMatchObject({ outcome: "sent", sent: 3 });

    // Day 3: nothing changed; the live feed answers 304 and its cached stories are reused.
    const day3 = await runEdition("2024-06-21-daily", "2024-06-21T07:00:00Z");
    expect(feeds.hits("/live.json").at(-1)?.status).toBe(304);
    expect(day3.selection.stories).toEqual([]);
    expect(day3.report.outcome).toBe("nothing-new");
    expect(smtp.received).toHaveLength(6);
  });
});
