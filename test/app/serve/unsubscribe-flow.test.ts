// The unsubscribe round trip, end to end: an edition sent for real to five readers, one
// of them POSTs the one-click body to the List-Unsubscribe url of the message they got
// (to a running serve), and the next edition to the same list skips them and says so.
import { join } from "node:path";
import PostalMime from "postal-mime";
import { afterEach, describe, expect, it } from "vitest";
import { startServe, type RunningServe } from "../../../src/app/serve/index.js";
import { formatReport, newsletterFromConfig, openListRun } from "../../../src/deliver/send/index.js";
import { personEmail, TOKEN_KEY, testEdition, writeCsvList } from "../../support/edition.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";
import { tempDir } from "../../support/temp.js";
import { newsroomConfig } from "../archive/support.js";
import { atServe, postOneClick } from "./support.js";

let smtp: TestSmtpServer | undefined;
let serve: RunningServe | undefined;
afterEach(async () => {
  await serve?.close();
  await smtp?.close();
  serve = smtp = undefined;
});

describe("one-click unsubscribe, then the next edition", () => {
  it("the reader who unsubscribed gets nothing, everyone else gets it, and the report says suppressed: 1", async () => {
    const dir = await tempDir("nd-unsubscribe-flow-");
    const config = newsroomConfig(join(dir, "state"));
    smtp = await startSmtpServer();
    serve = await startServe({ config, tokenKey: TOKEN_KEY, port: 0, log: () => undefined });
    const newsletter = await newsletterFromConfig(config, { smtp: smtp.url, env: { NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY } });
    const list = { name: "morning", path: await writeCsvList(dir, 5) };

    const first = await (await openListRun(newsletter, list, testEdition("2024-06-20-morning-brief", ["story-a"]))).execute();
    expect(first).toMatchObject({ outcome: "sent", sent: 5, suppressed: 0 });

    const leaving = personEmail(3);
    const message = await PostalMime.parse(smtp.received.find((m) => m.recipients.includes(leaving))!.raw);
    const header = message.headers.find((h) => h.key === "list-unsubscribe")!.value;
    const url = /<(https:[^>]+)>/.exec(header)![1]!;
    expect((await postOneClick(atServe(serve.url, url))).status).toBe(200);

    smtp.received.length = 0;
    const next = await (await openListRun(newsletter, list, testEdition("2024-06-21-morning-brief", ["story-b"]))).execute();
    const counts = smtp.countsByRecipient();
    expect(counts.get(leaving)).toBeUndefined();
    for (const i of [1, 2, 4, 5]) expect(counts.get(personEmail(i)), personEmail(i)).toBe(1);
    expect(next).toMatchObject({ outcome: "sent", sent: 4, failedCount: 0, suppressed: 1, suppressedAddresses: [leaving] });
    expect(next.suppressed).toBe(1);
    expect(formatReport(next)).toContain("suppressed: 1");
  });
});
