import { describe, expect, it } from "vitest";
import { addressKey, checkAddress } from "../../src/text/index.js";

describe("checkAddress", () => {
  it.each([
    ["ann@example.org", "ann@example.org"],
    ["  Ann.Example+news@Example.ORG ", "Ann.Example+news@Example.ORG"],
    ["o'neil@mail.example.co.uk", "o'neil@mail.example.co.uk"],
    ["zoe@bücher.example", "zoe@xn--bcher-kva.example"],
  ])("accepts %j", (input, email) => {
    expect(checkAddress(input)).toEqual({ ok: true, email });
  });

  it.each([
    ["", "empty"],
    ["ann.example.org", "no @"],
    ["@example.org", "nothing before"],
    ["ann@", "not a valid domain"],
    ["ann@localhost", "not a valid domain"],
    ["ann@exa mple.org", "not a valid domain"],
    ["ann@-example.org", "not a valid domain"],
    ["ann@1.2.3.4", "not a valid domain"],
    ["an n@example.org", "unexpected characters"],
    ["ann..b@example.org", "unexpected characters"],
    ['"ann"@example.org', "unexpected characters"],
    ["Ann <ann@example.org>", "unexpected characters"],
    ["ann@example.org\r\nBcc: x@example.org", "unexpected characters"],
    [`${"a".repeat(65)}@example.org`, "longer than 64"],
  ])("refuses %j (%s)", (input, reason) => {
    const result = checkAddress(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it("treats addresses that differ only in case as one subscriber", () => {
    expect(addressKey("Ann@Example.ORG")).toBe(addressKey("ann@example.org"));
  });
});
