/**
 * Screenshots of an edition's HTML in a real browser (Debian's Chromium through
 * playwright-core): how the email looks on a phone and on a desktop, for editors
 * to check a template change at a glance. playwright-core is a development
 * dependency, loaded only here.
 */
import { existsSync } from "node:fs";
import { rename } from "node:fs/promises";
import { join } from "node:path";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a quiet, offline, headless run as root in a container. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The two widths editors check: a small phone and a desktop client's reading pane. */
export const SHOT_WIDTHS = [375, 800] as const;

export interface Shot {
  width: number;
  file: string;
}

type Browser = import("playwright-core").Browser;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  let playwright: typeof import("playwright-core");
  try {
    playwright = await import("playwright-core");
  } catch {
    throw new Error("screenshots need playwright-core (a development dependency): run npm install");
  }
  return playwright.chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Writes `<dir>/shot-375.png` and `<dir>/shot-800.png` (full page) of `html`.
 * Network requests are blocked: an email must not depend on anything it cannot carry.
 */
export async function screenshotEdition(html: string, dir: string, options: { dark?: boolean } = {}): Promise<Shot[]> {
  const browser = await launchChromium();
  try {
    const shots: Shot[] = [];
    for (const width of SHOT_WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: options.dark ? "dark" : "light" });
      await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
      await page.setContent(html, { waitUntil: "load" });
      const file = join(dir, `shot-${width}${options.dark ? "-dark" : ""}.png`);
      const temporary = `${file}.tmp-${process.pid}.png`;
      await page.screenshot({ path: temporary, fullPage: true });
      await rename(temporary, file);
      shots.push({ width, file });
      await page.close();
    }
    return shots;
  } finally {
    await browser.close();
  }
}
