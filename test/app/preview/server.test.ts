// The preview server over plain HTTP, on the real pipeline: what it serves and what it
// refuses (path traversal, foreign Host headers, cross-site send requests), "send
// test" through a real SMTP server, and the clear error for a port in use.
import { spawn } from "node:child_process";
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreviewServerError, type RunningPreview } from "../../../src/app/preview/index.js";
import { runCli } from "../../../src/cli/news-digest.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";
import { BIN } from "../../support/spawn.js";
import { PREVIEW_NOW, rawRequest, saveByRename, startTestPreview, tempProject, tokenFromPage, waitFor, type TempProject } from "./support.js";

const TOKEN_KEY = "preview-test-key-0123456789abcdef";

describe("preview server (HTTP)", () => {
  let project: TempProject;
  let preview: RunningPreview;
  let port: number;
  let token: string;

  beforeAll(async () => {
    project = await tempProject();
    preview = await startTestPreview(project); // empty env: no SMTP, no unsubscribe key, so sending is not configured
    await preview.ready;
    port = preview.server.port;
    token = tokenFromPage((await rawRequest(port, "/")).body);
  });

  afterAll(async () => {
    await preview?.close();
    await project?.remove();
  });

  it("binds to 127.0.0.1 by default and serves the page with a strict policy", async () => {
    expect(preview.server.host).toBe("127.0.0.1");
    expect(preview.url).toBe(`http://127.0.0.1:${port}/`);
    const page = await rawRequest(port, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("serves the edition the pipeline built: HTML, text and digest", async () => {
    const edition = preview.live.edition!;
    const headline = edition.digest.topics[0]!.stories[0]!.headline;
    const html = await rawRequest(port, "/email.html");
    expect(html.status).toBe(200);
    expect(html.body).toBe(edition.html);
    expect(html.body).toContain("reader@example.com"); // the sample reader's copy, placeholders filled
    expect(html.headers["content-security-policy"]).toContain("default-src 'none'");
    expect((await rawRequest(port, "/email.txt")).body).toContain(headline);
    expect(JSON.parse((await rawRequest(port, "/digest.json")).body).edition.id).toBe(edition.editionId);
    const dark = await rawRequest(port, "/email.html?scheme=dark");
    expect(dark.body).not.toContain("prefers-color-scheme");
    expect(dark.body).toContain("color-scheme: dark !important");
  });

  it.each([
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/email.html/../../../../etc/passwd",
    "/..%5c..%5cetc%5cpasswd",
    "/templates/layout.mjml",
    "/seeds/",
    "/package.json",
  ])("refuses %s", async (path) => {
    const response = await rawRequest(port, path);
    expect([403, 404]).toContain(response.status);
    expect(response.body).not.toContain("root:");
    expect(response.body).not.toContain("<mjml");
  });

  it("answers only requests addressed to a loopback name", async () => {
    const rebinding = await rawRequest(port, "/state.json", { headers: { Host: `attacker.example:${port}` } });
    expect(rebinding.status).toBe(403);
    expect((await rawRequest(port, "/state.json", { headers: { Host: `localhost:${port}` } })).status).toBe(200);
  });

  it("refuses a send-test POST from another site or without the page's token", async () => {
    const body = JSON.stringify({ address: "editor@example.com" });
    const json = { "Content-Type": "application/json" };
    const noToken = await rawRequest(port, "/send-test", { method: "POST", headers: json, body });
    expect(noToken.status).toBe(403);
    const crossSite = await rawRequest(port, "/send-test", {
      method: "POST",
      headers: { ...json, "X-Preview-Token": token, Origin: "https://attacker.example", "Sec-Fetch-Site": "cross-site" },
      body,
    });
    expect(crossSite.status).toBe(403);
    // What a plain HTML form on another site could send: no custom header, a form body.
    const form = await rawRequest(port, "/send-test", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://attacker.example" },
      body: "address=editor%40example.com",
    });
    expect(form.status).toBe(403);
    expect((await rawRequest(port, "/send-test", { headers: { "X-Preview-Token": token } })).status).toBe(405);
  });

  it("says clearly when sending is not configured", async () => {
    const state = JSON.parse((await rawRequest(port, "/state.json")).body);
    expect(state.send.ready).toBe(false);
    expect(state.send.reason).toMatch(/^sending is not configured: /);
    const response = await rawRequest(port, "/send-test", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Preview-Token": token, Origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ address: "editor@example.com" }),
    });
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body).error).toMatch(/not configured/);
  });

  it("keeps serving when a template breaks, and recovers on the next good save", async () => {
    const footer = join(project.templates, "partials", "footer.mjml");
    const good = await readFile(footer, "utf8");
    const versionBefore = preview.live.version;
    await saveByRename(footer, good.replace("{{footer.reason}}", "{{#if footer.reason}}{{footer.reason}}"));
    await waitFor("the failure", () => preview.live.state().status === "failed");
    const failed = JSON.parse((await rawRequest(port, "/state.json")).body);
    expect(failed.failure.problems[0].file).toContain("footer.mjml");
    expect(failed.editionVersion).toBe(versionBefore); // the last good edition is still served
    expect((await rawRequest(port, "/email.html")).status).toBe(200);
    await saveByRename(footer, good.replaceAll("{{footer.reason}}", "Recovered footer. {{footer.reason}}"));
    await waitFor("the recovery", () => preview.live.state().status === "ready" && preview.live.version > versionBefore);
    expect((await rawRequest(port, "/email.html")).body).toContain("Recovered footer.");
  });

  it("rebuilds when a story is added to the stories folder", async () => {
    const before = preview.live.edition!.digest.counts.stories;
    await copyFile(join("test", "fixtures", "formats", "markdown", "harbour-bridge.md"), join(project.seeds, "harbour-bridge.md"));
    await waitFor("the new story", () => (preview.live.edition?.digest.counts.stories ?? 0) > before);
    expect((await rawRequest(port, "/email.html")).body).toContain("Harbour bridge reopens");
    expect(preview.live.edition!.mode).toBe("full");
  });

  it("rebuilds when the theme changes", async () => {
    const themeFile = join(project.templates, "theme.json");
    const theme = await readFile(themeFile, "utf8");
    expect(theme).toContain('"background": "#f4f1ea"');
    await saveByRename(themeFile, theme.replace('"background": "#f4f1ea"', '"background": "#f5f0e1"'));
    await waitFor("the new background", () => preview.live.edition?.html.includes("#f5f0e1") === true);
    expect(preview.live.edition!.mode).toBe("templates");
  });

  it("rebuilds when the config file appears, shows its errors with line, and recovers", async () => {
    const configFile = join(project.dir, "news-digest.config.json");
    await writeFile(configFile, '{\n  "title": "The Harbour Letter"\n}\n');
    await waitFor("the new title", () => preview.live.edition?.digest.edition.title === "The Harbour Letter");
    expect((await rawRequest(port, "/email.html")).body).toContain("The Harbour Letter");
    await saveByRename(configFile, '{\n  "title": "The Harbour Letter",\n  "timeZone": "Mars/Olympus"\n}\n');
    await waitFor("the config failure", () => preview.live.state().status === "failed");
    expect(preview.live.state().failure).toMatchObject({ title: "Config error", problems: [{ line: 3 }] });
    expect(preview.live.state().failure!.problems[0]!.file).toContain("news-digest.config.json");
    await rm(configFile);
    await waitFor("the default title again", () => preview.live.state().status === "ready" && preview.live.edition?.digest.edition.title === "News Digest");
  });

  it("reports a port in use as a PreviewServerError naming the port", async () => {
    const error = await startTestPreview(project, { port }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PreviewServerError);
    expect((error as Error).message).toContain(`port ${port} is already in use`);
    expect((error as Error).message).not.toContain("\n");
  });
});

describe("preview send test (real SMTP server)", () => {
  let project: TempProject;
  let smtp: TestSmtpServer;
  let preview: RunningPreview;

  beforeAll(async () => {
    project = await tempProject();
    smtp = await startSmtpServer();
    preview = await startTestPreview(project, { env: { SMTP_URL: smtp.url, NEWS_DIGEST_TOKEN_KEY: TOKEN_KEY } });
    await preview.ready;
  });

  afterAll(async () => {
    await preview?.close();
    await smtp?.close();
    await project?.remove();
  });

  it("sends the current edition to one address, marked as a test, as `send --test` does", async () => {
    const port = preview.server.port;
    const token = tokenFromPage((await rawRequest(port, "/")).body);
    const response = await rawRequest(port, "/send-test", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Preview-Token": token, Origin: `http://127.0.0.1:${port}` },
      body: JSON.stringify({ address: "editor@example.com" }),
    });
    expect(response.status, response.body).toBe(200);
    expect(JSON.parse(response.body).message).toContain("sent to editor@example.com");
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.recipients).toEqual(["editor@example.com"]);
    const email = await PostalMime.parse(smtp.received[0]!.raw);
    const edition = preview.live.edition!;
    expect(email.subject).toBe(`[TEST] ${edition.subject}`);
    expect(email.headers.find((h) => h.key === "x-news-digest-test")?.value).toBe("yes");
    // The headline starts a line of the text part, so its first words are never wrapped apart.
    const firstWords = edition.digest.topics[0]!.stories[0]!.headline.split(" ").slice(0, 3).join(" ");
    expect(email.text).toContain(firstWords);
    expect(email.html).toContain("editor@example.com"); // personalised for the test address
  });

  it("rejects a malformed address before connecting to anything", async () => {
    const port = preview.server.port;
    const token = tokenFromPage((await rawRequest(port, "/")).body);
    const before = smtp.stats.rcpt;
    const response = await rawRequest(port, "/send-test", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Preview-Token": token },
      body: JSON.stringify({ address: "not an address" }),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toContain("has no @");
    expect(smtp.stats.rcpt).toBe(before);
  });
});

describe("news-digest preview (the command)", () => {
  let blocker: Server;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
  });

  afterAll(async () => {
    await new Promise<void>((done) => blocker.close(() => done()));
  });

  it("exits 1 with one line naming the port when the port is in use", async () => {
    const port = (blocker.address() as AddressInfo).port;
    const child = spawn(
      process.execPath,
      [BIN, "preview", "--port", String(port), "--now", PREVIEW_NOW.toISOString()],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      `news-digest preview: port ${port} is already in use on 127.0.0.1: stop whatever runs there or choose another port with --port`,
    ]);
  }, 60_000);
});

describe("preview server bound to every interface (--host 0.0.0.0)", () => {
  let project: TempProject;
  let preview: RunningPreview;
  let port: number;

  beforeAll(async () => {
    project = await tempProject();
    preview = await startTestPreview(project, { host: "0.0.0.0", allowHosts: ["preview.newsroom.example"] });
    await preview.ready;
    port = preview.server.port;
  });

  afterAll(async () => {
    await preview?.close();
    await project?.remove();
  });

  it("refuses a DNS-rebinding host name: no page, no token, no send-test", async () => {
    const attacker = { Host: `rebind.attacker.example:${port}`, Origin: `http://rebind.attacker.example:${port}` };
    const page = await rawRequest(port, "/", { headers: attacker });
    expect(page.status).toBe(403);
    expect(page.body).toMatch(/--allow-host/);
    const token = tokenFromPage((await rawRequest(port, "/")).body);
    const send = await rawRequest(port, "/send-test", {
      method: "POST",
      headers: { ...attacker, "Content-Type": "application/json", "X-Preview-Token": token },
      body: JSON.stringify({ address: "editor@example.com" }),
    });
    expect(send.status).toBe(403);
  });

  it("the CLI warns at startup that anyone who can reach the address can use the page", async () => {
    // The command in this process, stopped as Ctrl-C stops it once it says it is running:
    // the warning is the command's own output. How a real preview process exits is the
    // port-in-use test's above; SIGINT and SIGTERM become this signal in src/cli/kit/stop.ts,
    // which the schedule and send process tests cover.
    const stop = new AbortController();
    let stderr = "";
    const code = await runCli(
      ["preview", "--host", "0.0.0.0", "--port", "0", "--allow-host", "box.lan", "--now", PREVIEW_NOW.toISOString()],
      {
        stdout: () => undefined,
        stderr: (text) => {
          stderr += text;
          if (stderr.includes("preview running")) stop.abort();
        },
        env: process.env,
        cwd: process.cwd(),
        signal: stop.signal,
        stdin: Readable.from([]),
      },
    );
    expect(stderr).toContain("preview running");
    expect(stderr.split("\n")).toContain('warning: listening on 0.0.0.0: anyone who can reach this address can use the preview page, including "send test"');
    expect(code).toBe(0);
  });

  it("answers this machine's name, loopback and --allow-host names", async () => {
    for (const name of [hostname(), "localhost", "127.0.0.1", "preview.newsroom.example"]) {
      expect((await rawRequest(port, "/state.json", { headers: { Host: `${name}:${port}` } })).status, name).toBe(200);
    }
  });
});
