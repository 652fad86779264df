import { describe, expect, it } from "vitest";
import type { RenderedEdition } from "../../src/model.js";
import { personalize } from "../../src/render/personalize.js";
import { fieldPlaceholder, placeholder, RECIPIENT_KEYS } from "../../src/render/placeholders.js";

const p = {
  recipient: { email: "ann@example.org", name: 'Ann "The Reader" <O\'Neil>', fields: { city: "Leeds & York" } },
  unsubscribeUrl: "https://example.com/u?t=abc&list=x",
  viewInBrowserUrl: "https://example.com/e/2024-06-20",
};

function edition(html: string, text = ""): RenderedEdition {
  return { editionId: "2024-06-20-x", subject: "Subject", preheader: "", html, text, storyIds: [] };
}

describe("personalize", () => {
  it("fills every placeholder: HTML-escaped in the HTML, as is in the text", () => {
    const e = edition(
      `<p>Hi ${placeholder(RECIPIENT_KEYS.name)}</p><a href="${placeholder(RECIPIENT_KEYS.unsubscribeUrl)}">u</a>${placeholder(RECIPIENT_KEYS.email)} ${fieldPlaceholder("city")}`,
      `Hi ${placeholder(RECIPIENT_KEYS.name)}\nUnsubscribe: ${placeholder(RECIPIENT_KEYS.unsubscribeUrl)}\nWeb: ${placeholder(RECIPIENT_KEYS.viewInBrowserUrl)}`,
    );
    const copy = personalize(e, p);
    expect(copy.subject).toBe("Subject");
    expect(copy.html).toBe(
      '<p>Hi Ann &quot;The Reader&quot; &lt;O&#39;Neil&gt;</p><a href="https://example.com/u?t=abc&amp;list=x">u</a>ann@example.org Leeds &amp; York',
    );
    expect(copy.text).toBe(`Hi Ann "The Reader" <O'Neil>\nUnsubscribe: https://example.com/u?t=abc&list=x\nWeb: https://example.com/e/2024-06-20`);
  });

  it("gives each recipient their own copy of the same compiled edition", () => {
    const e = edition(`to ${placeholder(RECIPIENT_KEYS.email)}`);
    expect(personalize(e, p).html).toBe("to ann@example.org");
    expect(personalize(e, { ...p, recipient: { email: "bob@example.org" } }).html).toBe("to bob@example.org");
    expect(e.html).toBe(`to ${placeholder(RECIPIENT_KEYS.email)}`);
  });

  it("fills missing optional values with nothing", () => {
    const e = edition(`[${placeholder(RECIPIENT_KEYS.name)}][${fieldPlaceholder("zip")}]`);
    expect(personalize(e, { ...p, recipient: { email: "x@example.org" } }).html).toBe("[][]");
  });

  it("refuses links that are not http(s) or mailto", () => {
    const e = edition("x");
    expect(() => personalize(e, { ...p, unsubscribeUrl: "javascript:alert(1)" })).toThrow(/unsubscribeUrl must be an http\(s\) or mailto: url/);
    expect(() => personalize(e, { ...p, viewInBrowserUrl: "" })).toThrow(/viewInBrowserUrl/);
  });

  it("keeps recipient values on one line", () => {
    const e = edition("", `Name: ${placeholder(RECIPIENT_KEYS.name)}`);
    expect(personalize(e, { ...p, recipient: { email: "x@example.org", name: "Ann\r\nBcc: evil@example.org" } }).text).toBe(
      "Name: Ann Bcc: evil@example.org",
    );
  });

  it("notices an edition whose HTML changed since the last copy", () => {
    const e = edition(`a ${placeholder(RECIPIENT_KEYS.email)}`);
    personalize(e, p);
    e.html = `b ${placeholder(RECIPIENT_KEYS.email)}`;
    expect(personalize(e, p).html).toBe("b ann@example.org");
  });

  it("leaves text that only looks like a placeholder alone", () => {
    const e = edition("{{recipient.email}} [recipient.email] \ue000recipient.email");
    expect(personalize(e, p).html).toBe("{{recipient.email}} [recipient.email] \ue000recipient.email");
  });
});
