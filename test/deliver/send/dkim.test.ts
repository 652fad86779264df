// DKIM: settings from config and environment, and a signature that verifies on the
// message as the SMTP server received it.
import { createHash, createVerify, generateKeyPairSync } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DkimConfigError, resolveDkim } from "../../../src/deliver/send/dkim.js";
import { resolveSmtp } from "../../../src/deliver/send/smtp.js";
import { smtpMessenger } from "../../../src/deliver/send/messengers/index.js";
import { composeMessage } from "../../../src/deliver/message/reader-message.js";
import { identity, testEdition } from "../../support/edition.js";
import { tempDir } from "../../support/temp.js";
import { startSmtpServer, type TestSmtpServer } from "../../support/smtp-server.js";

const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
});

describe("resolveDkim", () => {
  it("is off when nothing is set, and reads a key file named in the config", async () => {
    expect(await resolveDkim(undefined, {})).toBeUndefined();
    const dir = await tempDir();
    await writeFile(join(dir, "dkim.pem"), privateKey);
    expect(await resolveDkim({ domainName: "news.example.com", keySelector: "mail", privateKeyFile: "dkim.pem" }, {}, dir)).toEqual({
      domainName: "news.example.com",
      keySelector: "mail",
      privateKey,
    });
  });

  it("lets the environment win and names what is missing or wrong", async () => {
    const env = { NEWS_DIGEST_DKIM_DOMAIN: "env.example.com", NEWS_DIGEST_DKIM_SELECTOR: "s1", NEWS_DIGEST_DKIM_PRIVATE_KEY: privateKey };
    expect(await resolveDkim({ domainName: "config.example.com", keySelector: "s0" }, env)).toMatchObject({ domainName: "env.example.com", keySelector: "s1" });
    await expect(resolveDkim({ domainName: "news.example.com" }, {})).rejects.toThrow(DkimConfigError);
    await expect(resolveDkim({ domainName: "news.example.com" }, {})).rejects.toThrow(/missing selector .*, private key/);
    await expect(resolveDkim(undefined, { ...env, NEWS_DIGEST_DKIM_PRIVATE_KEY: "not a key" })).rejects.toThrow(/not a PEM private key/);
    await expect(resolveDkim({ domainName: "d.example", keySelector: "s", privateKeyFile: "/nonexistent/k.pem" }, {})).rejects.toThrow(
      /\/nonexistent\/k\.pem: cannot read the DKIM private key/,
    );
  });
});

it("signs what the server receives with a signature the public key verifies", async () => {
  server = await startSmtpServer();
  const dkim = await resolveDkim(undefined, {
    NEWS_DIGEST_DKIM_DOMAIN: "news.example.com",
    NEWS_DIGEST_DKIM_SELECTOR: "mail2024",
    NEWS_DIGEST_DKIM_PRIVATE_KEY: privateKey,
  });
  // The messenger gets the composed bytes (`raw`): the signature is added on the way out.
  const messenger = smtpMessenger(resolveSmtp({ flag: server.url, env: {} }), { connections: 1, dkim });
  const edition = testEdition();
  const p = { recipient: { email: "ann@example.org", name: "Ann" }, unsubscribeUrl: "https://news.example.com/u?token=t", viewInBrowserUrl: "https://news.example.com/e" };
  await messenger.send(await composeMessage(edition, p, identity));
  await messenger.close();

  const raw = server.received[0]!.raw.toString("utf8");
  const { tags, valid } = verifyRelaxedDkim(raw, publicKey);
  expect(tags).toMatchObject({ d: "news.example.com", s: "mail2024", a: "rsa-sha256" });
  expect(tags.h?.toLowerCase().split(":")).toEqual(expect.arrayContaining(["from", "to", "subject", "list-unsubscribe", "list-id"]));
  expect(valid).toEqual({ body: true, signature: true });
  // And it no longer verifies once the body is altered.
  expect(verifyRelaxedDkim(raw.replace("Two stories today.", "Three stories today."), publicKey).valid.body).toBe(false);
  expect(verifyRelaxedDkim(raw.replace("Subject: Morning digest", "Subject: Evening digest"), publicKey).valid.signature).toBe(false);
});

/** A minimal DKIM check (RFC 6376, relaxed/relaxed, rsa-sha256), enough to prove the signature. */
function verifyRelaxedDkim(raw: string, publicKeyPem: string) {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split + 2);
  const body = raw.slice(split + 4);
  const fields = head.split(/\r\n(?![ \t])/).filter(Boolean);
  const signatureField = fields.find((f) => /^dkim-signature:/i.test(f))!;
  const tags = Object.fromEntries(
    signatureField
      .slice(signatureField.indexOf(":") + 1)
      .split(";")
      .map((t) => t.trim())
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf("=")).trim(), t.slice(t.indexOf("=") + 1).replace(/\s+/g, "")]),
  ) as Record<string, string>;
  const relaxedHeader = (field: string) => {
    const colon = field.indexOf(":");
    return `${field.slice(0, colon).trim().toLowerCase()}:${field.slice(colon + 1).replace(/\r\n/g, "").replace(/[ \t]+/g, " ").trim()}`;
  };
  const relaxedBody = body.split("\r\n").map((line) => line.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (relaxedBody.length > 0 && relaxedBody[relaxedBody.length - 1] === "") relaxedBody.pop();
  const bodyHash = createHash("sha256").update(relaxedBody.length ? relaxedBody.join("\r\n") + "\r\n" : "").digest("base64");
  const remaining = [...fields];
  const signed = tags.h!.split(":").map((name) => {
    // The last occurrence of a header is signed first (RFC 6376 5.4.2).
    for (let i = remaining.length - 1; i >= 0; i--) {
      if (remaining[i]!.slice(0, remaining[i]!.indexOf(":")).trim().toLowerCase() === name.trim().toLowerCase()) {
        return relaxedHeader(remaining.splice(i, 1)[0]!) + "\r\n";
      }
    }
    return "";
  });
  const unsigned = relaxedHeader(signatureField).replace(/(b=)[^;]*$/, "$1").replace(/(;\s*b=)[^;]*/, "$1");
  const verifier = createVerify("RSA-SHA256");
  verifier.update(signed.join("") + unsigned);
  return { tags, valid: { body: bodyHash === tags.bh, signature: verifier.verify(publicKeyPem, tags.b!, "base64") } };
}
