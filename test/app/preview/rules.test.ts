// The preview's pure parts: the checks panel, the forced colour scheme, which
// requests the server answers, and how a failed build is described.
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../src/config/load.js";
import { MAX_HTML_BYTES } from "../../../src/render/email-rules.js";
import { EmailRuleError, TemplateError } from "../../../src/render/errors.js";
import { describeFailure, formatFailure } from "../../../src/app/preview/build-failure.js";
import { linkProblem, previewChecks } from "../../../src/app/preview/checks.js";
import { forceColorScheme } from "../../../src/app/preview/color-scheme.js";
import { scanImagesAndLinks } from "../../../src/app/preview/html-scan.js";
import { allowedHostNames, isAllowedHostHeader, resolveRequest, sendRequestProblem } from "../../../src/app/preview/request-rules.js";
import { digestOf } from "../../fixtures/edition/render.js";

describe("checks panel", () => {
  const digest = digestOf();

  it("lists images without alt text by src, with entities decoded", () => {
    const html =
      '<img src="https://a.example/1.png" alt="A chart"><IMG SRC="https://a.example/2.png?x=1&amp;y=2">' +
      '<img src="https://a.example/3.png" alt="  ">';
    const checks = previewChecks(html, digest);
    expect(checks.images.total).toBe(3);
    expect(checks.images.withoutAlt).toEqual(["https://a.example/2.png?x=1&y=2", "https://a.example/3.png"]);
    expect(checks.images.level).toBe("fail");
  });

  it("flags links with no href or a href that is not http(s), with their text", () => {
    const html = [
      '<a href="https://ok.example/story">Fine</a>',
      '<a href="mailto:unsubscribe@example.com">By mail</a>',
      "<a>No <b>href</b> at all</a>",
      '<a href="  ">Blank</a>',
      '<a href="&#106;avascript:alert(1)">Sneaky</a>',
      '<a href="/relative/path">Relative</a>',
      '<a href="ftp://files.example/x">Old</a>',
      '<a href="#top">Top</a>',
    ].join("\n");
    const checks = previewChecks(html, digest);
    expect(checks.links.total).toBe(8);
    const byText = new Map(checks.links.problems.map((p) => [p.text, p]));
    expect([...byText.keys()]).toEqual(["No href at all", "Blank", "Sneaky", "Relative", "Old", "Top"]);
    expect(byText.get("No href at all")).toMatchObject({ href: null, level: "fail" });
    expect(byText.get("Sneaky")).toMatchObject({ href: "javascript:alert(1)", level: "fail" });
    expect(byText.get("Sneaky")!.reason).toContain("javascript");
    expect(byText.get("Top")!.level).toBe("warn");
    expect(checks.links.level).toBe("fail");
  });

  it("passes an email whose links all work and whose images all have alt text", () => {
    const checks = previewChecks('<a href="https://x.example/">x</a><img src="https://x.example/i.png" alt="Logo">', digest);
    expect(checks.links).toMatchObject({ total: 1, problems: [], level: "ok" });
    expect(checks.images).toMatchObject({ total: 1, withoutAlt: [], level: "ok" });
  });

  it("measures size in UTF-8 bytes against Gmail's 102 KB", () => {
    expect(previewChecks("é".repeat(100), digest).size).toEqual({ bytes: 200, limit: MAX_HTML_BYTES, level: "ok" });
    expect(previewChecks("x".repeat(Math.ceil(MAX_HTML_BYTES * 0.95)), digest).size.level).toBe("warn");
    expect(previewChecks("x".repeat(MAX_HTML_BYTES + 1), digest).size.level).toBe("fail");
  });

  it("counts what the edition holds from the digest", () => {
    const { contents } = previewChecks("", digest);
    const stories = digest.topics.flatMap((t) => t.stories);
    expect(contents.topics).toBe(digest.topics.length);
    expect(contents.stories).toBe(stories.length);
    expect(contents.liveBlogs).toBe(stories.filter((s) => s.isLiveBlog).length);
    expect(contents.keyPoints).toBe(stories.reduce((n, s) => n + (s.liveBlog?.keyPoints.length ?? 0), 0));
    expect(contents.keyPoints).toBeGreaterThan(0);
    expect(contents.sections.map((s) => s.label)).toEqual(digest.topics.map((t) => t.label));
  });

  it("finds links inside Outlook conditional comments too", () => {
    const { links } = scanImagesAndLinks('<!--[if mso]><a href="javascript:x()">MSO</a><![endif]-->');
    expect(links).toEqual([{ href: "javascript:x()", text: "MSO" }]);
  });

  it("accepts http(s) and mailto links, refuses the rest", () => {
    expect(linkProblem("https://example.com/a?b=c")).toBeNull();
    expect(linkProblem("HTTP://EXAMPLE.COM")).toBeNull();
    expect(linkProblem("mailto:a@b.example")).toBeNull();
    expect(linkProblem("data:text/html,hi")?.level).toBe("fail");
    expect(linkProblem("https://")?.level).toBe("fail");
  });
});

describe("forced colour scheme", () => {
  const html =
    "<html><head><style>.a{color:#000}@media (prefers-color-scheme: dark){.a{color:#fff}}" +
    "@media screen and (prefers-color-scheme:light){.b{color:red}}</style></head><body></body></html>";

  it("makes the dark styles apply always, the light ones never, in dark mode", () => {
    const dark = forceColorScheme(html, "dark");
    expect(dark).toContain("@media (min-width: 0px){.a{color:#fff}}");
    expect(dark).toContain("@media screen and (max-width: -1px){.b{color:red}}");
    expect(dark).toContain("color-scheme: dark !important");
    expect(dark.indexOf("color-scheme: dark !important")).toBeLessThan(dark.indexOf("</head>"));
  });

  it("does the opposite in light mode and leaves other CSS alone", () => {
    const light = forceColorScheme(html, "light");
    expect(light).toContain("@media (max-width: -1px){.a{color:#fff}}");
    expect(light).toContain("@media screen and (min-width: 0px){.b{color:red}}");
    expect(light).toContain(".a{color:#000}");
    expect(light).not.toContain("prefers-color-scheme");
  });
});

describe("request rules", () => {
  it("serves only its own routes", () => {
    expect(resolveRequest("/")).toMatchObject({ ok: true, route: "page" });
    expect(resolveRequest("/email.html?scheme=dark&v=3")).toMatchObject({ ok: true, route: "email-html" });
    expect((resolveRequest("/email.html?scheme=dark") as { query: URLSearchParams }).query.get("scheme")).toBe("dark");
    expect(resolveRequest("/package.json")).toMatchObject({ ok: false, status: 404 });
    expect(resolveRequest("/templates/layout.mjml")).toMatchObject({ ok: false, status: 404 });
  });

  it.each([
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2Fetc%2Fpasswd",
    "/email.html/../../../etc/passwd",
    "/..%5c..%5cetc%5cpasswd",
    "/./email.html",
    "/email.html%00.txt",
  ])("refuses the traversal %s with 403", (path) => {
    expect(resolveRequest(path)).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses absolute-form and malformed targets", () => {
    expect(resolveRequest("http://evil.example/")).toMatchObject({ ok: false, status: 400 });
    expect(resolveRequest("/%zz")).toMatchObject({ ok: false, status: 400 });
  });

  const machine = { hostname: "Box", addresses: ["127.0.0.1", "192.168.1.5", "fe80::1"], extra: [] as string[] };

  it("on a loopback bind answers only loopback host names (DNS rebinding)", () => {
    const allowed = allowedHostNames("127.0.0.1", machine);
    expect(isAllowedHostHeader("127.0.0.1:4000", allowed)).toBe(true);
    expect(isAllowedHostHeader("localhost:4000", allowed)).toBe(true);
    expect(isAllowedHostHeader("[::1]:4000", allowed)).toBe(true);
    expect(isAllowedHostHeader("evil.example:4000", allowed)).toBe(false);
    expect(isAllowedHostHeader("box:4000", allowed)).toBe(false);
    expect(isAllowedHostHeader(undefined, allowed)).toBe(false);
  });

  it("on a non-loopback bind answers the bound address, this machine's name and --allow-host names only", () => {
    const wildcard = allowedHostNames("0.0.0.0", { ...machine, extra: ["Preview.Example.Org"] });
    expect(isAllowedHostHeader("192.168.1.5:4000", wildcard)).toBe(true);
    expect(isAllowedHostHeader("[fe80::1]:4000", wildcard)).toBe(true);
    expect(isAllowedHostHeader("box:4000", wildcard)).toBe(true);
    expect(isAllowedHostHeader("BOX.local.:4000", wildcard)).toBe(true);
    expect(isAllowedHostHeader("preview.example.org", wildcard)).toBe(true);
    expect(isAllowedHostHeader("localhost:4000", wildcard)).toBe(true);
    // A DNS name an attacker's page points at the machine (rebinding), or a stranger's address.
    expect(isAllowedHostHeader("rebind.attacker.example:4000", wildcard)).toBe(false);
    expect(isAllowedHostHeader("192.168.1.6:4000", wildcard)).toBe(false);
    expect(isAllowedHostHeader(":4000", wildcard)).toBe(false);

    const one = allowedHostNames("192.168.1.5", machine);
    expect(isAllowedHostHeader("192.168.1.5", one)).toBe(true);
    expect(isAllowedHostHeader("[fe80::1]", one)).toBe(false);
    expect(isAllowedHostHeader("box.lan", one)).toBe(false);
  });

  it("lets a send-test POST through only with the token, JSON, and the server's own origin", () => {
    const good = {
      host: "127.0.0.1:4000",
      origin: "http://127.0.0.1:4000",
      "sec-fetch-site": "same-origin",
      "content-type": "application/json",
      "x-preview-token": "abc",
    };
    expect(sendRequestProblem(good, "abc")).toBeNull();
    expect(sendRequestProblem({ ...good, "x-preview-token": undefined }, "abc")).toMatch(/token/);
    expect(sendRequestProblem({ ...good, "x-preview-token": "abd" }, "abc")).toMatch(/token/);
    expect(sendRequestProblem({ ...good, origin: "https://evil.example" }, "abc")).toMatch(/origin/);
    expect(sendRequestProblem({ ...good, "sec-fetch-site": "cross-site" }, "abc")).toMatch(/cross-site/);
    expect(sendRequestProblem({ ...good, "content-type": "text/plain" }, "abc")).toMatch(/JSON/);
  });
});

describe("build failures", () => {
  it("keeps template file, line and column", () => {
    const failure = describeFailure(
      new TemplateError({ file: "templates/partials/header.mjml", line: 12, column: 4, message: "Parse error" }),
    );
    expect(failure).toEqual({
      title: "Template error",
      problems: [{ file: "templates/partials/header.mjml", line: 12, column: 4, message: "Parse error" }],
      unexpected: false,
    });
    expect(formatFailure(failure)).toContain("templates/partials/header.mjml:12:4: Parse error");
  });

  it("splits config issues into file and line", () => {
    let error: unknown;
    try {
      parseConfig('{\n  "title": 3\n}\n', "news-digest.config.json");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const failure = describeFailure(error);
    expect(failure.title).toBe("Config error");
    expect(failure.problems[0]).toMatchObject({ file: "news-digest.config.json", line: 2 });
    expect(failure.problems[0]!.message).toContain('"title"');
  });

  it("lists email-rule problems and marks other errors as unexpected", () => {
    expect(describeFailure(new EmailRuleError(["1 image(s) without alt text"])).problems).toEqual([
      { message: "1 image(s) without alt text" },
    ]);
    expect(describeFailure(new Error("boom"))).toMatchObject({ unexpected: true, problems: [{ message: "boom" }] });
  });
});
