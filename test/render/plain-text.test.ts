// The plain-text part: readable on its own, same order as the HTML, urls shown, 78 columns.
import { describe, expect, it } from "vitest";
import { renderEdition } from "../../src/render/index.js";
import { personalize } from "../../src/render/personalize.js";
import { TEXT_WIDTH } from "../../src/render/text-wrap.js";
import { digestOf, shippedTemplates } from "../fixtures/edition/render.js";

const reader = {
  recipient: { email: "ann@example.org" },
  unsubscribeUrl: "https://example.com/unsubscribe?t=abc",
  viewInBrowserUrl: "https://example.com/editions/2024-06-19-news-digest",
};

describe("the plain-text part", async () => {
  const digest = digestOf();
  const { edition } = await renderEdition(digest, await shippedTemplates());
  const copy = personalize(edition, reader);
  const lines = copy.text.split("\n");

  it("wraps at 78 columns; only a url may run longer, alone on its line", () => {
    for (const line of lines) {
      if (line.length > TEXT_WIDTH) expect(line).toMatch(/^\s*(?:[\w ]+: )?https?:\/\/\S+$/);
    }
    expect(lines.some((line) => line.length > 60)).toBe(true);
  });

  it("has the title, the date, then the topics and stories in the HTML's order", () => {
    expect(lines[0]).toBe("News Digest");
    expect(lines[1]).toBe("Wednesday 19 June 2024");
    // Topic labels in the HTML are the cards' <h2>s (the masthead lists them too).
    const textOrder = digest.topics.flatMap((t) => [`${t.label}\n===`, ...t.stories.map((s) => s.headline)]).map((h) => copy.text.indexOf(h));
    // After <body>'s first tag: the subject, now the lead headline, is also the HTML's
    // <title> and the aria-label of MJML's wrapper <div>.
    const body = copy.html.indexOf(">", copy.html.indexOf("<div", copy.html.indexOf("<body")));
    const htmlOrder = digest.topics
      .flatMap((t) => [`>${t.label}</h2>`, ...t.stories.map((s) => s.headline.replace(/'/g, "&#x27;"))])
      .map((h) => copy.html.indexOf(h, body));
    for (const at of [...textOrder, ...htmlOrder]) expect(at).toBeGreaterThan(-1);
    expect([...textOrder].sort((a, b) => a - b)).toEqual(textOrder);
    expect([...htmlOrder].sort((a, b) => a - b)).toEqual(htmlOrder);
  });

  it("writes every story link out in full, and the reader's own links", () => {
    for (const story of digest.topics.flatMap((t) => t.stories)) {
      expect(copy.text).toContain(story.url!);
    }
    expect(copy.text).toContain("Unsubscribe: https://example.com/unsubscribe?t=abc");
    expect(copy.text).toContain("View in your browser: https://example.com/editions/2024-06-19-news-digest");
    expect(copy.text).toContain("This copy was sent to ann@example.org.");
  });

  it("lists a live blog's key points as an indented list, recent ones with how long ago", () => {
    // The fixture's posts are at 08:15 and 07:40 London time on 19 June; the edition's now is 10:00 UTC.
    expect(copy.text).toMatch(/What we know so far:\n {2}- Putin landed in Pyongyang overnight\. \(2 hours ago\)\n {2}- Kim met him on the tarmac\. \(3 hours ago\)/);
  });

  it("holds no HTML, no placeholders and no template syntax", () => {
    expect(copy.text).not.toMatch(/<[a-z][^>]*>|&amp;|&#x|\{\{|[\ue000-\uf8ff\u0000-\u0008]/);
  });
});
