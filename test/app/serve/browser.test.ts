// serve as a reader meets it, in real headless Chromium (Debian's, through playwright-core):
// the unsubscribe page's button records the unsubscribe and the page confirms it;
// resubscribe lifts it; the archive lists both recorded editions; a web copy opened from
// it names none of the readers; the feed the archive links to parses as Atom.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH } from "../../../src/app/shots/screenshots.js";
import type { WebCopy } from "../../../src/app/archive/index.js";
import { startServe, type RunningServe } from "../../../src/app/serve/index.js";
import { openSuppressions } from "../../../src/deliver/suppressions/index.js";
import { listIdentityFrom, type Config } from "../../../src/config/index.js";
import type { BuiltEdition } from "../../../src/pipeline.js";
import { TOKEN_KEY } from "../../support/edition.js";
import { tempDir } from "../../support/temp.js";
import { buildSeedEdition, newsroomConfig, parseAtom, recordTwoEditions } from "../archive/support.js";
import { atServe, listUnsubscribeUrl, readerEmail } from "./support.js";

type Browser = import("playwright-core").Browser;
type Page = import("playwright-core").Page;

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) console.warn(`serve browser tests skipped: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!hasChromium)("serve in a real browser", () => {
  let config: Config;
  let built: BuiltEdition;
  let copies: [WebCopy, WebCopy];
  let serve: RunningServe;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    config = newsroomConfig(await tempDir("nd-serve-browser-"));
    built = await buildSeedEdition(config);
    copies = await recordTwoEditions(built, config);
    serve = await startServe({ config, tokenKey: TOKEN_KEY, port: 0 });
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    page = await browser.newPage();
    // Offline: the web copies' remote images go nowhere.
    await page.context().route((url) => url.hostname !== "127.0.0.1", (route) => route.abort());
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.close();
  });

  async function storedReason(email: string): Promise<string | undefined> {
    const store = await openSuppressions(config.send.stateDir, listIdentityFrom(config).listId);
    const record = (await store.list()).find((r) => r.address === email);
    await store.close();
    return record?.reason;
  }

  it("unsubscribes with the page's one button, confirms, and resubscribes", async () => {
    const email = readerEmail(1);
    await page.goto(atServe(serve.url, await listUnsubscribeUrl(built, config, email)));
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Unsubscribe");
    expect(await page.locator("main").textContent()).toContain(`Stop sending Morning Brief to ${email}?`);
    expect(await storedReason(email)).toBeUndefined(); // opening the page changed nothing

    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.getByRole("heading", { name: "You are unsubscribed" }).waitFor();
    expect(await page.getByRole("status").textContent()).toBe(`${email} will receive no more editions of Morning Brief.`);
    expect(await storedReason(email)).toBe("unsubscribed");

    await page.getByRole("button", { name: "Resubscribe" }).click();
    await page.getByRole("heading", { name: "You are subscribed again" }).waitFor();
    expect(await storedReason(email)).toBeUndefined();
  });

  it("lists both recorded editions in the archive, and a web copy names none of the readers", async () => {
    await page.goto(`${serve.url}/editions/`);
    const links = page.locator("main ol li a");
    expect(await links.count()).toBe(2);
    expect(await links.allTextContents()).toEqual([copies[1].subject, copies[0].subject]);
    expect(await page.locator("main ol li time").allTextContents()).toEqual(["Friday 21 June 2024", "Thursday 20 June 2024"]);

    await links.nth(1).click();
    await page.waitForURL(`${serve.url}/editions/${copies[0].editionId}`);
    const html = await page.content();
    const text = await page.locator("body").innerText();
    expect(text).toMatch(/manage your subscription/i);
    for (const address of [readerEmail(1), config.preview.recipient.email]) {
      expect(html).not.toContain(address);
      expect(text).not.toContain(address);
    }
    expect(html).not.toContain("token=");
  });

  it("links the feed from the archive, and the feed parses as Atom with both editions", async () => {
    await page.goto(`${serve.url}/editions/`);
    const href = await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute("href");
    expect(href).toBe("/editions/feed.xml");
    const response = await page.goto(`${serve.url}${href}`);
    const { feed } = parseAtom(await response!.text());
    expect(feed.entry).toHaveLength(2);
    for (const entry of feed.entry) {
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(["id", "title", "updated", "link", "summary"]));
      expect(entry.link[0]["@rel"]).toBe("alternate");
    }
  });
});
