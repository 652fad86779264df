// The shipped templates with sections: headings, "More in" lists, "In this edition" as
// links, sources that may be unknown, and "Also reported by".
import { describe, expect, it } from "vitest";
import { composeDigest, type ComposeInput } from "../../src/compose/index.js";
import { defaultConfig } from "../../src/config/load.js";
import { renderEdition } from "../../src/render/index.js";
import { personalize } from "../../src/render/personalize.js";
import { analysis, article, liveBlog, topic } from "../fixtures/edition/stories.js";
import { NOW, shippedTemplates } from "../fixtures/edition/render.js";

const reader = {
  recipient: { email: "ann@example.org" },
  unsubscribeUrl: "https://example.com/unsubscribe?t=abc",
  viewInBrowserUrl: "https://example.com/editions/2024-06-19-news-digest",
};

async function render(input: ComposeInput, change: (c: ReturnType<typeof defaultConfig>) => void = () => {}) {
  const config = defaultConfig();
  config.utm.enabled = false;
  change(config);
  const digest = composeDigest(input, { config, now: NOW });
  const { edition } = await renderEdition(digest, await shippedTemplates());
  return { digest, ...personalize(edition, reader) };
}

const stories = [
  article({ id: "a", headline: "Cup final goes to penalties", url: "https://example.com/a" }),
  article({ id: "b", headline: "Second story on the final", url: "https://example.com/b" }),
  article({ id: "c", headline: "A listed story without a link", source: { name: "" } }),
  article({ id: "d", headline: "Budget passes", url: "https://example.com/d" }),
  article({ id: "e", headline: "A listed story with a script link", url: "javascript:alert(1)" }),
];
const sectioned: ComposeInput = {
  ...analysis(stories, [topic("t1", "Cup · Final", ["a", "b", "c"]), topic("t2", "Budget · Vote", ["d", "e"])]),
  sections: [
    { id: "sport", label: "Sport", labelFrom: "stories", topicIds: ["t1"] },
    { id: "politics", label: "Politics", labelFrom: "stories", topicIds: ["t2"] },
  ],
};

describe("sections in the shipped templates", () => {
  it("show a heading per section and, under each, More in <section> listing every story that did not fit", async () => {
    const { html, text, digest } = await render(sectioned, (c) => (c.limits.storiesPerTopic = 1));
    expect(html).toContain('id="section-sport"');
    expect(html).toMatch(/<h2 id="section-sport"[^>]*>Sport<\/h2>/);
    expect(html).toContain("More in Sport");
    expect(html).toContain("More in Politics");
    expect(html).toContain('<a href="https://example.com/b"');
    expect(html).toContain(">Second story on the final</a>");
    // No url, or an unsafe one: the headline as plain text, never a link.
    expect(html).toMatch(/<li[^>]*>A listed story without a link<\/li>/);
    expect(html).toMatch(/<li[^>]*>A listed story with a script link <span/);
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("did not fit");
    expect(digest.sections.map((s) => s.more.map((m) => m.id))).toEqual([["b", "c"], ["e"]]);

    expect(text).toContain("More in Sport:\n  - Second story on the final (Newsweek)\n    https://example.com/b\n  - A listed story without a link\n");
    expect(text).toMatch(/Sport\n#####/);
  });

  it("leave a lone section's heading out, and still list what did not fit", async () => {
    const { html, text } = await render(analysis(stories, [topic("t1", "Cup · Final", ["a", "b", "c"])]), (c) => (c.limits.storiesPerTopic = 1));
    expect(html).not.toMatch(/<h2 id="section-/);
    expect(html).toContain("More in Cup · Final");
    expect(text).toContain("More in Cup · Final:");
  });

  it("list In this edition one entry per item, each a link to its anchor, never joined with a separator", async () => {
    const { html, text } = await render(sectioned);
    const contents = /In this edition:<\/p>\s*<ul[^>]*>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
    const entries = [...contents.matchAll(/<li[^>]*><a[^>]*href="#([\w-]+)"[^>]*>([^<]*)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(entries).toEqual([
      ["section-sport", "Sport"],
      ["section-politics", "Politics"],
    ]);
    for (const [anchor] of entries) expect(html).toContain(`id="${anchor}"`);
    expect(contents).not.toContain("&middot;");
    expect(text).toContain("In this edition:\n  - Sport\n  - Politics\n");

    // One section: the entries are the topics, linked to their cards; their own " · " stays inside one entry.
    const one = await render(analysis(stories, [topic("t1", "Cup · Final", ["a"]), topic("t2", "Budget · Vote", ["d"])]));
    const topicEntries = [...(/In this edition:<\/p>\s*<ul[^>]*>([\s\S]*?)<\/ul>/.exec(one.html)?.[1] ?? "").matchAll(/href="#([\w-]+)"[^>]*>([^<]*)</g)].map((m) => m[2]);
    expect(topicEntries).toEqual(["Cup · Final", "Budget · Vote"]);
    expect(one.text).toContain("In this edition:\n  - Cup · Final\n  - Budget · Vote\n");
  });
});

describe("sources", () => {
  it("show nothing for an unknown source: no 'Unknown', no dangling separator", async () => {
    const nameless = [
      article({ id: "n", headline: "No outlet named", source: { name: "" }, byline: "Ann Reporter", url: "https://example.com/n" }),
      liveBlog({ id: "l", source: { name: "" } }),
    ];
    const { html, text } = await render(analysis(nameless, [topic("t", "Today", ["n", "l"])]));
    expect(html).not.toContain("Unknown");
    expect(html).toMatch(/<p class="nd-note"[^>]*>\s*Ann Reporter\s*<\/p>/);
    expect(html).not.toMatch(/nd-note[^>]*>\s*&middot;/);
    expect(text).toContain("No outlet named\nAnn Reporter\n");
  });

  it("name every outlet of a story covered by several: Also reported by BBC, Reuters", async () => {
    const covered = [
      article({ id: "a", source: { name: "Newsweek" }, alsoFrom: [{ name: "BBC" }, { name: "Reuters" }] }),
      liveBlog({ id: "l", source: { name: "Guardian" }, alsoFrom: [{ name: "BBC" }, { name: "Reuters" }] }),
    ];
    const { html, text } = await render(analysis(covered, [topic("t", "Today", ["a", "l"])]));
    expect(html.match(/Also reported by BBC, Reuters/g)).toHaveLength(2);
    expect(text.match(/Also reported by BBC, Reuters/g)).toHaveLength(2);
  });
});
