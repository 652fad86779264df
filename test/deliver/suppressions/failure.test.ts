// Which send-time SMTP refusals suppress a reader for good (the mailbox is gone) and
// which fail the reader for this edition only. Errors shaped as nodemailer gives them.
import { describe, expect, it } from "vitest";
import { mailboxGone, suppressionForFailure } from "../../../src/deliver/suppressions/index.js";

const reader = { address: "ann@example.org", editionId: "2024-05-01" };
const refusal = (response: string, command = "RCPT TO") => ({
  code: "EENVELOPE",
  responseCode: Number(response.slice(0, 3)),
  response,
  command,
  message: `Recipient command failed: ${response}`,
});

describe("suppressionForFailure", () => {
  it.each([
    ["550 5.1.1 <ann@example.org>: Recipient address rejected: User unknown in local recipient table", "5.1.1"],
    ["550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address", "5.1.1"],
    ["550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", "5.1.10"],
    ["550 5.2.1 The email account that you tried to reach is disabled", "5.2.1"],
    ["550 user unknown", "550"],
    ["550 No such user here", "550"],
    ["550 Requested action not taken: mailbox unavailable", "550"],
    ["550 5.0.0 <ann@example.org>... User unknown", "5.0.0"],
  ])("suppresses as bounced on %j", (response, status) => {
    expect(suppressionForFailure(refusal(response), reader)).toEqual({
      address: "ann@example.org",
      reason: "bounced",
      editionId: "2024-05-01",
      status,
      diagnostic: response,
    });
  });

  it.each([
    "550 5.7.1 Message rejected as spam by Content Filtering",
    "554 5.7.1 Service unavailable; Client host blocked using zen.spamhaus.org",
    "552 5.2.2 Mailbox full",
    "552 Requested mail action aborted: exceeded storage allocation",
    "552 5.3.4 Message size exceeds fixed maximum message size",
    "550 Message refused",
    "550 5.7.1 mailbox unavailable for this sender",
  ])("fails the reader for this edition only on %j", (response) => {
    expect(suppressionForFailure(refusal(response), reader)).toBeNull();
  });

  it("never blames the reader for a temporary failure, a dropped connection or a refused sender", () => {
    expect(suppressionForFailure(refusal("450 4.2.1 Mailbox busy, try again later"), reader)).toBeNull();
    expect(suppressionForFailure({ code: "ECONNECTION", message: "Connection closed" }, reader)).toBeNull();
    expect(suppressionForFailure(refusal("550 5.1.1 sender address unknown", "MAIL FROM"), reader)).toBeNull();
    expect(suppressionForFailure(undefined, reader)).toBeNull();
  });
});

describe("mailboxGone", () => {
  it("goes by the enhanced status when it says something, by the 550 words when it does not", () => {
    expect(mailboxGone("5.1.1", "smtp; 550 whatever")).toBe(true);
    expect(mailboxGone("5.7.1", "smtp; 550 user unknown")).toBe(false);
    expect(mailboxGone(undefined, "550 no such user")).toBe(true);
    expect(mailboxGone(undefined, "554 no such user")).toBe(false);
  });
});
