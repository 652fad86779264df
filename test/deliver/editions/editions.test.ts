import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contentsPath, readEditionContents, recordEditionContents } from "../../../src/deliver/editions/record.js";
import { readSentEditions } from "../../../src/deliver/editions/sent-editions.js";
import { selectEditionStories, type SentEdition } from "../../../src/deliver/editions/window.js";
import { recordEdition } from "../../../src/deliver/ledger/history.js";
import { historyPath } from "../../../src/deliver/ledger/state-layout.js";
import type { Post, Story } from "../../../src/model.js";

const LIST = "daily.example.com--subscribers";
let stateDir: string;

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), "nd-editions-"));
});

afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

function article(id: string, publishedAt: string | undefined, extra: Partial<Story> = {}): Story {
  return {
    id,
    kind: "article",
    source: { name: "Example News" },
    headline: `Story ${id}`,
    paragraphs: ["Text."],
    captions: [],
    origin: { file: "https://news.example.com/feed.xml" },
    ...(publishedAt ? { publishedAt } : {}),
    ...extra,
  };
}

function posts(count: number): Post[] {
  return Array.from({ length: count }, (_, index) => ({ index, title: `Post ${count - index}`, paragraphs: [], bullets: [], captions: [], quotes: [] }));
}

function liveBlog(id: string, postCount: number, updatedAt?: string): Story {
  return article(id, "2024-06-19T05:00:00Z", { kind: "liveblog", posts: posts(postCount), ...(updatedAt ? { updatedAt } : {}) });
}

/**
 * Records an edition the way a real send does: its contents at build time, then the
 * send history line that sendEdition appends when it starts sending.
 */
async function sendEdition(list: string, editionId: string, at: string, stories: Story[]): Promise<void> {
  recordEditionContents(join(stateDir, list), editionId, new Date(at), stories);
  await recordEdition(historyPath(join(stateDir, list)), { edition: editionId, stories: stories.map((s) => s.id), at });
}

async function history(list = LIST): Promise<SentEdition[]> {
  return (await readSentEditions(join(stateDir, list))).editions;
}

describe("the contents record", () => {
  it("appends one JSON line per build beside the send history, with each story's version", () => {
    recordEditionContents(join(stateDir, LIST), "2024-06-19-daily", new Date("2024-06-19T07:00:00Z"), [article("a", "2024-06-19T06:00:00Z"), liveBlog("b", 4)]);
    const path = contentsPath(join(stateDir, LIST));
    expect(path).toBe(join(stateDir, LIST, "contents.jsonl"));
    const lines = readFileSync(path, "utf8").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      editionId: "2024-06-19-daily",
      at: "2024-06-19T07:00:00.000Z",
      stories: [
        { id: "a", headline: "Story a", updatedAt: "2024-06-19T06:00:00Z" },
        { id: "b", headline: "Story b", updatedAt: "2024-06-19T05:00:00Z", posts: 4 },
      ],
    });
  });

  it("a rebuild of the same edition replaces its contents", () => {
    recordEditionContents(join(stateDir, LIST), "e1", new Date("2024-06-19T07:00:00Z"), [article("a", undefined)]);
    recordEditionContents(join(stateDir, LIST), "e1", new Date("2024-06-19T07:10:00Z"), [article("a", undefined), article("b", undefined)]);
    const { editions } = readEditionContents(join(stateDir, LIST));
    expect([...editions.values()].map((e) => [e.editionId, e.stories.length])).toEqual([["e1", 2]]);
  });

  it("skips a line torn by a crash and says where it was", () => {
    recordEditionContents(join(stateDir, LIST), "e1", new Date("2024-06-19T07:00:00Z"), [article("a", undefined)]);
    appendFileSync(contentsPath(join(stateDir, LIST)), '{"editionId":"e2","at":"2024-06-');
    const { editions, problems } = readEditionContents(join(stateDir, LIST));
    expect([...editions.keys()]).toEqual(["e1"]);
    expect(problems).toEqual([{ file: contentsPath(join(stateDir, LIST)), line: 2, message: "not a complete JSON line (torn by a crash?): skipped" }]);
  });

  it("joins the send history (what went out) with the contents (story versions)", async () => {
    await sendEdition(LIST, "e1", "2024-06-19T07:00:00Z", [liveBlog("live", 3)]);
    // An edition sent without a contents record still counts, with bare ids.
    await recordEdition(historyPath(join(stateDir, LIST)), { edition: "e2", stories: ["x"], at: "2024-06-20T07:00:00Z" });
    // A build that never went out is not "sent".
    recordEditionContents(join(stateDir, LIST), "e3", new Date("2024-06-21T07:00:00Z"), [article("y", undefined)]);
    expect(await history()).toEqual([
      { editionId: "e1", at: "2024-06-19T07:00:00.000Z", stories: [{ id: "live", headline: "Story live", updatedAt: "2024-06-19T05:00:00Z", posts: 3 }] },
      { editionId: "e2", at: "2024-06-20T07:00:00Z", stories: [{ id: "x" }] },
    ]);
  });
});

describe("edition windows", () => {
  const now = new Date("2024-06-20T07:00:00Z");

  it("the first edition of a list takes the last 24 hours, and undated stories", () => {
    const stories = [article("fresh", "2024-06-19T20:00:00Z"), article("stale", "2024-06-18T20:00:00Z"), article("undated", undefined)];
    const selection = selectEditionStories(stories, [], { editionId: "2024-06-20-daily", now });
    expect(selection.stories.map((s) => s.id)).toEqual(["fresh", "undated"]);
    expect(selection).toMatchObject({ basis: "window", since: "2024-06-19T07:00:00.000Z", tooOld: 1, alreadySent: 0 });
  });

  it("a configured window reaches further back", () => {
    const stories = [article("fresh", "2024-06-19T20:00:00Z"), article("older", "2024-06-18T20:00:00Z")];
    expect(selectEditionStories(stories, [], { editionId: "e", now, windowHours: 48 }).stories).toHaveLength(2);
  });

  it("two editions in a row: the second holds only what is new or updated since the first", async () => {
    // Day 1: two articles and a live blog with 3 posts go out.
    const day1 = [article("a", "2024-06-19T05:00:00Z"), article("b", "2024-06-19T06:00:00Z", { updatedAt: "2024-06-19T06:30:00Z" }), liveBlog("live", 3, "2024-06-19T06:45:00Z")];
    const first = selectEditionStories(day1, await history(), { editionId: "2024-06-19-daily", now: new Date("2024-06-19T07:00:00Z") });
    expect(first.stories.map((s) => s.id)).toEqual(["a", "b", "live"]);
    await sendEdition(LIST, "2024-06-19-daily", "2024-06-19T07:00:00Z", first.stories);

    // Day 2: the feeds still carry a and b (b unchanged), the live blog has 2 more posts, c is new.
    const day2 = [
      article("a", "2024-06-19T05:00:00Z"),
      article("b", "2024-06-19T06:00:00Z", { updatedAt: "2024-06-19T06:30:00Z" }),
      liveBlog("live", 5, "2024-06-20T06:00:00Z"),
      article("c", "2024-06-19T18:00:00Z"),
    ];
    const second = selectEditionStories(day2, await history(), { editionId: "2024-06-20-daily", now });
    expect(second.entries.map((e) => [e.story.id, e.status])).toEqual([
      ["live", "updated"],
      ["c", "new"],
    ]);
    expect(second.entries[0]?.previousEditionId).toBe("2024-06-19-daily");
    expect(second).toMatchObject({ basis: "last-edition", lastEditionId: "2024-06-19-daily", alreadySent: 2 });
  });

  it("an article whose updatedAt moved on comes back as updated; one with the same date does not", async () => {
    await sendEdition(LIST, "e1", "2024-06-19T07:00:00Z", [article("x", "2024-06-19T05:00:00Z"), article("y", "2024-06-19T05:00:00Z")]);
    const later = [article("x", "2024-06-19T05:00:00Z", { updatedAt: "2024-06-19T12:00:00Z" }), article("y", "2024-06-19T05:00:00Z")];
    const selection = selectEditionStories(later, await history(), { editionId: "e2", now });
    expect(selection.entries.map((e) => [e.story.id, e.status])).toEqual([["x", "updated"]]);
  });

  it("a live blog with more posts but no date change still counts as updated", async () => {
    await sendEdition(LIST, "e1", "2024-06-19T07:00:00Z", [liveBlog("live", 3)]);
    expect(selectEditionStories([liveBlog("live", 3)], await history(), { editionId: "e2", now }).stories).toEqual([]);
    expect(selectEditionStories([liveBlog("live", 4)], await history(), { editionId: "e2", now }).entries[0]?.status).toBe("updated");
  });

  it("re-running the edition that is being sent keeps its stories (its own record does not count)", async () => {
    const stories = [article("a", "2024-06-20T05:00:00Z")];
    await sendEdition(LIST, "2024-06-20-daily", "2024-06-20T07:00:00Z", stories);
    const rerun = selectEditionStories(stories, await history(), { editionId: "2024-06-20-daily", now: new Date("2024-06-20T07:30:00Z") });
    expect(rerun.stories.map((s) => s.id)).toEqual(["a"]);
  });

  it("a story stamped shortly before the last edition but seen only after it is not lost", async () => {
    await sendEdition(LIST, "e1", "2024-06-19T07:00:00Z", [article("a", "2024-06-19T06:00:00Z")]);
    const late = article("late", "2024-06-19T06:50:00Z");
    const old = article("old", "2024-06-19T05:00:00Z");
    const selection = selectEditionStories([late, old], await history(), { editionId: "e2", now });
    expect(selection.stories.map((s) => s.id)).toEqual(["late"]);
    expect(selection.since).toBe("2024-06-19T06:00:00.000Z");
  });

  it("lists are independent", async () => {
    const stories = [article("a", "2024-06-20T05:00:00Z")];
    await sendEdition("daily.example.com--one", "e1", "2024-06-20T06:00:00Z", stories);
    expect(selectEditionStories(stories, await history("daily.example.com--one"), { editionId: "e2", now }).stories).toEqual([]);
    expect(selectEditionStories(stories, await history("daily.example.com--two"), { editionId: "e2", now }).stories).toHaveLength(1);
  });
});
