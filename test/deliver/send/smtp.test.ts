// Where send connects, whether it insists on TLS, and what it may print about it.
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../src/config/load.js";
import { poolOptions, redact, resolveSmtp, SmtpConfigError } from "../../../src/deliver/send/smtp.js";

describe("resolveSmtp", () => {
  it("takes --smtp over SMTP_URL over the config", () => {
    const env = { SMTP_URL: "smtp://env.example.com:2525" };
    expect(resolveSmtp({ flag: "smtp://flag.example.com", env, config: "smtp://config.example.com" })).toMatchObject({ source: "--smtp", host: "flag.example.com", port: 587 });
    expect(resolveSmtp({ env, config: "smtp://config.example.com" })).toMatchObject({ source: "SMTP_URL", host: "env.example.com", port: 2525 });
    expect(resolveSmtp({ env: {}, config: "smtp://config.example.com" })).toMatchObject({ source: "config", host: "config.example.com" });
    expect(() => resolveSmtp({ env: {} })).toThrow(SmtpConfigError);
    expect(() => resolveSmtp({ env: {} })).toThrow(/--smtp .*SMTP_URL.*send\.smtp/);
  });

  it("requires STARTTLS for any host that is not loopback unless allowed, and uses TLS from the start for smtps", () => {
    expect(resolveSmtp({ flag: "smtp://mail.example.com", env: {} })).toMatchObject({ secure: false, requireTLS: true });
    expect(resolveSmtp({ flag: "smtp://10.0.0.5:25", env: {} })).toMatchObject({ requireTLS: true });
    expect(resolveSmtp({ flag: "smtp://mail.example.com", env: {}, allowInsecure: true })).toMatchObject({ requireTLS: false });
    for (const host of ["127.0.0.1", "127.0.0.53", "localhost", "[::1]"]) {
      expect(resolveSmtp({ flag: `smtp://${host}:2525`, env: {} })).toMatchObject({ requireTLS: false });
    }
    expect(resolveSmtp({ flag: "smtps://mail.example.com", env: {} })).toMatchObject({ secure: true, requireTLS: false, port: 465 });
    expect(poolOptions(resolveSmtp({ flag: "smtp://mail.example.com", env: {} }), { connections: 3 })).toMatchObject({
      pool: true,
      requireTLS: true,
      maxConnections: 3,
      maxRequeues: 0,
    });
  });

  it("shows the url with the password hidden, and scrubs it from any text", () => {
    const target = resolveSmtp({ flag: "smtp://news%40room:p%40ss%2Fw0rd@mail.example.com:587", env: {} });
    expect(target).toMatchObject({ user: "news@room", pass: "p@ss/w0rd" });
    expect(target.display).toBe("smtp://news%40room:***@mail.example.com:587");
    expect(redact("auth failed for p@ss/w0rd (p%40ss%2Fw0rd)", target)).toBe("auth failed for *** (***)");
    expect(poolOptions(target, { connections: 1 }).auth).toEqual({ user: "news@room", pass: "p@ss/w0rd" });
  });

  it("fills a missing password from SMTP_PASSWORD, and never echoes a password in an error", () => {
    expect(resolveSmtp({ flag: "smtp://news@mail.example.com", env: { SMTP_PASSWORD: "from-env" } })).toMatchObject({ user: "news", pass: "from-env" });
    expect(() => resolveSmtp({ flag: "smtp://u:topsecret@mail.example.com:port", env: {} })).toThrow(/u:\*\*\*@/);
    expect(() => resolveSmtp({ flag: "smtp://u:topsecret@mail.example.com:port", env: {} })).not.toThrow(/topsecret/);
    expect(() => resolveSmtp({ flag: "http://mail.example.com", env: {} })).toThrow(/smtp:\/\/ or smtps:\/\//);
  });

  it("hides a password holding an \"@\" up to the last one before the host", () => {
    expect(() => resolveSmtp({ flag: "smtp://user:se@cret@host:abc", env: {} })).toThrow('"smtp://user:***@host:abc" is not a url');
    expect(() => resolveSmtp({ flag: "smtp://user:se@cret@host:abc", env: {} })).not.toThrow(/cret/);
  });

  it("never prints a password from a config value that fails validation", () => {
    const text = JSON.stringify({ send: { smtp: "smtp://mailer:Hunter2Secret@mail .example.com:587" } });
    let issues: string[] = [];
    try {
      parseConfig(text, "news-digest.config.json");
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues = error.issues;
    }
    expect(issues.join("\n")).toContain("smtp://***@mail .example.com:587");
    expect(issues.join("\n")).not.toContain("Hunter2");
    // A long userinfo must not leak through the 40-character cut either.
    const long = JSON.stringify({ send: { smtp: `smtp://mailer:${"x".repeat(50)}Hunter2Secret@mail .example.com:587` } });
    const longIssues = (() => {
      try {
        parseConfig(long, "news-digest.config.json");
        return [];
      } catch (error) {
        return error instanceof ConfigError ? error.issues : [];
      }
    })();
    expect(longIssues.length).toBeGreaterThan(0);
    expect(longIssues.join("\n")).not.toMatch(/xxxx|Hunter2/);
  });
});
