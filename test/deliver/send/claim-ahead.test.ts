// A sender claims its next reader while the current message is on the wire: the claim's
// disk flush overlaps the SMTP transaction. Watched at the real ledger file, with a
// messenger that holds each message until the test lets it go.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ledgerPaths } from "../../../src/deliver/ledger/index.js";
import type { Messenger, OutgoingMessage } from "../../../src/deliver/send/index.js";
import { DEFAULT_LIMITS } from "../../../src/deliver/send/index.js";
import { identity, personEmail, runTestList, testEdition, testNewsletter, writeCsvList } from "../../support/edition.js";
import { tempDir } from "../../support/temp.js";

/** A messenger whose every message waits for `release()`. */
function heldMessenger(): Messenger & { waiting: OutgoingMessage[]; release(): void; sent: string[] } {
  const gates: (() => void)[] = [];
  const held = {
    name: "held",
    delivers: true,
    waiting: [] as OutgoingMessage[],
    sent: [] as string[],
    async send(message: OutgoingMessage) {
      held.waiting.push(message);
      await new Promise<void>((resolve) => gates.push(resolve));
      held.sent.push(message.envelope.to[0]!);
      return {};
    },
    release() {
      held.waiting.length = 0;
      for (const open of gates.splice(0)) open();
    },
    async close() {},
  };
  return held;
}

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 500 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("claiming ahead", () => {
  it("writes the next reader's claim while the current message is still on the wire, and sends each reader once", async () => {
    const dir = await tempDir();
    const messenger = heldMessenger();
    const newsletter = testNewsletter(dir, { messenger: () => messenger, limits: { ...DEFAULT_LIMITS, concurrency: 1 } });
    const log = ledgerPaths(dir, identity.listId, testEdition().editionId).log;
    const claims = async (): Promise<string[]> =>
      (await readFile(log, "utf8").catch(() => ""))
        .split("\n")
        .filter((line) => line.includes('"ev":"try"'))
        .map((line) => (JSON.parse(line) as { to: string }).to);

    const running = runTestList(newsletter, await writeCsvList(dir, 3));
    await until(() => messenger.waiting.length === 1);
    // Reader 1's message is held at the server; reader 2 is already claimed on disk.
    await until(async () => (await claims()).length === 2);
    expect(await claims()).toEqual([personEmail(1), personEmail(2)]);
    expect(messenger.sent).toEqual([]);
    for (let i = 0; i < 3; i++) {
      await until(() => messenger.waiting.length === 1);
      messenger.release();
    }
    const report = await running;
    expect(report).toMatchObject({ sent: 3, uncertain: 0 });
    expect(messenger.sent).toEqual([personEmail(1), personEmail(2), personEmail(3)]);
  });

  it("records a reader claimed ahead as not sent when the run stops, so the next run sends it without calling it uncertain", async () => {
    const dir = await tempDir();
    const messenger = heldMessenger();
    const newsletter = testNewsletter(dir, { messenger: () => messenger, limits: { ...DEFAULT_LIMITS, concurrency: 1 } });
    const list = await writeCsvList(dir, 3);
    const stop = new AbortController();
    const running = runTestList(newsletter, list, { signal: stop.signal });
    await until(() => messenger.waiting.length === 1);
    stop.abort();
    messenger.release();
    const stopped = await running;
    expect(stopped).toMatchObject({ outcome: "paused", sent: 1 });

    const again = heldMessenger();
    const resumed = runTestList(testNewsletter(dir, { messenger: () => again, limits: { ...DEFAULT_LIMITS, concurrency: 1 } }), list);
    for (let i = 0; i < 2; i++) {
      await until(() => again.waiting.length === 1);
      again.release();
    }
    expect(await resumed).toMatchObject({ sent: 2, alreadySent: 1, uncertain: 0, interrupted: false });
    expect(again.sent).toEqual([personEmail(2), personEmail(3)]);
  });
});
