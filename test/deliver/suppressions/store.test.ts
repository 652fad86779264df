// The suppression list on disk: what it records, what a replay gives back, and that
// concurrent writers (in this process, and two openers of one file as two processes
// would be) lose nothing.
import { appendFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openSuppressions, suppressionsPath, SuppressionError } from "../../../src/deliver/suppressions/index.js";
import { tempDir } from "../../support/temp.js";

const LIST = "morning.news.example.com";

async function fresh() {
  const stateDir = await tempDir("nd-suppressions-");
  const warnings: string[] = [];
  const open = () => openSuppressions(stateDir, LIST, { warn: (m) => warnings.push(m) });
  return { stateDir, path: suppressionsPath(stateDir, LIST), warnings, open };
}

function lines(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("the suppression list", () => {
  it("records adds and removes, and a replay gives back the current set", async () => {
    const { path, open } = await fresh();
    const list = await open();
    await list.add({ address: "Ann@Example.org", reason: "unsubscribed", editionId: "2024-05-01", at: "2024-05-01T08:00:00Z" });
    await list.add({ address: "bob@example.org", reason: "bounced", status: "5.1.1", diagnostic: "550 5.1.1 user unknown", at: "2024-05-02T08:00:00Z" });
    await list.add({ address: "cy@example.org", reason: "manual", at: "2024-05-03T08:00:00Z" });
    expect(await list.remove("CY@example.org")).toMatchObject({ address: "cy@example.org", reason: "manual" });
    expect(list.has("ann@example.org")).toBe(true);
    expect(list.has("cy@example.org")).toBe(false);
    await list.close();

    expect(lines(path)).toEqual([
      { ev: "add", address: "Ann@Example.org", reason: "unsubscribed", at: "2024-05-01T08:00:00.000Z", editionId: "2024-05-01" },
      { ev: "add", address: "bob@example.org", reason: "bounced", at: "2024-05-02T08:00:00.000Z", status: "5.1.1", diagnostic: "550 5.1.1 user unknown" },
      { ev: "add", address: "cy@example.org", reason: "manual", at: "2024-05-03T08:00:00.000Z" },
      { ev: "remove", address: "cy@example.org", at: expect.any(String), reason: "manual" },
    ]);
    const again = await open();
    expect(again.list().map((s) => [s.address, s.reason])).toEqual([
      ["Ann@Example.org", "unsubscribed"],
      ["bob@example.org", "bounced"],
    ]);
    expect(again.get("ANN@example.ORG")).toEqual({ address: "Ann@Example.org", reason: "unsubscribed", at: "2024-05-01T08:00:00.000Z", editionId: "2024-05-01" });
    await again.close();
  });

  it("knows a Unicode domain by its punycode form, as the send pipe keys readers", async () => {
    const { open } = await fresh();
    const list = await open();
    await list.add({ address: "zoe@bücher.example", reason: "complained" });
    expect(list.has("zoe@xn--bcher-kva.example")).toBe(true);
    expect(list.has("Zoe@BÜCHER.example")).toBe(true);
    await list.close();
  });

  it("writes an address once: adding it again keeps the first reason, but anything outranks an unsubscribe", async () => {
    const { path, open } = await fresh();
    const list = await open();
    await list.add({ address: "ann@example.org", reason: "unsubscribed" });
    await list.add({ address: "ann@example.org", reason: "unsubscribed" });
    expect((await list.add({ address: "ann@example.org", reason: "bounced", status: "5.1.1" })).reason).toBe("bounced");
    expect((await list.add({ address: "ann@example.org", reason: "unsubscribed" })).reason).toBe("bounced");
    await list.close();
    expect(lines(path).map((l) => l.reason)).toEqual(["unsubscribed", "bounced"]);
  });

  it("a resubscribe lifts only an unsubscribe", async () => {
    const { open } = await fresh();
    const list = await open();
    await list.add({ address: "ann@example.org", reason: "unsubscribed" });
    await list.add({ address: "bob@example.org", reason: "bounced", status: "5.1.1" });
    await list.add({ address: "cy@example.org", reason: "complained" });
    const resubscribe = { onlyReasons: ["unsubscribed" as const] };
    expect(await list.remove("ann@example.org", resubscribe)).toMatchObject({ reason: "unsubscribed" });
    expect(await list.remove("bob@example.org", resubscribe)).toBeUndefined();
    expect(await list.remove("cy@example.org", resubscribe)).toBeUndefined();
    expect(await list.remove("nobody@example.org", resubscribe)).toBeUndefined();
    expect(list.list().map((s) => s.address)).toEqual(["bob@example.org", "cy@example.org"]);
    await list.close();
  });

  it("is owner-only (0600)", async () => {
    const { path, open } = await fresh();
    const list = await open();
    await list.add({ address: "ann@example.org", reason: "manual" });
    await list.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("records all of 200 concurrent adds", async () => {
    const { path, open } = await fresh();
    const list = await open();
    const addresses = Array.from({ length: 200 }, (_, i) => `reader${i}@example.org`);
    await Promise.all(addresses.map((address) => list.add({ address, reason: "unsubscribed" })));
    expect(list.list()).toHaveLength(200);
    await list.close();
    expect(lines(path)).toHaveLength(200);
    const again = await open();
    expect(addresses.every((a) => again.has(a))).toBe(true);
    await again.close();
  });

  it("concurrent adds and removes of one address run one after another", async () => {
    const { path, open } = await fresh();
    const list = await open();
    await Promise.all([
      list.add({ address: "ann@example.org", reason: "unsubscribed" }),
      list.add({ address: "ANN@example.org", reason: "unsubscribed" }),
      list.remove("ann@example.org"),
      list.add({ address: "ann@example.org", reason: "manual" }),
    ]);
    await list.close();
    expect(lines(path).map((l) => l.ev)).toEqual(["add", "remove", "add"]);
  });

  it("two openers of one file (as two processes) each see what the other wrote, and nothing is lost", async () => {
    const { open } = await fresh();
    const [serve, send] = [await open(), await open()];
    await Promise.all([
      ...Array.from({ length: 100 }, (_, i) => serve.add({ address: `s${i}@example.org`, reason: "unsubscribed" })),
      ...Array.from({ length: 100 }, (_, i) => send.add({ address: `b${i}@example.org`, reason: "bounced", status: "5.1.1" })),
    ]);
    expect(send.has("s42@example.org")).toBe(true);
    expect(serve.has("b42@example.org")).toBe(true);
    // A resubscribe through one while the other recorded a bounce for the same reader: the bounce stands.
    await serve.add({ address: "ann@example.org", reason: "unsubscribed" });
    expect(send.get("ann@example.org")?.reason).toBe("unsubscribed");
    await send.add({ address: "ann@example.org", reason: "bounced", status: "5.1.1" });
    await serve.remove("ann@example.org", { onlyReasons: ["unsubscribed"] });
    expect(serve.get("ann@example.org")?.reason).toBe("bounced");
    await Promise.all([serve.close(), send.close()]);
    const again = await open();
    expect(again.list()).toHaveLength(201);
    await again.close();
  });

  it("cuts a torn last line with a warning, and reports a malformed line file:line: and skips it", async () => {
    const { path, warnings, open } = await fresh();
    const list = await open();
    await list.add({ address: "ann@example.org", reason: "manual" });
    await list.close();
    appendFileSync(path, '{"ev":"add","address":"x@example.org"}\nnot json\n{"ev":"add","address":"bob@example.org","reason":"bou');
    const again = await open();
    expect(warnings).toEqual([
      `${path}:4: torn last line (a write cut short); cut off`,
      `${path}:2: malformed "add" record; skipped`,
      `${path}:3: not JSON; skipped`,
    ]);
    expect(again.list().map((s) => s.address)).toEqual(["ann@example.org"]);
    await again.add({ address: "cy@example.org", reason: "manual" });
    await again.close();
    expect(readFileSync(path, "utf8").split("\n").at(-2)).toMatch(/^\{"ev":"add","address":"cy@example.org"/);
  });

  it("refuses an address that is not one, or an unknown reason", async () => {
    const { open } = await fresh();
    const list = await open();
    await expect(list.add({ address: "not-an-address", reason: "manual" })).rejects.toThrow(SuppressionError);
    await expect(list.add({ address: "ann@example.org", reason: "bored" as "manual" })).rejects.toThrow(/unknown reason "bored"/);
    await list.close();
  });

  it("starts empty when the file does not exist, and reads a hand-written one", async () => {
    const { path, open } = await fresh();
    const first = await open();
    expect(first.list()).toEqual([]);
    await first.close();
    writeFileSync(path, '{"ev":"add","address":"ann@example.org","reason":"complained","at":"2024-01-01T00:00:00Z"}\n');
    const list = await open();
    expect(list.has("ann@example.org")).toBe(true);
    await list.close();
  });
});
