// A preview edition for LiveEdition tests: the fixture digest around the given HTML.
import type { PreviewEdition } from "../../../src/app/preview/build.js";
import { previewChecks } from "../../../src/app/preview/checks.js";
import { digestOf } from "../../fixtures/edition/render.js";

/** `html` as a built preview edition; the spam check never reports unless `spamCheck` is given. */
export function previewEdition(html: string, spamCheck: PreviewEdition["spamCheck"] = () => new Promise(() => {})): PreviewEdition {
  const digest = digestOf();
  return {
    editionId: digest.edition.id,
    subject: digest.subject,
    preheader: digest.preheader,
    html,
    text: "text",
    digest,
    checks: previewChecks(html, digest),
    warnings: [],
    inputErrors: [],
    send: { ready: false, reason: "sending is not configured: no SMTP server" },
    mode: "full",
    spamCheck,
  };
}
