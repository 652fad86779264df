/**
 * The unsubscribe page a reader opens from their email: it names the address and the
 * newsletter and offers one button; only that button's POST changes anything (a GET
 * never does: link scanners open every link in a message). After it, the page confirms
 * and offers to undo. Addresses and names are untrusted text: everything is escaped.
 */
import { escapeMarkup } from "../../text/index.js";
import type { ReaderStatus } from "./unsubscriber.js";

export type PageView =
  /** Where the reader stands, with the button that changes it; `changed` after a POST from this page. */
  | { kind: "reader"; address: string; newsletter: string; token: string; status: ReaderStatus; changed: boolean }
  /** No token: the web copy's "manage your subscription" link lands here. */
  | { kind: "no-token" }
  | { kind: "bad-link" };

const STYLE =
  "body{font:17px/1.5 system-ui,sans-serif;color:#1f1f1f;background:#fff;max-width:34rem;margin:0 auto;padding:32px 20px}" +
  "h1{font-size:1.5rem;margin:0 0 12px}strong{overflow-wrap:anywhere}" +
  "button{font:inherit;padding:10px 20px;border-radius:6px;border:2px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer}" +
  "button.secondary{background:transparent;color:#0b57d0}button:focus-visible{outline:3px solid #e8710a;outline-offset:2px}" +
  "@media (prefers-color-scheme:dark){body{background:#161616;color:#e8e8e8}button.secondary{color:#8ab4f8;border-color:#8ab4f8}}";

export function unsubscribePageHtml(view: PageView, language: string): string {
  const { title, body } = content(view);
  return [
    "<!doctype html>",
    `<html lang="${escapeMarkup(language)}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeMarkup(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${escapeMarkup(title)}</h1>`,
    body,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function content(view: PageView): { title: string; body: string } {
  switch (view.kind) {
    case "no-token":
      return { title: "Manage your subscription", body: "<p>To unsubscribe, use the unsubscribe link at the foot of any edition we sent you: it is made for your address alone.</p>" };
    case "bad-link":
      return {
        title: "This link does not work",
        body: "<p>This unsubscribe link is not valid: it may have been cut short when it was copied. Use the unsubscribe link at the foot of a recent edition, or reply to one of our emails.</p>",
      };
    case "reader":
      return readerContent(view);
  }
}

function readerContent(view: Extract<PageView, { kind: "reader" }>): { title: string; body: string } {
  const who = `<strong>${escapeMarkup(view.address)}</strong>`;
  const list = `<strong>${escapeMarkup(view.newsletter)}</strong>`;
  // role=status: a screen reader announces the outcome of the button just pressed.
  const said = (text: string): string => `<p${view.changed ? ' role="status"' : ""}>${text}</p>`;
  switch (view.status) {
    case "subscribed":
      return {
        title: view.changed ? "You are subscribed again" : "Unsubscribe",
        body: [
          view.changed ? said(`${who} will receive ${list} again.`) : `<p>Stop sending ${list} to ${who}?</p>`,
          actionForm(view.token, "unsubscribe", "Unsubscribe", ""),
        ].join("\n"),
      };
    case "unsubscribed":
      return {
        title: "You are unsubscribed",
        body: [
          said(`${who} will receive no more editions of ${list}.`),
          "<p>Changed your mind?</p>",
          actionForm(view.token, "resubscribe", "Resubscribe", "secondary"),
        ].join("\n"),
      };
    case "held":
      return {
        title: "Not receiving this newsletter",
        body: said(`${list} is not being sent to ${who} (for example because mail to it bounced). To receive it again, reply to one of our emails.`),
      };
  }
}

/** A POST to this same url (the token stays in its query) with the token and the action as fields too. */
function actionForm(token: string, action: "unsubscribe" | "resubscribe", label: string, buttonClass: string): string {
  return (
    '<form method="post" action="">' +
    `<input type="hidden" name="token" value="${escapeMarkup(token)}">` +
    `<button type="submit" name="action" value="${action}"${buttonClass ? ` class="${buttonClass}"` : ""}>${label}</button>` +
    "</form>"
  );
}
