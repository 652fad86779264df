/**
 * The unsubscribe endpoint (links.unsubscribeBase), as RFC 8058 section 3 asks: a POST
 * carrying "List-Unsubscribe=One-Click" and a valid token unsubscribes at once, with no
 * cookie, no redirect and no login; the answer is 200 only once the record is durable.
 * A GET shows the page (./unsubscribe-page.ts) and changes nothing; the page's own form
 * POSTs "action=unsubscribe" or "action=resubscribe". A token that does not verify
 * answers 400 and records nothing.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyUnsubscribeToken, type UnsubscribeClaim } from "../../links/index.js";
import { formFields } from "./form-body.js";
import { answer, answerText, readBody } from "./http.js";
import { unsubscribePageHtml, type PageView } from "./unsubscribe-page.js";
import type { ReaderStatus, Unsubscriber } from "./unsubscriber.js";

export interface UnsubscribeEndpoint {
  tokenKey: string;
  unsubscriber: Unsubscriber;
  /** The newsletter's name for a list id (the config's title for its own list). */
  newsletterName(listId: string): string;
  /** Language of the page. */
  language: string;
}

// The page posts to itself and styles itself inline; nothing else may load or run.
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function answerPage(res: ServerResponse, status: number, view: PageView, endpoint: UnsubscribeEndpoint): void {
  answer(res, status, "text/html; charset=utf-8", unsubscribePageHtml(view, endpoint.language), { "Content-Security-Policy": PAGE_CSP });
}

export async function handleUnsubscribe(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, endpoint: UnsubscribeEndpoint): Promise<void> {
  if (req.method === "GET" || req.method === "HEAD") return showPage(res, query.get("token"), endpoint);
  if (req.method !== "POST") return answer(res, 405, "text/plain; charset=utf-8", "method not allowed\n", { Allow: "GET, HEAD, POST" });

  const body = await readBody(req);
  if (body === "too large") return answerText(res, 413, "request body too large");
  const fields = formFields(req.headers["content-type"], body);
  const token = fields.get("token") ?? query.get("token");
  const claim = token ? verifyUnsubscribeToken(endpoint.tokenKey, token) : null;
  const oneClick = fields.get("List-Unsubscribe") === "One-Click";
  const action = fields.get("action");

  if (oneClick) {
    if (!claim) return answerText(res, 400, "invalid unsubscribe link");
    await endpoint.unsubscriber.unsubscribe(claim.listId, claim.email);
    return answerText(res, 200, `unsubscribed from ${endpoint.newsletterName(claim.listId)}`);
  }
  if (action !== "unsubscribe" && action !== "resubscribe") return answerText(res, 400, 'expected "List-Unsubscribe=One-Click" in the body');
  if (!claim) return answerPage(res, 400, { kind: "bad-link" }, endpoint);
  const { unsubscriber } = endpoint;
  if (action === "unsubscribe") await unsubscriber.unsubscribe(claim.listId, claim.email);
  // Asked after the change: a bounced address stays "held" whichever button was pressed.
  const status = action === "resubscribe" ? await unsubscriber.resubscribe(claim.listId, claim.email) : await unsubscriber.status(claim.listId, claim.email);
  answerPage(res, 200, readerView(claim, token!, status, true, endpoint), endpoint);
}

async function showPage(res: ServerResponse, token: string | null, endpoint: UnsubscribeEndpoint): Promise<void> {
  if (token === null || token === "") return answerPage(res, 200, { kind: "no-token" }, endpoint);
  const claim = verifyUnsubscribeToken(endpoint.tokenKey, token);
  if (!claim) return answerPage(res, 400, { kind: "bad-link" }, endpoint);
  const status = await endpoint.unsubscriber.status(claim.listId, claim.email);
  answerPage(res, 200, readerView(claim, token, status, false, endpoint), endpoint);
}

function readerView(claim: UnsubscribeClaim, token: string, status: ReaderStatus, changed: boolean, endpoint: UnsubscribeEndpoint): PageView {
  return { kind: "reader", address: claim.email, newsletter: endpoint.newsletterName(claim.listId), token, status, changed };
}
