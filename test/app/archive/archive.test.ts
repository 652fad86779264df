// The web archive on a real edition: its web copy names no reader, the store keeps what
// first went out and lists newest first, the feed is Atom, and the static export holds
// every page. Subjects are untrusted: every page and the feed escape them.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { archiveSiteFrom, atomFeed, exportArchive, listArchive, readWebCopy, recordWebCopy, webCopyOf, type WebCopy } from "../../../src/app/archive/index.js";
import type { Config } from "../../../src/config/index.js";
import type { BuiltEdition } from "../../../src/pipeline.js";
import { tempDir } from "../../support/temp.js";
import { buildSeedEdition, newsroomConfig, NOW, parseAtom, recordTwoEditions } from "./support.js";

let config: Config;
let built: BuiltEdition;
let copies: [WebCopy, WebCopy];

beforeAll(async () => {
  config = newsroomConfig(await tempDir("nd-archive-"));
  built = await buildSeedEdition(config);
  copies = await recordTwoEditions(built, config);
});

describe("a web copy", () => {
  it("is the edition without its reader: no address, no name, no personal unsubscribe link", async () => {
    const sample = built.sample.message;
    const reader = config.preview.recipient;
    expect(sample.html).toContain(reader.email); // the email copy does name its reader...
    expect(sample.html).toContain("token=");
    const [copy] = copies;
    for (const part of [copy.html, copy.text]) {
      expect(part).not.toContain(reader.email); // ...the web copy does not
      expect(part).not.toContain(reader.name);
      expect(part).not.toContain("token=");
      expect(part).not.toMatch(/[\ue000\ue001]/); // no placeholder left unfilled
      expect(part).toMatch(/manage your subscription/i);
    }
    expect(copy.html).toContain(built.render.edition.subject.replace(/&/g, "&amp;").slice(0, 20));
    expect(copy.html).toContain(`href="${config.links.viewInBrowserBase}${copy.editionId}"`);
    expect(copy).toMatchObject({ editionId: built.digest.edition.id, newsletter: "Morning Brief", date: "2024-06-20", sentAt: NOW.toISOString() });
  });

  it("is kept as it first went out: recording the edition again changes nothing", async () => {
    const again = await webCopyOf({ digest: { ...built.digest, subject: "Changed later" }, templates: built.templates, config, sentAt: new Date() });
    expect(await recordWebCopy(config.send.stateDir, again)).toEqual(copies[0]);
    expect((await readWebCopy(config.send.stateDir, copies[0].editionId))?.subject).toBe(copies[0].subject);
  });

  it("is found by edition id only: a path or a damaged file is no web copy", async () => {
    const stateDir = config.send.stateDir;
    expect(await readWebCopy(stateDir, "../archive/" + copies[0].editionId)).toBeNull();
    expect(await readWebCopy(stateDir, "2030-01-01-none")).toBeNull();
    await expect(recordWebCopy(stateDir, { ...copies[0], editionId: "../escape" })).rejects.toThrow(/not an edition id/);
    await writeFile(join(stateDir, "archive", "2001-01-01-damaged.json"), '{"editionId": "2001-01-01-dam');
    expect(await readWebCopy(stateDir, "2001-01-01-damaged")).toBeNull();
    expect((await listArchive(stateDir)).map((entry) => entry.editionId)).toEqual([copies[1].editionId, copies[0].editionId]);
    // Written whole and renamed into place: no temporary file is left behind.
    expect((await readdir(join(stateDir, "archive"))).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("the archive's feed", () => {
  it("is Atom (RFC 4287): feed id, title, updated, author, self and alternate links, and one entry per edition", async () => {
    const site = archiveSiteFrom(config);
    const xml = atomFeed(await listArchive(config.send.stateDir), site, NOW);
    const { feed } = parseAtom(xml);
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toBe("https://news.test-newsroom.org/editions/");
    expect(feed.title).toBe("Morning Brief");
    expect(feed.updated).toBe(copies[1].sentAt);
    expect(feed.author.name).toBe("Morning Brief");
    expect(feed.link.map((l: any) => [l["@rel"], l["@href"]])).toEqual([
      ["self", "https://news.test-newsroom.org/editions/feed.xml"],
      ["alternate", "https://news.test-newsroom.org/editions/"],
    ]);
    expect(feed.entry).toHaveLength(2);
    const [newest, oldest] = feed.entry;
    expect(newest.title).toBe(copies[1].subject); // escaped in the XML, whole again once parsed
    expect(newest.summary).toBe('Second <edition> & "summary"');
    for (const [entry, copy] of [[newest, copies[1]], [oldest, copies[0]]] as const) {
      const url = `https://news.test-newsroom.org/editions/${copy.editionId}`;
      expect(entry.id).toBe(url);
      expect(entry.updated).toBe(copy.sentAt);
      expect(entry.link).toEqual([{ "@rel": "alternate", "@type": "text/html", "@href": url }]);
    }
    expect(xml).not.toContain("<b>");
  });

  it("dates a feed with no edition yet by the clock", async () => {
    const { feed } = parseAtom(atomFeed([], archiveSiteFrom(config), NOW));
    expect(feed.updated).toBe(NOW.toISOString());
    expect(feed.entry).toBeUndefined();
  });
});

describe("the static export", () => {
  it("writes the index, each web copy at <edition-id>/index.html, and the feed", async () => {
    const out = join(await tempDir("nd-archive-out-"), "site");
    const exported = await exportArchive(config.send.stateDir, out, archiveSiteFrom(config), NOW);
    expect(exported.editions).toEqual([copies[1].editionId, copies[0].editionId]);
    expect((await readdir(out)).sort()).toEqual([copies[0].editionId, copies[1].editionId, "feed.xml", "index.html"].sort());
    expect(await readFile(join(out, copies[0].editionId, "index.html"), "utf8")).toBe(copies[0].html);
    const index = await readFile(join(out, "index.html"), "utf8");
    expect(index.indexOf(copies[1].editionId)).toBeLessThan(index.indexOf(copies[0].editionId));
    expect(index).toContain(`<a href="/editions/${copies[0].editionId}">`);
    expect(index).toContain("Day two &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more");
    expect(index).not.toContain("<b>");
    expect(parseAtom(await readFile(join(out, "feed.xml"), "utf8")).feed.entry).toHaveLength(2);
  });
});
