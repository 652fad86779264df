// The one place `send`, the scheduler and the preview's "send test" turn config, flags
// and environment into a send job's settings.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/load.js";
import { listIdentityFrom } from "../../../src/config/send.js";
import { PlaceholderSettingsError, newsletterFromConfig, sendSettingsFromConfig, TokenKeyError } from "../../../src/deliver/send/newsletter.js";
import { isPlaceholderDomain } from "../../../src/config/send.js";
import { SmtpConfigError } from "../../../src/deliver/send/smtp.js";
import { NEWSROOM, testEdition } from "../../support/edition.js";

const KEY = "job-setup-test-key-0123456789";
const config = parseConfig(
  JSON.stringify({
    slug: "morning-brief",
    from: "Morning Brief <brief@news.test-newsroom.org>",
    links: { ...NEWSROOM.links, viewInBrowserBase: "https://news.test-newsroom.org/editions" },
    send: { smtp: "smtp://desk@mail.example.com:587", concurrency: 3, rate: "10/s", retries: 2 },
  }),
  "config.json",
);

describe("sendSettingsFromConfig", () => {
  it("refuses to go on without a usable unsubscribe key, saying why", () => {
    expect(() => sendSettingsFromConfig(config, { env: {} })).toThrow(TokenKeyError);
    expect(() => sendSettingsFromConfig(config, { env: {} })).toThrow(/NEWS_DIGEST_TOKEN_KEY is not set/);
    expect(() => sendSettingsFromConfig(config, { env: { NEWS_DIGEST_TOKEN_KEY: "short" } })).toThrow(/too short/);
  });

  it("takes the server from --smtp, else SMTP_URL, else the config, and never shows the password", () => {
    const env = { NEWS_DIGEST_TOKEN_KEY: KEY, SMTP_URL: "smtp://env:env-secret@env.example.com:587" };
    expect(sendSettingsFromConfig(config, { env: { NEWS_DIGEST_TOKEN_KEY: KEY } }).target).toMatchObject({ source: "config", host: "mail.example.com" });
    const fromEnv = sendSettingsFromConfig(config, { env }).target!;
    expect(fromEnv).toMatchObject({ source: "SMTP_URL", host: "env.example.com" });
    expect(fromEnv.display).not.toContain("env-secret");
    expect(sendSettingsFromConfig(config, { env, smtp: "smtp://127.0.0.1:2525" }).target).toMatchObject({ source: "--smtp", port: 2525 });

    const noServer = parseConfig("{}", "empty.json");
    expect(() => sendSettingsFromConfig(noServer, { env: { NEWS_DIGEST_TOKEN_KEY: KEY } })).toThrow(SmtpConfigError);
    // A dry run connects to nothing, so it needs no server.
    expect(sendSettingsFromConfig(noServer, { env: { NEWS_DIGEST_TOKEN_KEY: KEY }, connect: false }).target).toBeUndefined();
  });

  it("applies --rate and --concurrency over the config's limits", () => {
    const env = { NEWS_DIGEST_TOKEN_KEY: KEY };
    expect(sendSettingsFromConfig(config, { env }).limits).toMatchObject({ concurrency: 3, ratePerSecond: 10, retries: 2 });
    expect(sendSettingsFromConfig(config, { env, limits: { concurrency: 7 } }).limits).toMatchObject({ concurrency: 7, ratePerSecond: 10, retries: 2 });
  });
});

describe("newsletterFromConfig", () => {
  it("gives every edition the list identity, the signing key and its web-copy url", async () => {
    const setup = await newsletterFromConfig(config, { env: { NEWS_DIGEST_TOKEN_KEY: KEY } });
    const edition = testEdition("2024-06-20-morning-brief");
    expect(setup.messagesFor(edition)).toMatchObject({
      edition,
      identity: listIdentityFrom(config),
      unsubscribe: { baseUrl: "https://news.test-newsroom.org/unsubscribe", tokenKey: KEY },
      viewInBrowserUrl: "https://news.test-newsroom.org/editions/2024-06-20-morning-brief",
    });
  });

  it("reports a half-configured DKIM before anything is sent, and opens no pool without a server", async () => {
    await expect(newsletterFromConfig(config, { env: { NEWS_DIGEST_TOKEN_KEY: KEY, NEWS_DIGEST_DKIM_DOMAIN: "news.test-newsroom.org" } })).rejects.toThrow(
      /DKIM is half configured/,
    );
    const dry = await newsletterFromConfig(config, { env: { NEWS_DIGEST_TOKEN_KEY: KEY }, connect: false });
    expect(() => dry.smtpMessenger()).toThrow(/no SMTP server/);
  });
});

describe("placeholder sender and links", () => {
  const env = { NEWS_DIGEST_TOKEN_KEY: KEY };
  const withDefaults = parseConfig(JSON.stringify({ send: { smtp: "smtp://127.0.0.1:2525" } }), "config.json");

  it("refuse a real send in one line naming the keys to set", () => {
    expect(() => sendSettingsFromConfig(withDefaults, { env })).toThrow(PlaceholderSettingsError);
    const message = (() => {
      try {
        sendSettingsFromConfig(withDefaults, { env });
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message).not.toContain("\n");
    expect(message).toContain("from (News Digest <digest@example.com>)");
    for (const key of ["links.site", "links.unsubscribeBase", "links.viewInBrowserBase"]) expect(message).toContain(key);
  });

  it("are refused one by one: a sender or a single link left on an example domain is enough", () => {
    const partly = (fields: object) => parseConfig(JSON.stringify({ ...NEWSROOM, ...fields, send: { smtp: "smtp://127.0.0.1:2525" } }), "c.json");
    expect(() => sendSettingsFromConfig(partly({ from: "Brief <brief@mail.example.org>" }), { env })).toThrow(/^refusing.*from \(Brief <brief@mail\.example\.org>\)/);
    expect(() => sendSettingsFromConfig(partly({ replyTo: "desk@example.net" }), { env })).toThrow(/replyTo/);
    expect(() => sendSettingsFromConfig(partly({ links: { ...NEWSROOM.links, site: "https://brief.example/" } }), { env })).toThrow(/links\.site/);
    expect(sendSettingsFromConfig(partly({}), { env }).identity.from).toBe(NEWSROOM.from);
  });

  it("are fine for a dry run (nothing is sent) and for test copies", async () => {
    expect(sendSettingsFromConfig(withDefaults, { env, connect: false }).target).toBeUndefined();
    expect(sendSettingsFromConfig(withDefaults, { env, testCopiesOnly: true }).target).toMatchObject({ port: 2525 });
    await expect(newsletterFromConfig(withDefaults, { env, testCopiesOnly: true })).resolves.toBeDefined();
    await expect(newsletterFromConfig(withDefaults, { env })).rejects.toThrow(PlaceholderSettingsError);
  });

  it("are the RFC 2606 / 6761 names; localhost and look-alikes are not", () => {
    for (const name of ["example.com", "news.example.com", "EXAMPLE.ORG", "a.b.example.net", "brief.example", "desk.test", "x.invalid", "example.com."]) {
      expect([name, isPlaceholderDomain(name)]).toEqual([name, true]);
    }
    for (const name of ["localhost", "news.test-newsroom.org", "myexample.com", "example.com.au", "examples.org", "testing.io", ""]) {
      expect([name, isPlaceholderDomain(name)]).toEqual([name, false]);
    }
  });
});
