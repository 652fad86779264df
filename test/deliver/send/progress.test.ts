// What a send prints while it runs: a bar on a terminal, plain lines elsewhere.
import { describe, expect, it } from "vitest";
import { parseEdition } from "../../../src/deliver/send/edition-file.js";
import { createProgress } from "../../../src/deliver/send/progress.js";

function capture() {
  const chunks: string[] = [];
  return { stream: { write: (text: string) => chunks.push(text) } as unknown as NodeJS.WritableStream, text: () => chunks.join(""), chunks };
}

const counters = (sent: number, rows = sent) => ({ rows, sent, failed: 0, deferred: 0, skipped: 0, suppressed: 0 });

describe("createProgress", () => {
  it("prints plain lines every few seconds when not on a terminal, and every problem at once", () => {
    const out = capture();
    let now = 0;
    const progress = createProgress({ stream: out.stream, tty: false, everySeconds: 5, now: () => now, redact: (t) => t.replace("s3cret", "***") });
    progress.started!({ round: 0, uncertain: 3, interrupted: true, resumed: true, newRound: false });
    now = 1000;
    progress.progress!(counters(10));
    now = 2000;
    progress.progress!(counters(20));
    progress.failed!({ email: "bad@example.org", line: 7, code: 550, reason: "550 5.1.1 no such user (s3cret)", permanent: true });
    now = 7000;
    progress.progress!(counters(70));
    progress.finish();
    expect(out.text()).toBe(
      "previous run was interrupted: 3 message(s) were in flight and may have been delivered; they are sent again (at most 3 possible duplicate(s))\n" +
        "sent 10 · failed 0 · 10.0/s\n" +
        "failed: bad@example.org (line 7): 550 5.1.1 no such user (***)\n" +
        "sent 70 · failed 0 · 10.0/s\n",
    );
    expect(out.text()).not.toContain("\r");
  });

  it("counts readers skipped as suppressed apart from those already done", () => {
    const out = capture();
    let now = 0;
    const progress = createProgress({ stream: out.stream, tty: false, everySeconds: 5, now: () => now });
    now = 6000;
    progress.progress!({ ...counters(10, 15), skipped: 2, suppressed: 3 });
    progress.finish();
    expect(out.text()).toContain("sent 10 · failed 0 · already done 2 · suppressed 3 ·");
  });

  it("redraws one bar in place on a terminal, with time left, and clears it at the end", () => {
    const out = capture();
    let now = 0;
    const progress = createProgress({ stream: out.stream, tty: true, total: 1000, now: () => now });
    now = 10_000;
    progress.progress!(counters(250));
    now = 10_050; // too soon to redraw
    progress.progress!(counters(255));
    now = 20_000;
    progress.progress!(counters(500));
    progress.finish();
    expect(out.chunks).toEqual([
      "\r\x1b[K[######------------------] 25% sent 250 · failed 0 · 25.0/s · 30s left",
      "\r\x1b[K[############------------] 50% sent 500 · failed 0 · 25.0/s · 20s left",
      "\r\x1b[K",
    ]);
  });
});

describe("parseEdition", () => {
  it("accepts a compiled edition and names what is missing", () => {
    const edition = { editionId: "e1", subject: "S", preheader: "P", html: "<p>x</p>", text: "x", storyIds: ["a"] };
    expect(parseEdition(edition, "edition.json")).toEqual(edition);
    expect(parseEdition({ ...edition, preheader: undefined }, "edition.json").preheader).toBe("");
    expect(() => parseEdition({ ...edition, html: 3 }, "edition.json")).toThrow(/^edition\.json: expected a compiled edition .*"html" is missing or not a string$/);
    expect(() => parseEdition({ ...edition, storyIds: [1] }, "edition.json")).toThrow(/"storyIds" must be a list of strings/);
    expect(() => parseEdition([], "edition.json")).toThrow(/expected a compiled edition/);
  });
});
