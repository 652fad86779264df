// The sample message.eml that `build` writes is the message a sent copy is: the same
// composer (reader-message.ts, with the config's list identity), so the same headers.
// Checked against a copy actually sent by a list run to a real SMTP server, read back
// with postal-mime.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import PostalMime, { type Email } from "postal-mime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildCommand } from "../../src/cli/build.js";
import { loadConfig } from "../../src/config/load.js";
import { newsletterFromConfig, openListRun } from "../../src/deliver/send/newsletter.js";
import { listIdentityFrom } from "../../src/config/send.js";
import { verifyUnsubscribeToken } from "../../src/links/token.js";
import type { RenderedEdition } from "../../src/model.js";
import { startSmtpServer } from "../support/smtp-server.js";
import { tempDir } from "../support/temp.js";
import { runCommand } from "../support/cli.js";

const FIXED = ["--date", "2024-06-20", "--now", "2024-06-20T07:00:00Z"];
const KEY = "build-message-test-key-0123456789";

afterEach(() => void vi.unstubAllEnvs());

const build = (args: string[]) => runCommand(buildCommand, args);

async function writeConfig(dir: string): Promise<string> {
  const file = join(dir, "config.json");
  await writeFile(
    file,
    JSON.stringify({
      title: "Morning Brief",
      slug: "morning-brief",
      from: "Morning Brief <brief@news.test-newsroom.org>",
      replyTo: "desk@news.test-newsroom.org",
      links: { site: "https://news.test-newsroom.org/", unsubscribeBase: "https://news.test-newsroom.org/unsubscribe", viewInBrowserBase: "https://news.test-newsroom.org/editions/" },
      preview: { recipient: { email: "ann@example.org", name: "Ann Reader" } },
      send: { stateDir: join(dir, "state"), listId: "morning.news.test-newsroom.org" },
    }),
  );
  return file;
}

const header = (mail: Email, key: string): string[] => mail.headers.filter((h) => h.key === key).map((h) => h.value);
/** Header names, minus those that differ between any two messages (date, MIME boundary). */
const headerNames = (mail: Email): string[] =>
  [...new Set(mail.headers.map((h) => h.key))].filter((k) => k !== "date" && k !== "content-type").sort();

describe("message.eml from `build`", () => {
  it("matches a sent copy for the same reader header for header, with a signed unsubscribe link when the key is set", async () => {
    vi.stubEnv("NEWS_DIGEST_TOKEN_KEY", KEY);
    const dir = await tempDir("nd-build-eml-");
    const configFile = await writeConfig(dir);
    const out = join(dir, "out");
    const result = await build(["--config", configFile, "--out", out, ...FIXED]);
    expect(result.code, result.stderr).toBe(0);
    const editionDir = join(out, "2024-06-20-morning-brief");
    const sample = await PostalMime.parse(await readFile(join(editionDir, "message.eml")));

    // The same edition, sent by a list run to a list holding the sample reader.
    const smtp = await startSmtpServer();
    try {
      const { config } = await loadConfig(configFile);
      const list = join(dir, "list.csv");
      await writeFile(list, "email,name\nann@example.org,Ann Reader\n");
      const edition = JSON.parse(await readFile(join(editionDir, "edition.json"), "utf8")) as RenderedEdition;
      const newsletter = await newsletterFromConfig(config, { smtp: smtp.url, env: { NEWS_DIGEST_TOKEN_KEY: KEY } });
      const report = await (await openListRun(newsletter, { name: "list.csv", path: list }, edition)).execute();
      expect(report).toMatchObject({ outcome: "sent", sent: 1 });
    } finally {
      await smtp.close();
    }
    const sent = await PostalMime.parse(smtp.received[0]!.raw);

    expect(headerNames(sample)).toEqual(headerNames(sent));
    for (const key of headerNames(sent)) expect(header(sample, key), key).toEqual(header(sent, key));
    expect(header(sample, "list-id")).toEqual(['"Morning Brief" <morning.news.test-newsroom.org>']);
    expect(header(sample, "list-unsubscribe-post")).toEqual(["List-Unsubscribe=One-Click"]);
    expect(sample.messageId).toMatch(/^<2024-06-20-morning-brief\.[0-9a-f]{24}@news\.test-newsroom\.org>$/);
    expect(sample.html).toBe(sent.html);
    expect(sample.text).toBe(sent.text);
    expect(sample.date).toBe("2024-06-20T07:00:00.000Z");

    // The link is a real one: it verifies with the key and names the reader and the list.
    const https = /<(https:[^>]+)>/.exec(header(sample, "list-unsubscribe")[0]!)![1]!;
    const token = new URL(https).searchParams.get("token")!;
    const { config } = await loadConfig(configFile);
    expect(verifyUnsubscribeToken(KEY, token)).toEqual({ listId: listIdentityFrom(config).listId, email: "ann@example.org" });
    expect(await readFile(join(editionDir, "index.html"), "utf8")).toContain(https.replace(/&/g, "&amp;"));
  });

  it("needs no key: without one the link is a placeholder, in the same headers", async () => {
    vi.stubEnv("NEWS_DIGEST_TOKEN_KEY", "");
    const dir = await tempDir("nd-build-eml-");
    const out = join(dir, "out");
    const result = await build(["--config", await writeConfig(dir), "--out", out, ...FIXED]);
    expect(result.code, result.stderr).toBe(0);
    const sample = await PostalMime.parse(await readFile(join(out, "2024-06-20-morning-brief", "message.eml")));
    expect(header(sample, "list-unsubscribe")).toEqual([
      "<https://news.test-newsroom.org/unsubscribe?preview=2024-06-20-morning-brief>, " +
        "<mailto:unsubscribe@news.test-newsroom.org?subject=unsubscribe&body=https%3A%2F%2Fnews.test-newsroom.org%2Funsubscribe%3Fpreview%3D2024-06-20-morning-brief>",
    ]);
    expect(header(sample, "list-id")).toEqual(['"Morning Brief" <morning.news.test-newsroom.org>']);
  });

  it("stops with one line naming the setting when the unsubscribe base cannot go into List-Unsubscribe", async () => {
    const dir = await tempDir("nd-build-eml-");
    const file = join(dir, "config.json");
    await writeFile(file, JSON.stringify({ links: { unsubscribeBase: "http://news.example.com/unsubscribe" } }));
    const out = join(dir, "out");
    const result = await build(["--config", file, "--out", out, ...FIXED]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^message\.eml: unsubscribe url "http:\/\/news\.example\.com\/unsubscribe\?preview=\S+" must use https \(.*links\.unsubscribeBase.*\)\n$/);
  });
});
