// Sections in a real browser (Debian's Chromium through playwright-core): headings show,
// "In this edition" jumps to them, "More in" links are there and clickable, and a
// sectioned email does not scroll sideways at 375 px.
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, launchChromium } from "../../src/app/shots/screenshots.js";
import { composeDigest } from "../../src/compose/index.js";
import { defaultConfig } from "../../src/config/load.js";
import { renderEdition } from "../../src/render/index.js";
import { personalize } from "../../src/render/personalize.js";
import { analysis, article, topic } from "../fixtures/edition/stories.js";
import { NOW, shippedTemplates } from "../fixtures/edition/render.js";

const hasChromium = existsSync(CHROMIUM_PATH);
const title = hasChromium ? "sections in Chromium" : `sections in Chromium (SKIPPED: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium)`;

describe.skipIf(!hasChromium)(title, () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    browser = await launchChromium();
    const ids = Array.from({ length: 9 }, (_, i) => `s${i}`);
    const stories = ids.map((id, i) =>
      article({
        id,
        headline: i === 4 ? "Listed with a long word: Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" : `Story ${i} of a busy day`,
        url: `https://news.example.org/${id}/${"z".repeat(120)}`,
      }),
    );
    const config = defaultConfig();
    config.limits.storiesPerTopic = 2;
    const digest = composeDigest(
      {
        ...analysis(stories, [topic("t1", "Cup · Final", ids.slice(0, 5)), topic("t2", "Budget · Vote", ids.slice(5))]),
        sections: [
          { id: "sport", label: "Sport", labelFrom: "stories", topicIds: ["t1"] },
          { id: "politics", label: "Politics", labelFrom: "stories", topicIds: ["t2"] },
        ],
      },
      { config, now: NOW },
    );
    const { edition } = await renderEdition(digest, await shippedTemplates());
    html = personalize(edition, {
      recipient: { email: "reader@example.org" },
      unsubscribeUrl: "https://example.com/unsubscribe",
      viewInBrowserUrl: "https://example.com/editions/x",
    }).html;
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return page;
  }

  it("shows each section's heading, and In this edition jumps to it", async () => {
    const page = await open(800);
    for (const name of ["Sport", "Politics"]) await page.getByRole("heading", { name, exact: true }).waitFor({ state: "visible" });
    expect(await page.evaluate("window.scrollY")).toBe(0);
    await page.locator('.nd-contents a[href="#section-politics"]').click();
    // Scrolled down to the heading (as far as the page goes: it may sit lower when the page ends).
    expect(await page.evaluate("window.scrollY")).toBeGreaterThan(0);
    const top = (await page.evaluate('document.getElementById("section-politics").getBoundingClientRect().top')) as number;
    expect(top).toBeGreaterThanOrEqual(-1);
    expect(top).toBeLessThan(900 / 2);
    await page.close();
  });

  it("lists every story that did not fit under More in, each a visible link that takes the click", async () => {
    const page = await open(375);
    const links = page.locator(".nd-more a");
    expect(await links.count()).toBe(5); // Sport: 3 of 5 did not fit; Politics: 2 of 4
    expect(await page.getByText("More in Sport").isVisible()).toBe(true);
    expect(await page.getByText("More in Politics").isVisible()).toBe(true);
    for (let i = 0; i < 5; i++) {
      const link = links.nth(i);
      await link.scrollIntoViewIfNeeded();
      expect(await link.getAttribute("href")).toMatch(/^https:\/\/news\.example\.org\//);
      // Clickable: nothing covers the link where a finger would tap it.
      const box = (await link.boundingBox())!;
      expect(box.width).toBeGreaterThan(0);
      const hit = await page.evaluate(
        `(() => { const el = document.elementFromPoint(${box.x + Math.min(box.width, 20) / 2}, ${box.y + box.height / 2}); return el ? el.closest("a")?.getAttribute("href") ?? null : null; })()`,
      );
      expect(hit).toBe(await link.getAttribute("href"));
    }
    // And a click leaves for the story (the test browser blocks the request itself).
    const request = page.waitForRequest((r) => r.url().startsWith("https://news.example.org/"));
    await links.first().click();
    expect((await request).url()).toContain("news.example.org");
    await page.close();
  });

  it("at 375 px wide, with sections and More lists, the page does not scroll sideways", async () => {
    const page = await open(375);
    const { scrollWidth, viewport } = (await page.evaluate("({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth })")) as {
      scrollWidth: number;
      viewport: number;
    };
    expect(scrollWidth).toBeLessThanOrEqual(viewport);
    await page.close();
  });
});
