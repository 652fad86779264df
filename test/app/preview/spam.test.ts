// The checks panel's spam check: SpamAssassin run beside the preview, with a timeout,
// its report read into a score and the rules that fired; never in a build's way.
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PreviewEdition } from "../../../src/app/preview/build.js";
import { LiveEdition } from "../../../src/app/preview/live-edition.js";
import { checkSpam, parseSpamReport, type SpamCheck } from "../../../src/app/preview/spam.js";
import { previewEdition } from "./edition.js";
import { tempDir } from "../../support/temp.js";
import { hasSpamAssassin, SPAMASSASSIN_MISSING } from "../../support/spamassassin.js";

const REPORT = `Subject: x

Content preview:  News Digest [...]

Content analysis details:   (0.7 points, 5.0 required)

 pts rule name              description
---- ---------------------- --------------------------------------------------
-0.0 NO_RECEIVED            Informational: message has no Received headers
 0.0 HTML_MESSAGE           BODY: HTML included in message
 0.7 HTML_FONT_LOW_CONTRAST BODY: HTML font color similar or identical to
                            background

body
`;

describe("the spam report", () => {
  it("reads the score, the threshold and every rule with its points", () => {
    expect(parseSpamReport(REPORT)).toEqual({
      status: "scored",
      score: 0.7,
      required: 5,
      level: "warn",
      rules: [
        { points: -0, name: "NO_RECEIVED", description: "Informational: message has no Received headers" },
        { points: 0, name: "HTML_MESSAGE", description: "BODY: HTML included in message" },
        { points: 0.7, name: "HTML_FONT_LOW_CONTRAST", description: "BODY: HTML font color similar or identical to background" },
      ],
    });
    expect(parseSpamReport(REPORT.replace("(0.7 points", "(0.2 points"))?.level).toBe("ok");
    expect(parseSpamReport(REPORT.replace("(0.7 points", "(6.1 points"))?.level).toBe("fail");
    expect(parseSpamReport("no report here")).toBeUndefined();
  });

  it("says so when SpamAssassin is not installed, and stops a run that takes too long", async () => {
    expect(await checkSpam("Subject: x\r\n\r\nhi", { command: "/nonexistent/spamassassin" })).toMatchObject({ status: "unavailable" });
    const dir = await tempDir("nd-spam-");
    const slow = join(dir, "slow-spamassassin");
    await writeFile(slow, "#!/bin/sh\nsleep 10\n");
    await chmod(slow, 0o755);
    const started = Date.now();
    const check = await checkSpam("Subject: x\r\n\r\nhi", { command: slow, timeoutMs: 300 });
    expect(check).toMatchObject({ status: "failed" });
    expect((check as { reason: string }).reason).toContain("longer than");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.skipIf(!hasSpamAssassin)(`scores a real message${hasSpamAssassin ? "" : ` (${SPAMASSASSIN_MISSING})`}`, async () => {
    const check = await checkSpam("From: a@example.com\r\nTo: b@example.com\r\nSubject: Hello\r\n\r\nJust a short note.\r\n");
    expect(check).toMatchObject({ status: "scored", required: 5 });
  }, 60_000);
});

describe("the spam check in the live preview", () => {
  it("shows the edition at once, the score when it comes, and drops a verdict on an edition already replaced", async () => {
    const verdicts: Array<(check: SpamCheck) => void> = [];
    const edition = (html: string): PreviewEdition => previewEdition(html, () => new Promise((resolve) => verdicts.push(resolve)));
    let n = 0;
    const live = new LiveEdition(async () => edition(`<p>${++n}</p>`));
    await live.rebuild();
    expect(live.state()).toMatchObject({ status: "ready", spam: { status: "pending" } });

    const scored: SpamCheck = { status: "scored", score: 0.1, required: 5, rules: [], level: "ok" };
    verdicts[0]!(scored);
    await live.spamChecked();
    expect(live.state().spam).toEqual(scored);

    // A rebuild before the old check reports: the old verdict is not shown for the new edition.
    await live.rebuild();
    expect(live.state().spam).toEqual({ status: "pending" });
    verdicts[1]!({ ...scored, score: 9 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(live.state().spam).toEqual({ ...scored, score: 9 });
    await live.rebuild();
    const stale = verdicts[2]!;
    await live.rebuild();
    stale({ ...scored, score: 4 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(live.state().spam).toEqual({ status: "pending" });
  });
});
