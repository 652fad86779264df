// Signed unsubscribe tokens: verifiable with the key, useless without it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  signUnsubscribeToken,
  tokenKeyFromEnv,
  unsubscribeUrlFor,
  verifyUnsubscribeToken,
} from "../../src/links/token.js";

const KEY = "k".repeat(16) + "-0123456789";

describe("unsubscribe tokens", () => {
  it("verify to the list and the lower-cased address they were signed for", () => {
    const token = signUnsubscribeToken(KEY, { listId: "morning.example.com", email: "Ann@Example.org" });
    expect(verifyUnsubscribeToken(KEY, token)).toEqual({ listId: "morning.example.com", email: "ann@example.org" });
    expect(token).toMatch(/^1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  });

  it("fail with another key, another address or another list swapped in", () => {
    const token = signUnsubscribeToken(KEY, { listId: "morning.example.com", email: "ann@example.org" });
    const other = signUnsubscribeToken(KEY, { listId: "evening.example.com", email: "bob@example.org" });
    expect(verifyUnsubscribeToken("another-key-0123456789", token)).toBeNull();
    const [v, list, , mac] = token.split(".");
    const [, otherList, otherEmail] = other.split(".");
    expect(verifyUnsubscribeToken(KEY, [v, list, otherEmail, mac].join("."))).toBeNull();
    expect(verifyUnsubscribeToken(KEY, [v, otherList, token.split(".")[2], mac].join("."))).toBeNull();
    for (const junk of ["", "1", "1.a.b", "2" + token.slice(1), token + ".x", token.slice(0, -3)]) {
      expect(verifyUnsubscribeToken(KEY, junk)).toBeNull();
    }
  });

  it("accept only the exact token: trailing junk or another spelling of the signature fails", () => {
    const token = signUnsubscribeToken(KEY, { listId: "digest.example.com", email: "ann@example.org" });
    expect(verifyUnsubscribeToken(KEY, token)).not.toBeNull();
    for (const junk of ["!!", "=", "==", " ", "A"]) expect([junk, verifyUnsubscribeToken(KEY, token + junk)]).toEqual([junk, null]);
    const [v, list, email, mac] = token.split(".") as [string, string, string, string];
    // Standard base64 of the same bytes decodes to the same signature, but is not the token that was sent.
    const standard = Buffer.from(mac, "base64url").toString("base64");
    if (standard !== mac) expect(verifyUnsubscribeToken(KEY, [v, list, email, standard].join("."))).toBeNull();
    expect(verifyUnsubscribeToken(KEY, [v, list, email, `${mac.slice(0, 5)}!${mac.slice(5)}`].join("."))).toBeNull();
  });

  it("round-trip for any address and list, and no single-character change forges another claim", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.domain(), fc.nat(), fc.constantFrom(..."ABCxyz019-_."), (email, listId, at, ch) => {
        const claim = { listId, email };
        const token = signUnsubscribeToken(KEY, claim);
        expect(verifyUnsubscribeToken(KEY, token)).toEqual({ listId, email: email.toLowerCase() });
        const i = at % token.length;
        const tampered = token.slice(0, i) + ch + token.slice(i + 1);
        const result = verifyUnsubscribeToken(KEY, tampered);
        // Either refused, or (a changed padding bit of the signature) the very same claim.
        if (result !== null) expect(result).toEqual({ listId, email: email.toLowerCase() });
      }),
      { numRuns: 300 },
    );
  });

  it("take the key from NEWS_DIGEST_TOKEN_KEY and refuse a missing or short one", () => {
    expect(tokenKeyFromEnv({ NEWS_DIGEST_TOKEN_KEY: KEY })).toEqual({ key: KEY });
    expect(tokenKeyFromEnv({})).toMatchObject({ error: expect.stringContaining("NEWS_DIGEST_TOKEN_KEY is not set") });
    expect(tokenKeyFromEnv({ NEWS_DIGEST_TOKEN_KEY: "short" })).toMatchObject({ error: expect.stringContaining("too short") });
  });

  it("go into the unsubscribe url as a query parameter, keeping the base's own", () => {
    expect(unsubscribeUrlFor("https://news.example.com/u?list=morning", "1.a.b.c")).toBe("https://news.example.com/u?list=morning&token=1.a.b.c");
  });
});
