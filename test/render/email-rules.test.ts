// The email-client rules, checked on the HTML the shipped templates produce.
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/load.js";
import { emailRuleProblems, MAX_HTML_BYTES } from "../../src/render/email-rules.js";
import { renderEdition } from "../../src/render/index.js";
import { personalize } from "../../src/render/personalize.js";
import { analysis, article, liveBlog, topic } from "../fixtures/edition/stories.js";
import { composeDigest } from "../../src/compose/index.js";
import { digestOf, NOW, shippedTemplates } from "../fixtures/edition/render.js";

const reader = {
  recipient: { email: "ann@example.org", name: "Ann" },
  unsubscribeUrl: "https://example.com/unsubscribe?t=abc",
  viewInBrowserUrl: "https://example.com/editions/2024-06-19-news-digest",
};

/** Every value of `attribute` on `tag` elements in `html`. */
function attributeValues(html: string, tag: string, attribute: string): Array<string | undefined> {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, "gi"))].map(([element]) => {
    const match = new RegExp(`\\s${attribute}\\s*=\\s*"([^"]*)"`, "i").exec(element);
    return match ? match[1] : undefined;
  });
}

/** The largest edition the default limits allow, with long text everywhere. */
function fullEdition() {
  const config = defaultConfig();
  const { maxTopics, storiesPerTopic, keyPoints } = config.limits;
  const long = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
  const stories = [];
  const topics = [];
  const points: Record<string, string[]> = {};
  for (let t = 0; t < maxTopics; t++) {
    const ids: string[] = [];
    for (let s = 0; s < storiesPerTopic; s++) {
      const id = `t${t}s${s}`;
      ids.push(id);
      const common = {
        id,
        headline: `${long(16)} ${id}`,
        byline: "A Correspondent, Somewhere Far Away",
        publishedAt: "2024-06-19T08:00:00Z",
        url: `https://www.example-news.com/world/asia/${id}-${"x".repeat(60)}?ref=homepage`,
        paragraphs: [`${long(70)}.`],
        images: [{ url: `https://images.example-news.com/${id}.jpg`, alt: long(12) }],
      };
      stories.push(s === 0 ? liveBlog(common) : article(common));
      points[id] = Array.from({ length: keyPoints }, (_, k) => `${long(35)} point ${k}.`);
    }
    topics.push(topic(`t${t}`, `Topic number ${t} with a longish label`, ids));
  }
  return composeDigest(analysis(stories, topics, points), { config, now: NOW });
}

describe("email-client rules on the rendered edition", () => {
  it("stays under Gmail's 102 KB even when every limit is filled with long text", async () => {
    const digest = fullEdition();
    expect(digest.counts.stories).toBe(defaultConfig().limits.maxTopics * defaultConfig().limits.storiesPerTopic);
    const { edition } = await renderEdition(digest, await shippedTemplates());
    const bytes = Buffer.byteLength(personalize(edition, reader).html, "utf8");
    expect(bytes).toBeLessThanOrEqual(MAX_HTML_BYTES);
  });

  it("refuses HTML over the size limit", () => {
    const big = `<html lang="en"><head><meta name="color-scheme" content="light dark"></head><body>${"x".repeat(MAX_HTML_BYTES)}</body></html>`;
    expect(emailRuleProblems(big).join("\n")).toMatch(/over the 102 KB at which Gmail clips it/);
  });

  it("sets <html lang> from the config's language", async () => {
    const config = defaultConfig();
    config.language = "en-GB";
    const { edition } = await renderEdition(digestOf(undefined, config), await shippedTemplates());
    expect(attributeValues(edition.html, "html", "lang")).toEqual(["en-GB"]);
  });

  it("gives every image alt text", async () => {
    const stories = [
      article({ id: "a", headline: "Kim meets Putin", images: [{ url: "https://img.example/a.jpg", alt: "" }] }),
      article({ id: "b", images: [{ url: "https://img.example/b.jpg", alt: "Putin waves" }] }),
    ];
    const templates = { ...(await shippedTemplates()) };
    templates.theme = { ...templates.theme, logo: { url: "https://example.com/logo.png", alt: "The Paper", width: 120 } };
    const { edition } = await renderEdition(digestOf(stories), templates);
    const alts = attributeValues(edition.html, "img", "alt");
    expect(alts).toHaveLength(3);
    expect(alts).toEqual(["The Paper", "Kim meets Putin", "Putin waves"]);
  });

  it("never writes an empty, relative or script link", async () => {
    const stories = [
      article({ id: "none", headline: "No url at all" }),
      article({ id: "empty", headline: "Empty url", url: "" }),
      article({ id: "js", headline: "Script url", url: "javascript:alert(1)" }),
      liveBlog({ id: "blog", headline: "Blog without url" }),
    ];
    const { edition } = await renderEdition(digestOf(stories), await shippedTemplates());
    const html = personalize(edition, reader).html;
    const hrefs = attributeValues(html, "a", "href");
    expect(hrefs.length).toBeGreaterThan(0);
    // In-page links ("In this edition") are allowed, and each must lead to an id in the email.
    for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/|mailto:)\S+$|^#[\w-]+$/);
    for (const href of hrefs.filter((h) => h?.startsWith("#"))) expect(html).toContain(`id="${href!.slice(1)}"`);
    expect(html).not.toMatch(/href\s*=\s*(""|'')/);
    expect(html).not.toMatch(/javascript:/i);
    // Url-less stories are shown, without a link.
    expect(html).toContain("No url at all");
    expect(html).not.toContain("Read more");
    expect(html).not.toContain("Follow live");
  });

  it("has no script, form, external CSS or event handler, and declares its dark styles", async () => {
    const { edition } = await renderEdition(digestOf(), await shippedTemplates());
    const html = edition.html;
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<(form|input|button|iframe|textarea|select)\b/i);
    expect(html).not.toMatch(/<link\b[^>]*stylesheet/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).toMatch(/<meta name="color-scheme" content="light dark">/);
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)/);
    expect(emailRuleProblems(html)).toEqual([]);
  });

  it("names each broken rule in hand-written HTML", () => {
    const problems = emailRuleProblems(
      '<html><body><script>x</script><form></form><img src="a.png"><a href="">x</a><a href="javascript:x">y</a><a onclick="x" href="#top">z</a></body></html>',
    ).join("\n");
    expect(problems).toMatch(/<script> not allowed/);
    expect(problems).toMatch(/<form> not allowed/);
    expect(problems).toMatch(/onclick= handlers not allowed/);
    expect(problems).toMatch(/lang attribute/);
    expect(problems).toMatch(/color-scheme/);
    expect(problems).toMatch(/1 image\(s\) without alt text/);
    expect(problems).toMatch(/href="", href="javascript:x"/);
  });
});
