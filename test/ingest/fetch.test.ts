import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchFeed, fetchFeeds, parseFeedDocument, type FeedParser } from "../../src/ingest/fetch/index.js";
import { conditionalRoute, jsonFeed, rssFeed, startFeedServer, type FeedServer } from "../support/feed-server.js";

let server: FeedServer;
let stateDir: string;

beforeEach(async () => {
  server = await startFeedServer();
  stateDir = await mkdtemp(join(tmpdir(), "nd-fetch-"));
});

afterEach(async () => {
  await server.close();
  await rm(stateDir, { recursive: true, force: true });
});

const noWait = async (): Promise<void> => undefined;

const ITEMS = [
  { id: "1", title: "Putin lands in Pyongyang", url: "https://news.example.com/putin-lands", published: "2024-06-19T00:10:00Z" },
  { id: "2", title: "Kim greets Putin at the airport", url: "https://news.example.com/kim-greets", published: "2024-06-19T01:00:00Z" },
];

/** The real parser, counting how often it is asked to read a body. */
function countingParser(): { parse: FeedParser; calls: () => number } {
  let calls = 0;
  return {
    parse: (text, file, type) => {
      calls++;
      return parseFeedDocument(text, file, type);
    },
    calls: () => calls,
  };
}

describe("conditional requests", () => {
  it("sends the stored validators, gets 304, and serves the cached stories without downloading or parsing again", async () => {
    const feed = { body: jsonFeed("Example News", ITEMS), etag: '"v1"', lastModified: "Wed, 19 Jun 2024 01:00:00 GMT", type: "application/feed+json" };
    server.route("/feed.json", conditionalRoute(() => feed));
    const counter = countingParser();

    const first = await fetchFeed(server.url("/feed.json"), { stateDir, parse: counter.parse });
    expect(first.status).toBe("fetched");
    expect(first.errors).toEqual([]);
    expect(first.stories.map((s) => s.headline)).toEqual(["Putin lands in Pyongyang", "Kim greets Putin at the airport"]);
    expect(first.stories[0]?.origin.file).toBe(server.url("/feed.json"));

    const second = await fetchFeed(server.url("/feed.json"), { stateDir, parse: counter.parse });
    const [firstHit, secondHit] = server.hits("/feed.json");
    expect(firstHit?.headers["if-none-match"]).toBeUndefined();
    expect(secondHit?.headers["if-none-match"]).toBe('"v1"');
    expect(secondHit?.headers["if-modified-since"]).toBe("Wed, 19 Jun 2024 01:00:00 GMT");
    expect(secondHit?.status).toBe(304);
    expect(secondHit?.bodyBytes).toBe(0);
    expect(second.status).toBe("not-modified");
    expect(counter.calls()).toBe(1);
    expect(second.stories).toEqual(first.stories);
  });

  it("does the same for RSS", async () => {
    const feed = { body: rssFeed("Example News", ITEMS), etag: 'W/"r1"', lastModified: "Wed, 19 Jun 2024 01:00:00 GMT", type: "application/rss+xml; charset=utf-8" };
    server.route("/feed.rss", conditionalRoute(() => feed));
    const counter = countingParser();
    const first = await fetchFeed(server.url("/feed.rss"), { stateDir, parse: counter.parse });
    const second = await fetchFeed(server.url("/feed.rss"), { stateDir, parse: counter.parse });
    expect(first.stories).toHaveLength(2);
    expect(server.hits("/feed.rss").map((h) => [h.status, h.bodyBytes > 0])).toEqual([
      [200, true],
      [304, false],
    ]);
    expect(counter.calls()).toBe(1);
    expect(second).toMatchObject({ status: "not-modified", stories: first.stories });
  });

  it("reads the feed again when it changed, and keeps the new validators", async () => {
    let feed = { body: jsonFeed("Example News", ITEMS.slice(0, 1)), etag: '"v1"', lastModified: "Wed, 19 Jun 2024 01:00:00 GMT", type: "application/feed+json" };
    server.route("/feed.json", conditionalRoute(() => feed));
    await fetchFeed(server.url("/feed.json"), { stateDir });

    feed = { ...feed, body: jsonFeed("Example News", ITEMS), etag: '"v2"' };
    const changed = await fetchFeed(server.url("/feed.json"), { stateDir });
    expect(changed.status).toBe("fetched");
    expect(changed.stories).toHaveLength(2);

    const again = await fetchFeed(server.url("/feed.json"), { stateDir });
    expect(server.hits("/feed.json")[2]?.headers["if-none-match"]).toBe('"v2"');
    expect(again.status).toBe("not-modified");
    expect(again.stories).toHaveLength(2);
  });

  it("keeps no cache for a feed without validators, so every run reads it afresh", async () => {
    server.route("/plain.json", (_req, res) => res.end(jsonFeed("Example News", ITEMS)));
    await fetchFeed(server.url("/plain.json"), { stateDir });
    await fetchFeed(server.url("/plain.json"), { stateDir });
    expect(server.hits("/plain.json").map((h) => h.status)).toEqual([200, 200]);
    expect(server.hits("/plain.json")[1]?.headers["if-none-match"]).toBeUndefined();
  });
});

describe("a feed that fails is reported and the others still load", () => {
  it("a feed that never answers times out; the good feed's stories arrive", async () => {
    server.route("/good.json", (_req, res) => res.end(jsonFeed("Example News", ITEMS)));
    server.route("/hangs.json", (_req, res) => {
      res.setHeader("content-type", "application/feed+json");
      res.write('{"version": "https://jsonfeed.org/version/1.1", "items": ['); // ...and nothing more
    });
    const outcomes = await fetchFeeds([server.url("/hangs.json"), server.url("/good.json")], { stateDir, timeoutMs: 300, retries: 0 });
    expect(outcomes[0]?.status).toBe("failed");
    expect(outcomes[0]?.errors).toEqual([{ file: server.url("/hangs.json"), message: expect.stringMatching(/timeout/) }]);
    expect(outcomes[1]?.status).toBe("fetched");
    expect(outcomes[1]?.stories).toHaveLength(2);
  });

  it("an RSS feed that is not XML is reported with the URL and line; the other feeds still load", async () => {
    server.route("/good.rss", (_req, res) => {
      res.setHeader("content-type", "application/rss+xml");
      res.end(rssFeed("Example News", ITEMS));
    });
    server.route("/broken.rss", (_req, res) => {
      res.setHeader("content-type", "application/rss+xml");
      res.end('<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<item><title>Cut off</title>\n</channel></rss>');
    });
    const [broken, good] = await fetchFeeds([server.url("/broken.rss"), server.url("/good.rss")], { stateDir });
    expect(broken?.status).toBe("failed");
    expect(broken?.errors).toHaveLength(1);
    expect(broken?.errors[0]).toMatchObject({ file: server.url("/broken.rss"), message: expect.stringMatching(/^not XML .*expected an RSS or Atom feed$/) });
    expect(broken?.errors[0]?.line).toBeGreaterThan(1);
    expect(good?.status).toBe("fetched");
    expect(good?.stories.map((s) => s.headline)).toEqual(["Putin lands in Pyongyang", "Kim greets Putin at the airport"]);
  });

  it("a body that is not a feed is reported with the URL and is not cached", async () => {
    server.route("/broken.json", (_req, res) => {
      res.setHeader("etag", '"b1"');
      res.setHeader("content-type", "application/json");
      res.end('{"version": "https://jsonfeed.org/version/1.1", "items": [ {"title": ');
    });
    const outcome = await fetchFeed(server.url("/broken.json"), { stateDir });
    expect(outcome.status).toBe("failed");
    expect(outcome.stories).toEqual([]);
    expect(outcome.errors[0]?.file).toBe(server.url("/broken.json"));
    expect(outcome.errors[0]?.message).toMatch(/not valid JSON/);
    await fetchFeed(server.url("/broken.json"), { stateDir });
    expect(server.hits("/broken.json")[1]?.headers["if-none-match"]).toBeUndefined();
  });

  it("an HTTP error names the status; a 404 is not retried", async () => {
    const outcome = await fetchFeed(server.url("/missing.json"), { stateDir, sleep: noWait });
    expect(outcome.errors).toEqual([{ file: server.url("/missing.json"), message: "could not fetch the feed: HTTP 404 Not Found" }]);
    expect(server.hits("/missing.json")).toHaveLength(1);
  });

  it("retries 5xx answers with doubling delays, then reads the feed", async () => {
    server.route("/flaky.json", (_req, res, hit) => {
      if (hit <= 2) {
        res.statusCode = 503;
        res.end("busy");
      } else {
        res.end(jsonFeed("Example News", ITEMS));
      }
    });
    const delays: number[] = [];
    const outcome = await fetchFeed(server.url("/flaky.json"), { stateDir, retries: 2, backoffMs: 100, sleep: async (ms) => void delays.push(ms) });
    expect(outcome.status).toBe("fetched");
    expect(outcome.attempts).toBe(3);
    expect(delays).toEqual([100, 200]);
    expect(outcome.stories).toHaveLength(2);
  });

  it("gives up after the retries and says how many attempts it made", async () => {
    server.route("/down.json", (_req, res) => {
      res.statusCode = 502;
      res.end();
    });
    const outcome = await fetchFeed(server.url("/down.json"), { stateDir, retries: 1, sleep: noWait });
    expect(outcome.errors[0]?.message).toBe("could not fetch the feed: HTTP 502 Bad Gateway (after 2 attempts)");
    expect(server.hits("/down.json")).toHaveLength(2);
  });

  it("a refused connection is retried and reported by its cause", async () => {
    const url = server.url("/gone.json");
    await server.close();
    const outcome = await fetchFeed(url, { stateDir, retries: 1, sleep: noWait });
    expect(outcome.status).toBe("failed");
    expect(outcome.attempts).toBe(2);
    expect(outcome.errors[0]?.message).toMatch(/ECONNREFUSED.*\(after 2 attempts\)/);
    server = await startFeedServer(); // for afterEach
  });

  it("stops reading a body past the size cap", async () => {
    const chunk = "x".repeat(1024);
    server.route("/endless.json", (_req, res) => {
      res.setHeader("content-type", "application/feed+json");
      const timer = setInterval(() => res.write(chunk), 1);
      res.on("close", () => clearInterval(timer));
    });
    const outcome = await fetchFeed(server.url("/endless.json"), { stateDir, maxBytes: 16 * 1024, timeoutMs: 5_000 });
    expect(outcome.errors[0]?.message).toBe("could not fetch the feed: larger than the 16 KB cap: stopped reading");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const hit = server.hits("/endless.json")[0];
    expect(hit?.aborted).toBe(true);
    expect(hit?.bodyBytes).toBeLessThan(1024 * 1024);
  });

  it("refuses a declared Content-Length over the cap without reading the body", async () => {
    server.route("/big.json", (_req, res) => {
      res.setHeader("content-length", String(64 * 1024));
      res.end("y".repeat(64 * 1024));
    });
    const outcome = await fetchFeed(server.url("/big.json"), { stateDir, maxBytes: 1024 });
    expect(outcome.errors[0]?.message).toMatch(/larger than the 1 KB cap/);
  });

  it("only http(s): other schemes are refused before any request", async () => {
    const outcome = await fetchFeed("ftp://news.example.com/feed.xml", { stateDir });
    expect(outcome).toMatchObject({ status: "failed", attempts: 0 });
    expect(outcome.errors[0]?.message).toMatch(/unsupported scheme "ftp:": expected an http\(s\) URL/);
  });

  it("never shows a password from the URL", async () => {
    const url = server.url("/private.json").replace("http://", "http://reader:s3cret@");
    const outcome = await fetchFeed(url, { stateDir, sleep: noWait });
    expect(outcome.errors[0]?.file).toBe(server.url("/private.json").replace("http://", "http://reader:***@"));
    expect(JSON.stringify(outcome)).not.toContain("s3cret");
  });
});

describe("the cache lives in the state folder", () => {
  it("writes one small file per feed under <state>/feeds", async () => {
    server.route("/a.json", conditionalRoute(() => ({ body: jsonFeed("A", ITEMS), etag: '"a"', lastModified: "Wed, 19 Jun 2024 01:00:00 GMT", type: "application/feed+json" })));
    server.route("/b.json", conditionalRoute(() => ({ body: jsonFeed("B", ITEMS), etag: '"b"', lastModified: "Wed, 19 Jun 2024 01:00:00 GMT", type: "application/feed+json" })));
    await fetchFeeds([server.url("/a.json"), server.url("/b.json")], { stateDir });
    expect(await readdir(join(stateDir, "feeds"))).toHaveLength(2);
  });
});

describe("credentials in a feed URL", () => {
  it("are sent as Basic authentication", async () => {
    server.route("/members.json", (req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from("reader:s3cret").toString("base64")}`) {
        res.statusCode = 401;
        res.end();
        return;
      }
      res.end(jsonFeed("Members", ITEMS));
    });
    const outcome = await fetchFeed(server.url("/members.json").replace("http://", "http://reader:s3cret@"), { stateDir });
    expect(outcome.status).toBe("fetched");
    expect(outcome.url).not.toContain("s3cret");
    expect(outcome.stories[0]?.origin.file).not.toContain("s3cret");
  });
});
