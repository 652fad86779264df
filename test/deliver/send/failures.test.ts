// What each kind of SMTP error means for the run.
import { describe, expect, it } from "vitest";
import { backoffDelay, classifyFailure } from "../../../src/deliver/send/failures.js";
import { Pacer } from "../../../src/deliver/send/pacer.js";
import { parseRate } from "../../../src/config/send.js";

function smtpError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.response ?? "error")), fields);
}

describe("classifyFailure", () => {
  it.each([
    [{ code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 no such user", command: "RCPT TO" }, "recipient"],
    [{ code: "EENVELOPE", responseCode: 550, response: "550 5.1.2 bad destination system", command: "RCPT TO" }, "recipient"],
    [{ code: "EENVELOPE", responseCode: 550, response: "550-5.2.1 The email account is disabled", command: "RCPT TO" }, "recipient"],
    [{ code: "EENVELOPE", responseCode: 550, response: "550 5.7.1 client host blocked", command: "RCPT TO" }, "refused"],
    [{ code: "EENVELOPE", responseCode: 550, response: "550 relaying denied", command: "RCPT TO" }, "refused"],
    [{ code: "EMESSAGE", responseCode: 554, response: "554 message refused", command: "DATA" }, "refused"],
    [{ code: "EMESSAGE", message: "cannot build: bad header" }, "recipient"],
    [{ code: "EENVELOPE", responseCode: 451, response: "451 4.3.0 try later", command: "RCPT TO" }, "transient"],
    [{ code: "EENVELOPE", responseCode: 421, response: "421 closing" }, "transient"],
    [{ code: "EPROTOCOL", responseCode: 503, response: "503 bad sequence" }, "transient"],
    [{ code: "ECONNECTION", message: "Connection closed unexpectedly" }, "transient"],
    [{ code: "ETIMEDOUT", message: "Timeout" }, "transient"],
    [{ code: "ESOCKET", message: "connect ECONNREFUSED" }, "transient"],
    [{ code: "EAUTH", responseCode: 535, response: "535 bad credentials" }, "fatal"],
    [{ code: "ETLS", message: "STARTTLS failed" }, "fatal"],
    [{ code: "ESOCKET", message: "self-signed certificate", cause: { code: "DEPTH_ZERO_SELF_SIGNED_CERT" } }, "fatal"],
    [{ code: "CERT_HAS_EXPIRED", message: "certificate has expired" }, "fatal"],
    [{ code: "ERR_TLS_CERT_ALTNAME_INVALID", message: "Hostname/IP does not match certificate's altnames" }, "fatal"],
    [{ code: "EENVELOPE", responseCode: 550, response: "550 sender refused", command: "MAIL FROM" }, "fatal"],
    [{ code: "EENVELOPE", responseCode: 530, response: "530 authentication required", command: "RCPT TO" }, "fatal"],
  ])("%j is %s", (fields, kind) => {
    expect(classifyFailure(smtpError(fields)).kind).toBe(kind);
  });

  it("says which part of the setup a fatal failure concerns", () => {
    expect(classifyFailure(smtpError({ code: "ESOCKET", message: "certificate has expired" })).setup).toBe("tls");
    expect(classifyFailure(smtpError({ code: "EAUTH", responseCode: 535, response: "535 bad credentials" })).setup).toBe("auth");
    expect(classifyFailure(smtpError({ code: "EENVELOPE", responseCode: 550, response: "550 no", command: "MAIL FROM" })).setup).toBe("sender");
  });

  it("keeps the reply code and a one-line reason", () => {
    expect(classifyFailure(smtpError({ responseCode: 550, response: "550 5.1.1\r\n mailbox   unavailable" }))).toEqual({
      kind: "recipient",
      code: 550,
      reason: "550 5.1.1 mailbox unavailable",
    });
  });
});

describe("backoffDelay", () => {
  it("doubles per attempt within [half, full] of the step, and stays under the cap", () => {
    expect(backoffDelay(0, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(0, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(4000);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

describe("rate", () => {
  it("parses N, N/s, N/m and N/h", () => {
    expect(parseRate("10")).toBe(10);
    expect(parseRate("10/s")).toBe(10);
    expect(parseRate("600/m")).toBe(10);
    expect(parseRate("3600/h")).toBe(1);
    expect(parseRate("0.5/s")).toBe(0.5);
    for (const bad of ["", "fast", "0/s", "-1", "10/d"]) expect(parseRate(bad)).toBeNull();
  });

  it("spaces starts evenly, all senders together", async () => {
    let now = 1000;
    const pacer = new Pacer(4, () => now); // one start per 250 ms
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms: number) => {
      delays.push(ms);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      await Promise.all([pacer.wait(), pacer.wait(), pacer.wait()]);
      now = 2000; // idle for a while: no backlog of credit builds up into a burst
      await pacer.wait();
      await pacer.wait();
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    expect(delays).toEqual([250, 500, 250]);
  });
});
