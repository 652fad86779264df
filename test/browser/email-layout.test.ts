// How the email looks in a real browser: Debian's Chromium through playwright-core.
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, launchChromium } from "../../src/app/shots/screenshots.js";
import { contrastRatio } from "../../src/text/contrast.js";
import { renderEdition } from "../../src/render/index.js";
import { personalize } from "../../src/render/personalize.js";
import { article } from "../fixtures/edition/stories.js";
import { digestOf, shippedTemplates } from "../fixtures/edition/render.js";

const hasChromium = existsSync(CHROMIUM_PATH);
const title = hasChromium ? "the email in Chromium" : `the email in Chromium (SKIPPED: no Chromium at ${CHROMIUM_PATH}; apt-get install chromium)`;

interface TextSample {
  text: string;
  fontSize: number;
  color: string;
  background: string;
}

/**
 * Every visible element that holds text of its own, with its size and colours.
 * Browser-side code, kept as a string: the tests are type-checked without DOM types.
 */
const TEXT_SAMPLES = `(() => {
  const opaque = (c) => c !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(c);
  const samples = [];
  for (const el of Array.from(document.body.querySelectorAll("*"))) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent || "").trim() !== "");
    if (!own || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.opacity === "0" || style.display === "none") continue;
    let background = "rgb(255, 255, 255)";
    for (let node = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (opaque(bg)) { background = bg; break; }
    }
    samples.push({ text: (el.textContent || "").trim().slice(0, 40), fontSize: parseFloat(style.fontSize), color: style.color, background });
  }
  return samples;
})()`;

function textSamples(page: Page): Promise<TextSample[]> {
  return page.evaluate(TEXT_SAMPLES) as Promise<TextSample[]>;
}

function hex(rgb: string): string {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return "#" + [r, g, b].map((n) => Math.round(n ?? 0).toString(16).padStart(2, "0")).join("");
}

describe.skipIf(!hasChromium)(title, () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    browser = await launchChromium();
    const stories = [
      article({ id: "long", headline: "A headline with a very long word: Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch and more", url: "https://example.com/" + "x".repeat(150) }),
    ];
    const digest = digestOf();
    const extra = digestOf(stories);
    digest.topics.push(...extra.topics);
    // Two sections, as the analysis names them: the second with a "More in" list of long entries.
    digest.sections.push({
      ...extra.sections[0]!,
      id: "elsewhere",
      label: "Elsewhere",
      anchor: "section-elsewhere",
      more: [
        { id: "m1", headline: "Listed: Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch again", url: "https://example.com/" + "y".repeat(150), source: "Reuters" },
        { id: "m2", headline: "Listed without a link", url: null, source: "" },
      ],
    });
    digest.sectioned = true;
    const { edition } = await renderEdition(digest, await shippedTemplates());
    html = personalize(edition, {
      recipient: { email: "a.very.long.address.for.testing.wrapping@subdomain.example.org" },
      unsubscribeUrl: "https://example.com/unsubscribe",
      viewInBrowserUrl: "https://example.com/editions/x",
    }).html;
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number, colorScheme: "light" | "dark" = "light"): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return page;
  }

  it("at 375 px wide, the page does not scroll sideways", async () => {
    const page = await open(375);
    const { scrollWidth, viewport } = (await page.evaluate("({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth })")) as {
      scrollWidth: number;
      viewport: number;
    };
    expect(viewport).toBe(375);
    expect(scrollWidth).toBeLessThanOrEqual(viewport);
    await page.close();
  });

  it("at 375 px wide, all visible text is at least 14 px", async () => {
    const page = await open(375);
    const samples = await textSamples(page);
    expect(samples.length).toBeGreaterThan(20);
    const small = samples.filter((s) => s.fontSize < 14);
    expect(small).toEqual([]);
    await page.close();
  });

  it("at 800 px wide, the content column is 600 to 680 px wide", async () => {
    const page = await open(800);
    const widths = (await page.evaluate('Array.from(document.querySelectorAll(".nd-card"), (c) => c.getBoundingClientRect().width)')) as number[];
    expect(widths.length).toBeGreaterThan(0);
    for (const width of widths) {
      expect(width).toBeGreaterThanOrEqual(600);
      expect(width).toBeLessThanOrEqual(680);
    }
    await page.close();
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`in ${scheme} mode, every piece of text reaches 4.5:1 contrast on what is behind it`, async () => {
      const page = await open(800, scheme);
      const samples = await textSamples(page);
      const pageBackground = (await page.evaluate('getComputedStyle(document.querySelector(".nd-card")).backgroundColor')) as string;
      expect(scheme === "dark" ? hex(pageBackground) : "").toBe(scheme === "dark" ? "#1e1e1e" : "");
      const poor = samples
        .map((s) => ({ ...s, ratio: contrastRatio(hex(s.color), hex(s.background)) }))
        .filter((s) => s.ratio < 4.5);
      expect(poor).toEqual([]);
      await page.close();
    });
  }
});
