// The edition encoded once and spliced per reader must be the message nodemailer
// would have composed for that reader: same decoded parts, same headers, valid MIME.
import MailComposer from "nodemailer/lib/mail-composer";
import PostalMime from "postal-mime";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeEdition, readerMessage } from "../../../src/deliver/message/encoded-edition.js";
import { EDITION_HEADER, type MessageOptions } from "../../../src/deliver/message/message.js";
import { MORNING_MESSAGE } from "../../support/edition.js";
import type { Personalization, RenderedEdition } from "../../../src/model.js";
import { personalize, renderEdition } from "../../../src/render/index.js";
import { digestOf, shippedTemplates } from "../../fixtures/edition/render.js";

const options: MessageOptions = { ...MORNING_MESSAGE, round: 1 };
const DATE = new Date("2024-06-20T06:30:05Z");

function reader(email: string, name?: string): Personalization {
  return {
    recipient: name === undefined ? { email } : { email, name },
    unsubscribeUrl: `https://news.example.com/unsubscribe?token=${"t0k=".repeat(30)}${encodeURIComponent(email)}`,
    viewInBrowserUrl: "https://news.example.com/editions/2024-06-20?a=1&b=2",
  };
}

const READERS = [
  reader("ann@example.org", "Ann Example"),
  reader("bob+news@example.org"),
  reader("zoe@example.org", "Zoë Ångström-Łukasiewicz"),
  reader("odd@example.org", 'Smith, "Jo" <admin@evil.example> & = co ' + "long ".repeat(30).trim()),
];

let edition: RenderedEdition;
beforeAll(async () => {
  edition = (await renderEdition(digestOf(), await shippedTemplates())).edition;
});

/**
 * The reference: the same reader's copy as nodemailer composes it from scratch (what
 * anyone would write by hand), with the same headers and Message-ID.
 */
async function composed(p: Personalization): Promise<Buffer> {
  const copy = personalize(edition, p);
  const spliced = readerMessage(encodeEdition(edition, options), p, DATE);
  const list = (await PostalMime.parse(spliced.raw)).headers;
  const value = (key: string) => list.find((h) => h.key === key)!.value;
  return new MailComposer({
    from: options.from,
    replyTo: options.replyTo!,
    to: p.recipient.name ? { name: p.recipient.name, address: p.recipient.email } : p.recipient.email,
    subject: copy.subject,
    text: copy.text,
    html: copy.html,
    messageId: spliced.messageId,
    date: DATE,
    headers: {
      "List-Unsubscribe": { prepared: true, value: value("list-unsubscribe") },
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-ID": { prepared: true, value: '"Morning Digest" <morning.news.example.com>' },
      [EDITION_HEADER]: edition.editionId,
    },
  })
    .compile()
    .build();
}

const lf = (s: string | undefined) => (s ?? "").replace(/\r\n/g, "\n");
const headerMap = (parsed: Awaited<ReturnType<typeof PostalMime.parse>>) =>
  Object.fromEntries(parsed.headers.filter((h) => !["content-type"].includes(h.key)).map((h) => [h.key, h.value]));

describe("an edition encoded once, spliced per reader", () => {
  it("decodes to the same parts and headers as a message composed for that reader", async () => {
    const encoded = encodeEdition(edition, options);
    for (const p of READERS) {
      const spliced = await PostalMime.parse(readerMessage(encoded, p, DATE).raw);
      const reference = await PostalMime.parse(await composed(p));
      expect(lf(spliced.html)).toBe(lf(reference.html));
      expect(lf(spliced.text)).toBe(lf(reference.text));
      expect(spliced.subject).toBe(reference.subject);
      expect(spliced.from).toEqual(reference.from);
      expect(spliced.to).toEqual(reference.to);
      expect(spliced.replyTo).toEqual(reference.replyTo);
      expect(spliced.messageId).toBe(reference.messageId);
      expect(headerMap(spliced)).toEqual(headerMap(reference));
    }
  });

  it("puts the reader's own values in, escaped in HTML, and nobody else's", async () => {
    const encoded = encodeEdition(edition, options);
    const zoe = await PostalMime.parse(readerMessage(encoded, READERS[2]!, DATE).raw);
    expect(zoe.to).toEqual([{ address: "zoe@example.org", name: "Zoë Ångström-Łukasiewicz" }]);
    expect(zoe.html).toContain("zoe%40example.org");
    const odd = await PostalMime.parse(readerMessage(encoded, READERS[3]!, DATE).raw);
    expect(odd.to?.[0]?.address).toBe("odd@example.org");
    expect(odd.html).not.toContain("<admin@evil.example>");
    expect(odd.html).not.toContain("zoe@example.org");
  });

  it("keeps body lines within 76 octets, header lines within 998, and the size within 5% of composing", async () => {
    const encoded = encodeEdition(edition, options);
    for (const p of READERS) {
      const { raw } = readerMessage(encoded, p, DATE);
      const [head, body] = raw.toString("latin1").split("\r\n\r\n", 2) as [string, string];
      // A header can only fold at white space: a long unsubscribe url is one unbreakable word (RFC 5322 2.1.1).
      expect(Math.max(...head.split("\r\n").map((l) => l.length))).toBeLessThanOrEqual(998);
      expect(Math.max(...body.split("\r\n").map((l) => l.length))).toBeLessThanOrEqual(76);
      expect(raw.toString("latin1")).not.toMatch(/[^\r]\n|\r[^\n]/);
      expect(raw.length / (await composed(p)).length).toBeLessThan(1.05);
    }
  });

  it("marks a test copy the way buildMailOptions does", async () => {
    const encoded = encodeEdition(edition, { ...options, test: { nonce: "n1" } });
    const parsed = await PostalMime.parse(readerMessage(encoded, READERS[0]!, DATE).raw);
    expect(parsed.subject).toMatch(/^\[TEST\] /);
    expect(parsed.headers.find((h) => h.key === "x-news-digest-test")?.value).toBe("yes");
    expect(parsed.messageId).toContain("test-n1");
  });
});
