import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { classifySource, loadSources } from "../../src/ingest/sources.js";
import { jsonFeed, rssFeed, startFeedServer, type FeedServer } from "../support/feed-server.js";

let server: FeedServer;
let dir: string;

beforeEach(async () => {
  server = await startFeedServer();
  dir = mkdtempSync(join(tmpdir(), "nd-sources-"));
  mkdirSync(join(dir, "stories"));
  writeFileSync(
    join(dir, "stories", "local.md"),
    "---\ntitle: Local council approves new bridge\nsource: Town Crier\npublished: 2024-06-19T09:00:00Z\n---\n\nThe council voted on Tuesday.\n",
  );
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const ITEM = { id: "1", title: "Putin lands in Pyongyang", url: "https://news.example.com/putin-lands", published: "2024-06-19T00:10:00Z" };

describe("sources", () => {
  it("tells feeds from paths and refuses other schemes", () => {
    expect(classifySource("https://news.example.com/feed.xml")).toEqual({ kind: "feed", url: "https://news.example.com/feed.xml" });
    expect(classifySource("HTTP://news.example.com/rss")).toEqual({ kind: "feed", url: "HTTP://news.example.com/rss" });
    expect(classifySource("stories/")).toEqual({ kind: "path", path: "stories/" });
    expect(classifySource("C:\\stories")).toEqual({ kind: "path", path: "C:\\stories" });
    expect(classifySource("ftp://example.com/feed.xml")).toMatchObject({ kind: "invalid", message: expect.stringMatching(/unsupported scheme "ftp:"/) });
  });

  it("reads folders and feeds together; a failing feed is one error and the rest still loads", async () => {
    server.route("/news.rss", (_req, res) => res.end(rssFeed("Example News", [ITEM])));
    server.route("/more.json", (_req, res) => res.end(jsonFeed("More News", [{ ...ITEM, id: "2", title: "Kim greets Putin", url: "https://more.example.com/kim" }])));
    server.route("/broken.rss", (_req, res) => res.end("<html><body>Service unavailable"));

    const result = await loadSources(["stories", server.url("/news.rss"), server.url("/broken.rss"), server.url("/more.json"), "ftp://example.com/x.xml"], {
      baseDir: dir,
      fetch: { stateDir: join(dir, ".news-digest") },
    });

    expect(result.stories.map((s) => s.headline).sort()).toEqual(["Kim greets Putin", "Local council approves new bridge", "Putin lands in Pyongyang"]);
    expect(result.errors.map((e) => e.file)).toEqual(["ftp://example.com/x.xml", server.url("/broken.rss")]);
    expect(result.errors[1]?.message).toMatch(/expected an RSS or Atom feed/);
    expect(result.feeds.map((f) => f.status)).toEqual(["fetched", "failed", "fetched"]);
  });

  it("the same story reached through two feeds is kept once, the freshest copy", async () => {
    const stale = { ...ITEM, text: "Old text." };
    const fresh = { ...ITEM, modified: "2024-06-19T03:00:00Z", text: "New text." };
    server.route("/a.json", (_req, res) => res.end(jsonFeed("Example News", [stale])));
    server.route("/b.json", (_req, res) => res.end(jsonFeed("Example News", [fresh])));
    const result = await loadSources([server.url("/a.json"), server.url("/b.json")], { fetch: { stateDir: join(dir, ".news-digest") } });
    expect(result.stories).toHaveLength(1);
    expect(result.stories[0]?.paragraphs).toEqual(["New text."]);
  });
});
