// One recipient's message: the headers a list owes its readers, checked on the MIME
// that actually leaves, read back with postal-mime.
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { messageIdFor, TEST_HEADER, type MessageOptions } from "../../../src/deliver/message/message.js";
import { composeMessage } from "../../../src/deliver/message/reader-message.js";
import type { Personalization } from "../../../src/model.js";
import { testEdition, MORNING_MESSAGE } from "../../support/edition.js";

const options: MessageOptions = MORNING_MESSAGE;

function personalization(email: string, name?: string): Personalization {
  return {
    recipient: name === undefined ? { email } : { email, name },
    unsubscribeUrl: `https://news.example.com/unsubscribe?token=tok-${encodeURIComponent(email)}`,
    viewInBrowserUrl: "https://news.example.com/editions/2024-06-20",
  };
}

async function build(p: Personalization, extra: Partial<MessageOptions> = {}) {
  const { raw } = await composeMessage(testEdition(), p, { ...options, ...extra });
  const parsed = await PostalMime.parse(raw);
  const header = (key: string) => parsed.headers.filter((h) => h.key === key).map((h) => h.value);
  return { raw: raw.toString(), parsed, header };
}

describe("one reader's message", () => {
  it("carries both parts, the addresses and the list headers (RFC 2369, 2919, 8058)", async () => {
    const { parsed, header } = await build(personalization("ann@example.org", "Ann Example"));
    expect(parsed.text).toContain("Hello Ann Example,");
    expect(parsed.html).toContain("<p>Hello Ann Example,</p>");
    expect(parsed.from).toMatchObject({ address: "digest@news.example.com", name: "Morning Digest" });
    expect(parsed.to).toEqual([{ address: "ann@example.org", name: "Ann Example" }]);
    expect(parsed.replyTo).toEqual([{ address: "editor@news.example.com", name: "" }]);
    expect(header("list-unsubscribe")).toEqual([
      "<https://news.example.com/unsubscribe?token=tok-ann%40example.org>, " +
        "<mailto:unsubscribe@news.example.com?subject=unsubscribe&body=https%3A%2F%2Fnews.example.com%2Funsubscribe%3Ftoken%3Dtok-ann%2540example.org>",
    ]);
    expect(header("list-unsubscribe-post")).toEqual(["List-Unsubscribe=One-Click"]);
    expect(header("list-id")).toEqual(['"Morning Digest" <morning.news.example.com>']);
    expect(header("x-news-digest-edition")).toEqual(["2024-06-20-test-digest"]);
    expect(header(TEST_HEADER.toLowerCase())).toEqual([]);
    expect(header("x-mailer")).toEqual([]);
  });

  it("keeps a hostile name inside its header", async () => {
    const { parsed, header, raw } = await build(personalization("eve@example.org", "Eve\r\nBcc: victim@example.org"));
    expect(header("bcc")).toEqual([]);
    expect(raw.slice(0, raw.indexOf("\r\n\r\n"))).not.toMatch(/^Bcc:/m);
    expect(parsed.to?.[0]?.address).toBe("eve@example.org");
  });

  it("derives the Message-ID from edition and recipient: stable across retries, new per --force round and per test", async () => {
    const first = await build(personalization("Ann@Example.org"));
    const again = await build(personalization("ann@example.org"));
    const other = await build(personalization("bob@example.org"));
    const forced = await build(personalization("ann@example.org"), { round: 1 });
    expect(first.parsed.messageId).toBe(again.parsed.messageId);
    expect(first.parsed.messageId).toMatch(/^<2024-06-20-test-digest\.[0-9a-f]{24}@news\.example\.com>$/);
    expect(first.parsed.messageId).not.toContain("ann");
    expect(other.parsed.messageId).not.toBe(first.parsed.messageId);
    expect(forced.parsed.messageId).not.toBe(first.parsed.messageId);

    const test = await build(personalization("ann@example.org"), { test: { nonce: "20240620T0700" } });
    expect(test.parsed.subject).toBe("[TEST] Morning digest: two stories");
    expect(test.header(TEST_HEADER.toLowerCase())).toEqual(["yes"]);
    expect(test.parsed.messageId).toBe(first.parsed.messageId!.replace("@", ".test-20240620T0700@"));
  });

  it("encodes a non-ASCII list name and keeps odd characters out of the Message-ID", async () => {
    const { header } = await build(personalization("ann@example.org"), { listName: "Zoë's \"Daily\"" });
    expect(header("list-id")[0]).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <morning\.news\.example\.com>$/);
    expect(messageIdFor("2024 06/20 <x>", "a@b.example", { domain: "news.example.com" })).toMatch(/^<2024-06\/20-x-\.[0-9a-f]{24}@news\.example\.com>$/);
  });

  it("refuses settings that would produce a broken header, with the reason", async () => {
    const edition = testEdition();
    const p = personalization("ann@example.org");
    await expect(composeMessage(edition, { ...p, unsubscribeUrl: "http://news.example.com/u" }, options)).rejects.toThrow(/must use https/);
    await expect(composeMessage(edition, { ...p, unsubscribeUrl: "not a url" }, options)).rejects.toThrow(/not a valid url/);
    await expect(composeMessage(edition, p, { ...options, listId: "no spaces allowed" })).rejects.toThrow(/list id/);
    await expect(composeMessage(edition, p, { ...options, unsubscribeMailto: "nobody" })).rejects.toThrow(/not an email address/);
  });
});
