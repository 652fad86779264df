// serve over real HTTP (Node's fetch) on a real edition: one-click unsubscribes from the
// List-Unsubscribe url of a message built as sent copies are, a forged or cut token
// refused, a GET that changes nothing, resubscribe lifting only a self-unsubscribe, the
// archive and feed, and the server's own rules (404, 413, /healthz, loopback, the log).
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebCopy } from "../../../src/app/archive/index.js";
import { startServe, type RunningServe } from "../../../src/app/serve/index.js";
import { openSuppressions, suppressionsPath } from "../../../src/deliver/suppressions/index.js";
import { listIdentityFrom, type Config } from "../../../src/config/index.js";
import { signUnsubscribeToken, unsubscribeUrlFor } from "../../../src/links/index.js";
import type { BuiltEdition } from "../../../src/pipeline.js";
import { TOKEN_KEY } from "../../support/edition.js";
import { tempDir } from "../../support/temp.js";
import { buildSeedEdition, newsroomConfig, recordTwoEditions } from "../archive/support.js";
import { atServe, listUnsubscribeUrl, postOneClick, readerEmail } from "./support.js";

let config: Config;
let built: BuiltEdition;
let copies: [WebCopy, WebCopy];
let serve: RunningServe;
const logged: string[] = [];

beforeAll(async () => {
  config = newsroomConfig(await tempDir("nd-serve-"));
  built = await buildSeedEdition(config);
  copies = await recordTwoEditions(built, config);
  serve = await startServe({ config, tokenKey: TOKEN_KEY, port: 0, log: (line) => logged.push(line) });
});

afterAll(async () => {
  await serve?.close();
});

const listId = () => listIdentityFrom(config).listId;
const storeLines = async (): Promise<string[]> =>
  (await readFile(suppressionsPath(config.send.stateDir, listId()), "utf8").catch(() => "")).split("\n").filter(Boolean);
/** The store as a fresh process would read it. */
async function recorded(): Promise<Map<string, { reason: string; at: string; editionId?: string }>> {
  const store = await openSuppressions(config.send.stateDir, listId());
  const records = await store.list();
  await store.close();
  return new Map(records.map((r) => [r.address, r]));
}
const urlFor = async (email: string) => atServe(serve.url, await listUnsubscribeUrl(built, config, email));

describe("one-click unsubscribe (RFC 8058)", () => {
  it("records the reader of a real message's List-Unsubscribe url, answers 200 with no cookie and no redirect, once however often", async () => {
    const url = await urlFor(readerEmail(1));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=1\./);
    const response = await postOneClick(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.text()).toBe("unsubscribed from Morning Brief\n");
    const record = (await recorded()).get(readerEmail(1));
    expect(record).toEqual({ address: readerEmail(1), reason: "unsubscribed", at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const lines = (await storeLines()).length;
    expect((await postOneClick(url)).status).toBe(200);
    expect((await storeLines()).length).toBe(lines);
  });

  it("takes the one-click field as multipart/form-data too", async () => {
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    const response = await fetch(await urlFor(readerEmail(2)), { method: "POST", body });
    expect(response.status).toBe(200);
    expect((await recorded()).has(readerEmail(2))).toBe(true);
  });

  it("answers a forged, altered or cut token 400 and records nothing", async () => {
    const before = await storeLines();
    const genuine = new URL(await urlFor(readerEmail(3))).searchParams.get("token")!;
    const forged = signUnsubscribeToken("someone-elses-key-0123456789", { listId: listId(), email: readerEmail(3) });
    const [v, list, , mac] = genuine.split(".");
    const otherAddress = [v, list, Buffer.from(readerEmail(4)).toString("base64url"), mac].join(".");
    for (const token of [forged, otherAddress, genuine.slice(0, -3), `${genuine}!!`, "", "1.a.b.c"]) {
      const response = await postOneClick(unsubscribeUrlFor(`${serve.url}/unsubscribe`, token));
      expect(response.status, token).toBe(400);
    }
    expect((await postOneClick(`${serve.url}/unsubscribe`)).status).toBe(400);
    expect(await storeLines()).toEqual(before);
  });

  it("does nothing without the one-click field: a POST must say what it means", async () => {
    const response = await fetch(await urlFor(readerEmail(5)), { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
    expect(response.status).toBe(400);
    expect((await recorded()).has(readerEmail(5))).toBe(false);
  });
});

describe("the unsubscribe page", () => {
  it("on GET names the address and the newsletter, offers one button, and changes nothing", async () => {
    const before = await storeLines();
    const response = await fetch(await urlFor(readerEmail(6)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("form-action 'self'");
    const html = await response.text();
    expect(html).toContain(`<strong>${readerEmail(6)}</strong>`);
    expect(html).toContain("<strong>Morning Brief</strong>");
    expect(html).toMatch(/<form method="post" action=""><input type="hidden" name="token" value="1\.[^"]+"><button type="submit" name="action" value="unsubscribe">Unsubscribe<\/button><\/form>/);
    expect(await storeLines()).toEqual(before);
  });

  it("escapes the address it shows (a signed address is still text from outside)", async () => {
    const token = signUnsubscribeToken(TOKEN_KEY, { listId: listId(), email: '"<img src=x>"@example.org' });
    const html = await (await fetch(unsubscribeUrlFor(`${serve.url}/unsubscribe`, token))).text();
    expect(html).toContain("&quot;&lt;img src=x&gt;&quot;@example.org");
    expect(html).not.toContain("<img");
  });

  it("without a token says where the reader's own link is; with a bad one, that the link does not work (400)", async () => {
    const manage = await fetch(`${serve.url}/unsubscribe`);
    expect(manage.status).toBe(200);
    expect(await manage.text()).toContain("unsubscribe link at the foot of any edition");
    const bad = await fetch(`${serve.url}/unsubscribe?token=1.abc.def.ghi`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("This link does not work");
  });

  it("resubscribe lifts a reader's own unsubscribe, never a bounce", async () => {
    const form = (url: string, action: string) =>
      fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: new URL(url).searchParams.get("token")!, action }).toString() });
    const own = await urlFor(readerEmail(7));
    expect(await (await form(own, "unsubscribe")).text()).toContain("You are unsubscribed");
    expect((await recorded()).get(readerEmail(7))?.reason).toBe("unsubscribed");
    expect(await (await form(own, "resubscribe")).text()).toContain("You are subscribed again");
    expect((await recorded()).has(readerEmail(7))).toBe(false);

    // A bounce recorded by another part of the system: the reader cannot lift it here.
    const bounced = readerEmail(8);
    const side = await openSuppressions(config.send.stateDir, listId());
    await side.add({ address: bounced, reason: "bounced", at: new Date().toISOString() });
    await side.close();
    const other = await startServe({ config, tokenKey: TOKEN_KEY, port: 0 }); // reads the store afresh
    try {
      const page = await (await form(atServe(other.url, await listUnsubscribeUrl(built, config, bounced)), "resubscribe")).text();
      expect(page).toContain("Not receiving this newsletter");
    } finally {
      await other.close();
    }
    expect((await recorded()).get(bounced)?.reason).toBe("bounced");
  });
});

describe("the archive", () => {
  it("lists the editions newest first, serves each web copy and the Atom feed", async () => {
    const index = await fetch(`${serve.url}/editions/`);
    expect(index.status).toBe(200);
    const html = await index.text();
    expect(html.indexOf(`/editions/${copies[1].editionId}`)).toBeLessThan(html.indexOf(`/editions/${copies[0].editionId}`));
    expect((await fetch(`${serve.url}/editions`)).status).toBe(200);
    const copy = await fetch(`${serve.url}/editions/${copies[0].editionId}`);
    expect(copy.status).toBe(200);
    expect(copy.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await copy.text()).toBe(copies[0].html);
    const feed = await fetch(`${serve.url}/editions/feed.xml`);
    expect(feed.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(await feed.text()).toContain(`<id>https://news.test-newsroom.org/editions/${copies[1].editionId}</id>`);
  });

  it("answers 404 for an edition it does not hold and for anything that is not an edition id", async () => {
    for (const path of ["/editions/2030-01-01-none", "/editions/..%2Fserve-unsubscribes", "/editions/a/b", "/editions/%E0%A4%A"]) {
      expect((await fetch(`${serve.url}${path}`)).status, path).toBe(404);
    }
  });
});

describe("the server", () => {
  it("answers /healthz (GET and HEAD), 404 elsewhere, 405 for a wrong method, 413 for a large body", async () => {
    const health = await fetch(`${serve.url}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok\n"]);
    expect((await fetch(`${serve.url}/healthz`, { method: "HEAD" })).status).toBe(200);
    for (const path of ["/", "/admin", "/unsubscribe/extra", "/healthz/x"]) expect((await fetch(`${serve.url}${path}`)).status, path).toBe(404);
    expect((await fetch(`${serve.url}/unsubscribe`, { method: "PUT" })).status).toBe(405);
    expect((await fetch(`${serve.url}/editions/`, { method: "POST" })).status).toBe(405);
    const big = await fetch(await urlFor(readerEmail(9)), { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `List-Unsubscribe=One-Click&pad=${"x".repeat(8000)}` });
    expect(big.status).toBe(413);
    // Streamed, with no Content-Length to refuse it by: cut off as it passes the limit.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("List-Unsubscribe=One-Click&pad="));
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(2048).fill(120));
        controller.close();
      },
    });
    const streamed = await fetch(await urlFor(readerEmail(9)), { method: "POST", body: chunks, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await recorded()).has(readerEmail(9))).toBe(false);
  });

  it("listens on loopback unless told otherwise", () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("logs one line per request: method, path without the query, status, time; never a token or an address", async () => {
    logged.length = 0;
    await postOneClick(await urlFor(readerEmail(10)));
    await fetch(`${serve.url}/nowhere?token=abc`);
    expect(logged).toEqual([expect.stringMatching(/^POST \/unsubscribe 200 \d+ms$/), expect.stringMatching(/^GET \/nowhere 404 \d+ms$/)]);
    expect(logged.join("\n")).not.toMatch(/token|@|1\./);
  });
});

describe("many readers at once", () => {
  it("records all 200 of 200 concurrent one-click POSTs, each answered 200 only once durable", async () => {
    const urls = await Promise.all(Array.from({ length: 200 }, (_, i) => urlFor(readerEmail(100 + i))));
    const responses = await Promise.all(urls.map((url) => postOneClick(url)));
    expect(responses.map((r) => r.status)).toEqual(urls.map(() => 200));
    const store = await recorded();
    expect(Array.from({ length: 200 }, (_, i) => store.has(readerEmail(100 + i))).filter(Boolean)).toHaveLength(200);
  });
});

