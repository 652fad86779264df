// A feed URL with a password (Basic authentication) never shows or stores the password:
// not in outcomes and errors, not in the feed cache, which is written owner-only.
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { displaySource } from "../../src/config/sources.js";
import { fetchFeed } from "../../src/ingest/fetch/index.js";
import { jsonFeed, startFeedServer, type FeedServer, type Route } from "../support/feed-server.js";

let server: FeedServer;
let stateDir: string;

beforeEach(async () => {
  server = await startFeedServer();
  stateDir = await mkdtemp(join(tmpdir(), "nd-feed-auth-"));
});
afterEach(async () => {
  await server.close();
  await rm(stateDir, { recursive: true, force: true });
});

const PASSWORD = "PASS-s3cret";
const ITEMS = [{ id: "1", title: "Members' briefing", url: "https://news.test-newsroom.org/briefing", published: "2024-06-19T00:10:00Z" }];

/** Answers `body` only to reader:PASSWORD, 401 otherwise. */
function members(body: () => string): Route {
  return (req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from(`reader:${PASSWORD}`).toString("base64")}`) {
      res.statusCode = 401;
      res.end();
      return;
    }
    res.setHeader("etag", '"v1"');
    res.end(body());
  };
}

const withLogin = (path: string, password = PASSWORD): string => server.url(path).replace("http://", `http://reader:${password}@`);

describe("a feed read with a password", () => {
  it("is cached without the password, in a file only the owner can read, and served from it on a 304", async () => {
    server.route("/members.json", members(() => jsonFeed("Members", ITEMS)));
    const outcome = await fetchFeed(withLogin("/members.json"), { stateDir });
    expect(outcome.status).toBe("fetched");

    const files = await readdir(join(stateDir, "feeds"));
    expect(files).toHaveLength(1);
    const path = join(stateDir, "feeds", files[0]!);
    const stored = await readFile(path, "utf8");
    expect(stored).not.toContain(PASSWORD);
    expect(JSON.parse(stored).url).toBe(withLogin("/members.json", "***"));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);

    // The entry is still found for the same URL (the file name hashes it, password included).
    server.route("/members.json", (req, res) => {
      res.statusCode = req.headers["if-none-match"] === '"v1"' ? 304 : 500;
      res.end();
    });
    const again = await fetchFeed(withLogin("/members.json"), { stateDir });
    expect(again).toMatchObject({ status: "not-modified" });
    expect(again.stories).toHaveLength(1);
  });

  it("that fails or is empty is reported without the password", async () => {
    server.route("/members.json", members(() => jsonFeed("Members", ITEMS)));
    server.route("/empty.json", members(() => ""));
    const refused = await fetchFeed(withLogin("/members.json", "wrong-PASS"), { stateDir });
    const empty = await fetchFeed(withLogin("/empty.json"), { stateDir });
    const unreachable = await fetchFeed(`http://reader:${PASSWORD}@127.0.0.1:1/feed.xml`, { stateDir, retries: 0 });
    for (const outcome of [refused, empty, unreachable]) {
      expect(outcome.status).toBe("failed");
      expect(JSON.stringify(outcome)).not.toMatch(/PASS/);
      expect(outcome.errors[0]?.file).toMatch(/^http:\/\/reader:\*\*\*@/);
    }
  });
});

describe("displaySource", () => {
  it("hides a password, or a lone user name (often a token), and leaves the rest alone", () => {
    expect(displaySource("https://u:PASS@host/feed.xml")).toBe("https://u:***@host/feed.xml");
    expect(displaySource("https://TOKEN@host/feed.xml")).toBe("https://***@host/feed.xml");
    expect(displaySource("https://host/feed.xml?x=1")).toBe("https://host/feed.xml?x=1");
    expect(displaySource("stories/u:PASS@x.md")).toBe("stories/u:PASS@x.md");
  });
});
