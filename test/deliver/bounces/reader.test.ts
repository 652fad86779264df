// Bounce reports read from real-looking DSN messages (test/fixtures/bounces): which ones
// suppress a reader, which only count, which are none of our business, and that reading
// the same reports again changes nothing.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { openBounceReader, readDsn, type BounceOutcome } from "../../../src/deliver/bounces/index.js";
import { openSuppressions } from "../../../src/deliver/suppressions/index.js";
import { tempDir } from "../../support/temp.js";

const IDENTITY = { listId: "morning.harbourtimes.example", messageIdDomain: "harbourtimes.example" };
const fixture = (name: string) => readFile(new URL(`../../fixtures/bounces/${name}`, import.meta.url), "utf8");

async function fresh() {
  const stateDir = await tempDir("nd-bounces-");
  const warnings: string[] = [];
  const reader = await openBounceReader(stateDir, IDENTITY, { warn: (m) => warnings.push(m), now: () => new Date("2024-05-09T12:00:00Z") });
  const read = async (name: string, text?: string): Promise<BounceOutcome[]> => reader.read(name, Buffer.from(text ?? (await fixture(name))));
  const suppressions = async () => {
    const list = await openSuppressions(stateDir, IDENTITY.listId);
    const all = list.list();
    await list.close();
    return all;
  };
  return { stateDir, reader, read, suppressions, warnings };
}

/** The delayed-mail fixture as the warning for another edition's message, in another report. */
async function delayedFor(edition: string, reportId: string): Promise<string> {
  return (await fixture("delayed-4.2.2.eml"))
    .replace("<20240508100440.4VbZ1m2Qp3z4Rk@mx1.harbourtimes.example>", `<${reportId}@mx1.harbourtimes.example>`)
    .replace("<2024-05-08.bbd27ce475fb900f13e91ed1@harbourtimes.example>", `<${edition}.bbd27ce475fb900f13e91ed1@harbourtimes.example>`);
}

describe("reading a DSN", () => {
  it("finds each recipient's action, status and diagnostic, and the original's Message-ID and List-Id", async () => {
    expect(await readDsn(Buffer.from(await fixture("gmail-hard-5.1.1.eml")))).toEqual({
      id: "<6639c3a1.050a0220.5d4b1.7f3e.GMR@mx.google.example>",
      recipients: [
        {
          address: "bjorn.k@gmail.example",
          action: "failed",
          status: "5.1.1",
          diagnostic: expect.stringMatching(/^550-5\.1\.1 The email account that you tried to reach does not exist\. .* gsmtp$/),
        },
      ],
      original: { messageId: "<2024-05-07.b5f5458b0d3a941a29339af5@harbourtimes.example>", listId: "morning.harbourtimes.example" },
    });
  });

  it("is null for mail that is not a DSN", async () => {
    expect(await readDsn(Buffer.from(await fixture("plain-reply.eml")))).toBeNull();
    expect(await readDsn(Buffer.from(await fixture("auto-reply.eml")))).toBeNull();
  });
});

describe("acting on bounces", () => {
  it("a hard bounce (Postfix, 5.1.1) for a message we sent suppresses the recipient as bounced, with status and diagnostic", async () => {
    const { reader, read, suppressions } = await fresh();
    expect(await read("postfix-hard-5.1.1.eml")).toEqual([
      {
        source: "postfix-hard-5.1.1.eml",
        action: "suppressed",
        address: "ann.reader@mail.example.net",
        detail: expect.stringMatching(/^bounced 5\.1\.1: 550 5\.1\.1 <ann\.reader@mail\.example\.net>: Recipient address rejected: User unknown/),
      },
    ]);
    await reader.close();
    expect(await suppressions()).toEqual([
      {
        address: "ann.reader@mail.example.net",
        reason: "bounced",
        at: "2024-05-09T12:00:00.000Z",
        editionId: "2024-05-06",
        status: "5.1.1",
        diagnostic: "550 5.1.1 <ann.reader@mail.example.net>: Recipient address rejected: User unknown in virtual mailbox table",
      },
    ]);
  });

  it("so does Gmail's, with only the original's headers returned", async () => {
    const { reader, read, suppressions } = await fresh();
    expect((await read("gmail-hard-5.1.1.eml"))[0]).toMatchObject({ action: "suppressed", address: "bjorn.k@gmail.example" });
    await reader.close();
    expect(await suppressions()).toMatchObject([{ address: "bjorn.k@gmail.example", reason: "bounced", status: "5.1.1", editionId: "2024-05-07" }]);
  });

  it("never suppresses on a bounce of a message this newsletter did not send", async () => {
    const { reader, read, suppressions } = await fresh();
    expect(await read("foreign-5.1.1.eml")).toEqual([
      { source: "foreign-5.1.1.eml", action: "ignored", address: "dana@mail.example.net", detail: "another list's message (List-Id classifieds.harbourtimes.example)" },
    ]);
    // Without a List-Id, a Message-ID of another shape or domain is not ours either.
    const noListId = (await fixture("foreign-5.1.1.eml")).replace(/^List-Id:.*\n/m, "");
    expect((await read("foreign-no-list-id.eml", noListId))[0]).toMatchObject({ action: "ignored", detail: expect.stringMatching(/^not our message/) });
    const otherDomain = (await fixture("delayed-4.2.2.eml")).replace("bbd27ce475fb900f13e91ed1@harbourtimes.example>", "bbd27ce475fb900f13e91ed1@elsewhere.example>");
    expect((await read("other-domain.eml", otherDomain))[0]).toMatchObject({ action: "ignored" });
    await reader.close();
    expect(await suppressions()).toEqual([]);
  });

  it("ignores mail that is not a DSN: a reply, an auto-reply", async () => {
    const { reader, read, suppressions } = await fresh();
    expect(await read("plain-reply.eml")).toEqual([{ source: "plain-reply.eml", action: "ignored", detail: "not a delivery status notification" }]);
    expect(await read("auto-reply.eml")).toEqual([{ source: "auto-reply.eml", action: "ignored", detail: "not a delivery status notification" }]);
    await reader.close();
    expect(await suppressions()).toEqual([]);
  });

  it("counts soft bounces (4.2.2 mailbox full) once per message, and suppresses at the third in a row", async () => {
    const { reader, read, suppressions } = await fresh();
    expect((await read("d1.eml", await delayedFor("2024-05-08", "r1")))[0]).toMatchObject({ action: "soft-bounce", detail: "delayed 4.2.2, 1 of 3" });
    // The same message's final failure (after five days of retries) is the same bounce.
    const final = (await delayedFor("2024-05-08", "r1b")).replace("Action: delayed", "Action: failed");
    expect((await read("d1-final.eml", final))[0]).toMatchObject({ action: "soft-bounce", detail: "failed 4.2.2, 1 of 3" });
    expect((await read("d2.eml", await delayedFor("2024-05-09", "r2")))[0]).toMatchObject({ action: "soft-bounce", detail: "delayed 4.2.2, 2 of 3" });
    expect(await suppressions()).toEqual([]);
    expect((await read("d3.eml", await delayedFor("2024-05-10", "r3")))[0]).toMatchObject({
      action: "suppressed",
      address: "carla@fullbox.example",
      detail: "3 soft bounces in a row (the last delayed 4.2.2)",
    });
    await reader.close();
    expect(await suppressions()).toEqual([
      {
        address: "carla@fullbox.example",
        reason: "bounced",
        at: "2024-05-09T12:00:00.000Z",
        editionId: "2024-05-10",
        status: "4.2.2",
        diagnostic: "3 soft bounces in a row; the last: 452 4.2.2 <carla@fullbox.example>: Mailbox full",
      },
    ]);
  });

  it("a delivery report starts the soft-bounce count over", async () => {
    const { reader, read } = await fresh();
    await read("d1.eml", await delayedFor("2024-05-08", "r1"));
    await read("d2.eml", await delayedFor("2024-05-09", "r2"));
    const delivered = (await delayedFor("2024-05-10", "r3")).replace("Action: delayed", "Action: delivered").replace("Status: 4.2.2", "Status: 2.0.0");
    expect((await read("ok.eml", delivered))[0]).toMatchObject({ action: "delivered" });
    expect((await read("d4.eml", await delayedFor("2024-05-11", "r4")))[0]).toMatchObject({ detail: "delayed 4.2.2, 1 of 3" });
    await reader.close();
  });

  it("a permanent failure that is not about the mailbox (5.7.1 content refused) counts like a soft bounce", async () => {
    const { reader, read, suppressions } = await fresh();
    const spam = (await fixture("postfix-hard-5.1.1.eml"))
      .replace("Status: 5.1.1", "Status: 5.7.1")
      .replace(/Diagnostic-Code: smtp; 550 5\.1\.1[^\n]*\n[^\n]*\n/, "Diagnostic-Code: smtp; 550 5.7.1 Message rejected as spam\n");
    expect((await read("spam.eml", spam))[0]).toMatchObject({ action: "soft-bounce", detail: "failed 5.7.1, 1 of 3" });
    await reader.close();
    expect(await suppressions()).toEqual([]);
  });

  it("re-reading the same reports changes nothing: suppressed once, a soft bounce counted once", async () => {
    const { stateDir, reader, read } = await fresh();
    await read("postfix-hard-5.1.1.eml");
    await read("d1.eml", await delayedFor("2024-05-08", "r1"));
    await reader.close();

    const again = await openBounceReader(stateDir, IDENTITY, { warn: () => undefined });
    for (const name of ["postfix-hard-5.1.1.eml", "delayed-4.2.2.eml"]) {
      const text = name === "delayed-4.2.2.eml" ? await delayedFor("2024-05-08", "r1") : await fixture(name);
      expect((await again.read(name, Buffer.from(text)))[0]).toMatchObject({ action: "already-processed" });
    }
    // A different report of the same delayed message still counts that message once.
    expect((await again.read("d1-again.eml", Buffer.from(await delayedFor("2024-05-08", "r1-resent"))))[0]).toMatchObject({ detail: "delayed 4.2.2, 1 of 3" });
    await again.close();
    const list = await openSuppressions(stateDir, IDENTITY.listId);
    expect(list.list()).toHaveLength(1);
    await list.close();
  });
});
