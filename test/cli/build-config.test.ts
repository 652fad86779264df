// The config file `build` reads: defaults with no file, clear errors for mistakes.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIG_FILE, defaultConfig, loadConfig, parseConfig } from "../../src/config/load.js";
import { tempDir } from "../support/temp.js";

function problems(text: string): string[] {
  try {
    parseConfig(text, "news-digest.config.json");
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe("config", () => {
  it("works with no file at all", async () => {
    const dir = await tempDir("nd-config-");
    const { config, file } = await loadConfig(undefined, dir);
    expect(file).toBeNull();
    // The defaults, with the send state folder in the working directory, as an absolute path.
    expect(config).toEqual({ ...defaultConfig(), send: { ...defaultConfig().send, stateDir: join(dir, ".send-state") } });
    expect(config).toMatchObject({ title: "News Digest", slug: "news-digest", timeZone: "UTC", language: "en", replyTo: null });
    expect(config.limits).toEqual({ maxTopics: 6, storiesPerTopic: 3, keyPoints: 7 });
  });

  it("reads news-digest.config.json from the directory and fills what it leaves out", async () => {
    const dir = await tempDir("nd-config-");
    await writeFile(join(dir, DEFAULT_CONFIG_FILE), JSON.stringify({ title: "Morning Brief", limits: { maxTopics: 3 }, theme: { colors: { accent: "#0a5c36" } } }));
    const { config, file } = await loadConfig(undefined, dir);
    expect(file).toBe(DEFAULT_CONFIG_FILE);
    expect(config.title).toBe("Morning Brief");
    expect(config.limits).toEqual({ maxTopics: 3, storiesPerTopic: 3, keyPoints: 7 });
    expect(config.theme).toEqual({ colors: { accent: "#0a5c36" } });
  });

  it("names the file, line and key of an unknown key, with a suggestion", () => {
    const text = '{\n  "title": "X",\n  "limits": {\n    "maxTopic": 3\n  }\n}\n';
    expect(problems(text)).toEqual([
      'news-digest.config.json:4: "limits.maxTopic": unknown key; did you mean "maxTopics"? (known keys here: maxTopics, storiesPerTopic, keyPoints)',
    ]);
  });

  it("names a mistyped value and what was expected, and lists every problem at once", () => {
    const text = JSON.stringify(
      { timeZone: "Mars/Olympus", limits: { storiesPerTopic: "ten" }, links: { site: "ftp://x" }, from: "not an address", theme: { colors: { text: "black" } } },
      null,
      2,
    );
    const found = problems(text);
    expect(found).toHaveLength(5);
    expect(found).toContain('news-digest.config.json:2: "timeZone": expected an IANA time zone such as "Europe/London", got "Mars/Olympus"');
    expect(found).toContain('news-digest.config.json:4: "limits.storiesPerTopic": expected a whole number from 1 to 20, got "ten"');
    expect(found.some((p) => p.includes('"links.site": expected an http(s) url, got "ftp://x"'))).toBe(true);
    expect(found.some((p) => p.includes('"from": expected an address such as'))).toBe(true);
    expect(found.some((p) => p.includes('"theme.colors.text": expected a hex colour'))).toBe(true);
  });

  it("reports broken JSON with its line and column", () => {
    const [problem] = problems('{\n  "title": "X",\n  "slug": \n}');
    expect(problem).toMatch(/^news-digest\.config\.json:4:1: not valid JSON/);
  });

  it("locates other syntax errors too", () => {
    expect(problems('{\n  "a": 1,\n}')[0]).toMatch(/^news-digest\.config\.json:3:1: /);
    expect(problems('{\n  "a" 1\n}')[0]).toMatch(/^news-digest\.config\.json:2:7: /);
    expect(problems('{\n  "title": "unterminated\n}')[0]).toMatch(/^news-digest\.config\.json:2:/);
    expect(problems('{"a": tru}')[0]).toMatch(/^news-digest\.config\.json:1:10: /);
  });

  it("names the line of the list item at fault, not the list's", () => {
    const text = '{\n  "sources": [\n    "stories/",\n    "https://feeds.example.com/world.rss",\n    "ftp://feeds.example.com/uk.rss"\n  ]\n}\n';
    const [problem, ...rest] = problems(text);
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^news-digest\.config\.json:5: "sources\.2": /);
  });

  it("refuses comments and trailing commas, naming line and column", () => {
    expect(problems('{\n  "title": "X",\n  // the list\n  "slug": "x"\n}')).toEqual(["news-digest.config.json:3:3: not valid JSON (comments are not allowed in JSON)"]);
    expect(problems('{\n  "title": "X",\n}')).toEqual(['news-digest.config.json:3:1: not valid JSON (trailing comma before "}": JSON allows none)']);
  });

  it("refuses a top level that is not an object, and ignores $comment notes", () => {
    expect(problems("[]")).toEqual(["news-digest.config.json: expected an object, got a list"]);
    expect(problems('{"$schema": "x", "$comment": "notes", "limits": {"$comment": "fine"}}')).toEqual([]);
  });

  it("fails clearly when a named file is missing", async () => {
    await expect(loadConfig("/nonexistent/dir/conf.json")).rejects.toThrow("/nonexistent/dir/conf.json: cannot read the config file (ENOENT)");
  });

  it("asks a logo set in the config for its url and alt text", () => {
    expect(problems('{"theme": {"logo": {"width": 100}}}')).toEqual([
      'news-digest.config.json:1: "theme.logo.url": expected the logo\'s http(s) url',
      'news-digest.config.json:1: "theme.logo.alt": expected alt text for the logo (every image needs it)',
    ]);
    expect(problems('{"theme": {"logo": {"url": "https://example.com/l.png", "alt": "The Paper"}}}')).toEqual([]);
  });

  it("validates slug, language and replyTo", () => {
    const found = problems('{"slug": "Morning Brief", "language": "english!", "replyTo": "x@"}');
    expect(found).toHaveLength(3);
    expect(problems('{"replyTo": null, "language": "en-GB", "slug": "morning-brief"}')).toEqual([]);
  });
});

describe("paths in the config", () => {
  it("are read from the config file's folder, whatever the working directory", async () => {
    const dir = await tempDir("nd-config-");
    const file = join(dir, "news-digest.config.json");
    await writeFile(file, JSON.stringify({ send: { stateDir: "state", lists: { uk: "lists/uk.csv" }, dkim: { privateKeyFile: "keys/dkim.pem" } } }));
    const elsewhere = await tempDir("nd-cwd-");
    const { config } = await loadConfig(file, elsewhere);
    expect(config.send.stateDir).toBe(join(dir, "state"));
    expect(config.send.lists).toEqual({ uk: join(dir, "lists", "uk.csv") });
    expect(config.send.dkim.privateKeyFile).toBe(join(dir, "keys", "dkim.pem"));
  });
});
