// What the serve tests share: a reader's real List-Unsubscribe url (the message built as
// a sent copy is, read back with postal-mime), the url serve answers it at (what the
// operator's proxy does: same path and query, serve's own address), and the one-click POST.
import PostalMime from "postal-mime";
import { sampleMessage } from "../../../src/app/out/index.js";
import type { Config } from "../../../src/config/index.js";
import type { BuiltEdition } from "../../../src/pipeline.js";
import { samplePersonalization } from "../../../src/pipeline.js";
import { personalize } from "../../../src/render/index.js";
import { TOKEN_KEY } from "../../support/edition.js";
import { NOW } from "../archive/support.js";

/** The https url of the List-Unsubscribe header of `email`'s copy of the edition. */
export async function listUnsubscribeUrl(built: BuiltEdition, config: Config, email: string): Promise<string> {
  const reader = { ...config, preview: { recipient: { email, name: `Reader ${email}` } } };
  const personalization = samplePersonalization(reader, built.render.edition.editionId, TOKEN_KEY);
  const message = personalize(built.render.edition, personalization);
  const eml = (await sampleMessage({ render: built.render, sample: { personalization, message } }, reader, NOW)).raw;
  const parsed = await PostalMime.parse(eml);
  const header = parsed.headers.find((h) => h.key === "list-unsubscribe")!.value;
  const post = parsed.headers.find((h) => h.key === "list-unsubscribe-post")?.value;
  if (post !== "List-Unsubscribe=One-Click") throw new Error(`no one-click header: ${post}`);
  return /<(https:[^>]+)>/.exec(header)![1]!;
}

/** The public url as serve receives it behind the proxy. */
export function atServe(serveUrl: string, publicUrl: string): string {
  const url = new URL(publicUrl);
  return new URL(url.pathname + url.search, serveUrl).href;
}

/** What a mailbox provider sends (RFC 8058 section 3.2). */
export function postOneClick(url: string): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click", redirect: "manual" });
}

export function readerEmail(i: number): string {
  return `reader${String(i).padStart(3, "0")}@example.org`;
}
