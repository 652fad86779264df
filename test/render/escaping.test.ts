// Story text is data, never template: it comes out escaped or literal, and can never
// reach a reader's personal data.
import { describe, expect, it } from "vitest";
import { renderEdition } from "../../src/render/index.js";
import { personalize } from "../../src/render/personalize.js";
import { PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN } from "../../src/render/placeholders.js";
import { article, liveBlog } from "../fixtures/edition/stories.js";
import { digestOf, shippedTemplates } from "../fixtures/edition/render.js";

const reader = {
  recipient: { email: "victim@example.org", name: "Victim", fields: { city: "Leeds" } },
  unsubscribeUrl: "https://example.com/unsubscribe?t=secret-token",
  viewInBrowserUrl: "https://example.com/editions/x",
};

async function renderStories(...stories: Parameters<typeof digestOf>[0] & object) {
  const { edition } = await renderEdition(digestOf(stories), await shippedTemplates());
  return { edition, copy: personalize(edition, reader) };
}

describe("story text is data, never template", () => {
  it("escapes <script> in headlines, ledes and key points", async () => {
    const { copy } = await renderStories(
      article({ id: "a", headline: "Evil <script>alert(1)</script>", paragraphs: ['A lede with <img src=x onerror="alert(2)"> inside it, long enough.'] }),
      liveBlog({ id: "b" }),
    );
    expect(copy.html).not.toMatch(/<script>alert/);
    expect(copy.html).toContain("Evil &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(copy.html).not.toMatch(/<img src=x/);
    expect(copy.html).toContain("&lt;img src&#x3D;x onerror&#x3D;&quot;alert(2)&quot;&gt;");
    // The plain-text part is text: it shows the characters as written.
    expect(copy.text).toContain("Evil <script>alert(1)</script>");
  });

  it("keeps {{recipient.email}} and {{#each x}} in a story literal: never evaluated, never filled", async () => {
    const { copy } = await renderStories(
      article({ id: "a", headline: "Leak {{recipient.email}} and {{{recipient.unsubscribeUrl}}}", paragraphs: ["Loop {{#each x}}{{this}}{{/each}} and {{field \"city\"}} in a paragraph long enough."] }),
    );
    for (const part of [copy.html, copy.text]) {
      expect(part).toContain("{{recipient.email}}");
      expect(part).toContain("{{#each x}}{{this}}{{/each}}");
      expect(part).toContain('{{field "city"}}'.replace(/"/g, part === copy.html ? "&quot;" : '"'));
    }
    // The reader's own data appears only where the templates put it (the footer), once each.
    expect(copy.html.split("victim@example.org")).toHaveLength(2);
    expect(copy.text.split("victim@example.org")).toHaveLength(2);
    expect(copy.html).not.toContain("Leeds");
  });

  it("drops javascript: links", async () => {
    const { copy } = await renderStories(article({ id: "a", headline: "Click me", url: "javascript:alert(document.cookie)" }));
    expect(copy.html).not.toMatch(/javascript:/i);
    expect(copy.html).toContain("Click me");
  });

  it("cannot forge a per-recipient placeholder, even by quoting one exactly", async () => {
    const forged = `${PLACEHOLDER_OPEN}recipient.email${PLACEHOLDER_CLOSE}`;
    const forgedUrl = `${PLACEHOLDER_OPEN}recipient.unsubscribeUrl${PLACEHOLDER_CLOSE}`;
    const { edition, copy } = await renderStories(
      article({ id: "a", headline: `Hello ${forged}`, byline: forgedUrl, paragraphs: [`Text ${forged} and ${PLACEHOLDER_OPEN}field:city${PLACEHOLDER_CLOSE} in a sentence long enough.`] }),
    );
    expect(copy.html.split("victim@example.org")).toHaveLength(2);
    expect(copy.text.split("victim@example.org")).toHaveLength(2);
    expect(copy.html.split("secret-token").length).toBe(edition.html.split(forgedUrl).length);
    expect(copy.html).not.toContain("Leeds");
    expect(copy.html).toContain("Hello recipient.email");
  });

  it("escapes quotes so that text cannot leave an attribute", async () => {
    const { copy } = await renderStories(
      article({ id: "a", headline: "Alt", images: [{ url: "https://img.example/a.jpg", alt: '"><script>alert(1)</script>' }] }),
    );
    expect(copy.html).toContain('alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(copy.html).not.toMatch(/<script>/);
  });
});
