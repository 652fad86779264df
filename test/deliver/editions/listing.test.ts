// `news-digest editions` reads what the real send path wrote: the list's send history,
// the edition's ledger, and the contents record. Sends go through a real list run to a
// real SMTP server (smtp-server on loopback).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { editionsCommand } from "../../../src/cli/editions.js";
import { runCommand } from "../../support/cli.js";
import { formatEditions, listEditions } from "../../../src/deliver/editions/listing.js";
import { recordEditionContents } from "../../../src/deliver/editions/record.js";
import { DEFAULT_LIMITS } from "../../../src/deliver/send/list-run.js";
import { resolveSmtp } from "../../../src/deliver/send/smtp.js";
import { listStateDir } from "../../../src/deliver/ledger/state-layout.js";
import { smtpMessenger } from "../../../src/deliver/send/messengers/index.js";
import type { Story } from "../../../src/model.js";
import { identity, runTestList, testEdition, testNewsletter, writeCsvList } from "../../support/edition.js";
import { tempDir } from "../../support/temp.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";

let dir: string;
let smtp: TestSmtpServer;

beforeEach(async () => {
  dir = await tempDir("nd-editions-list-");
  smtp = await startSmtpServer({ rejectPermanently: new Set(["person0003@example.org"]) });
});

afterEach(async () => {
  await smtp.close();
});

function story(id: string): Story {
  return { id, kind: "article", source: { name: "Example" }, headline: `Story ${id}`, paragraphs: [], captions: [], origin: { file: "x" } };
}

async function send(list: string, editionId: string, storyIds: string[]) {
  const newsletter = testNewsletter(join(dir, "state"), {
    viewInBrowserUrl: `https://news.example.com/editions/${editionId}`,
    messenger: () => smtpMessenger(resolveSmtp({ flag: smtp.url, env: {} }), { connections: 2 }),
    limits: { ...DEFAULT_LIMITS, concurrency: 2, retryBaseMs: 2, retryMaxMs: 20 },
  });
  return runTestList(newsletter, list, { edition: testEdition(editionId, storyIds) });
}

const newsletterState = () => ({ stateDir: join(dir, "state"), listId: identity.listId });

describe("listEditions", () => {
  it("shows per list each edition's dates, stories, deliveries and failures with reasons", async () => {
    const list = await writeCsvList(dir, 4);
    const key = "list.csv";
    const stateDir = join(dir, "state");
    const listDir = listStateDir(stateDir, identity.listId, key);

    recordEditionContents(listDir, "2024-06-19-test-digest", new Date("2024-06-19T07:00:00Z"), [story("a"), story("b")]);
    await send(list, "2024-06-19-test-digest", ["a", "b"]);
    // Built but not sent (e.g. the run was stopped before sending).
    recordEditionContents(listDir, "2024-06-20-test-digest", new Date("2024-06-20T07:00:00Z"), [story("c")]);

    const { lists, problems } = await listEditions(newsletterState());
    expect(problems).toEqual([]);
    expect(lists).toHaveLength(1);
    expect(lists[0]?.list).toBe(key);
    const [sent, built] = lists[0]!.editions;
    expect(sent).toMatchObject({
      editionId: "2024-06-19-test-digest",
      builtAt: "2024-06-19T07:00:00.000Z",
      status: "sent",
      stories: 2,
      delivered: 3,
      failed: 1,
      runs: 1,
      failures: [{ email: "person0003@example.org", reason: expect.stringMatching(/550/) }],
    });
    expect(sent?.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(built).toMatchObject({ editionId: "2024-06-20-test-digest", status: "built", sentAt: null, stories: 1, delivered: 0 });

    const text = formatEditions(lists);
    expect(text).toContain(key);
    expect(text).toMatch(/2024-06-19-test-digest {2}built 2024-06-19 07:00Z {2}sent \d{4}-\d{2}-\d{2} \d{2}:\d{2}Z {2}2 stories {2}3 delivered {2}1 failed/);
    expect(text).toMatch(/person0003@example\.org: .*550/);
    expect(text).toMatch(/2024-06-20-test-digest {2}built 2024-06-20 07:00Z {2}not sent {2}1 story/);
  });

  it("filters by list and says so when nothing is recorded", async () => {
    const list = await writeCsvList(dir, 2);
    await send(list, "2024-06-19-test-digest", ["a"]);
    expect((await listEditions(newsletterState(), [join(dir, "nope")])).lists).toEqual([]);
    expect((await listEditions(newsletterState(), [listStateDir(join(dir, "state"), identity.listId, "list.csv")])).lists).toHaveLength(1);
    expect(formatEditions([])).toBe("no editions recorded yet\n");
    expect((await listEditions({ stateDir: join(dir, "missing"), listId: identity.listId })).lists).toEqual([]);
  });

  it("news-digest editions --json prints the same listing for scripts", async () => {
    const list = await writeCsvList(dir, 2);
    await send(list, "2024-06-19-test-digest", ["a", "b"]);
    const missingConfig = await runCommand(editionsCommand, ["--state", join(dir, "state"), "--json", "--config", join(dir, "none.json")]);
    expect(missingConfig.code).toBe(2); // a named config file that does not exist is an error
    const config = join(dir, "config.json");
    await writeFile(config, JSON.stringify({ from: identity.from, send: { listId: identity.listId } }));
    const { code, stdout } = await runCommand(editionsCommand, ["--state", join(dir, "state"), "--json", "--config", config]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed.lists).toEqual([
      { list: "list.csv", editions: [expect.objectContaining({ editionId: "2024-06-19-test-digest", stories: 2, delivered: 2, failed: 0 })] },
    ]);
  });
});
