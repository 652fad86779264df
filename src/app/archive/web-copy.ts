/**
 * An edition's public web copy: the render stage run again with `webCopy` set (the
 * footer then names no reader and offers "manage your subscription"), and every
 * per-reader placeholder filled with nothing personal. This is what may be published.
 */
import type { Config } from "../../config/index.js";
import { editionWebUrl } from "../../links/index.js";
import type { Digest } from "../../model.js";
import { personalizeWebCopy, renderEdition, type CompiledTemplates, type TemplateSet } from "../../render/index.js";
import type { WebCopy } from "./store.js";

export interface WebCopySource {
  /** The edition as composed (BuiltEdition.digest). */
  digest: Digest;
  /** The templates it was rendered with (BuiltEdition.templates). */
  templates: TemplateSet | CompiledTemplates;
  config: Pick<Config, "links">;
  /** When the edition was first sent. */
  sentAt: Date;
}

export async function webCopyOf({ digest, templates, config, sentAt }: WebCopySource): Promise<WebCopy> {
  const { edition } = await renderEdition(digest, templates, { webCopy: true });
  const message = personalizeWebCopy(edition, {
    webCopyUrl: editionWebUrl(config.links.viewInBrowserBase, edition.editionId),
    // The unsubscribe page without a token says where a reader's own link is.
    manageUrl: config.links.unsubscribeBase,
  });
  return {
    editionId: edition.editionId,
    newsletter: digest.edition.title,
    subject: edition.subject,
    date: digest.edition.date,
    dateLabel: digest.edition.dateLabel,
    sentAt: sentAt.toISOString(),
    summary: edition.preheader,
    language: digest.edition.language,
    html: message.html,
    text: message.text,
  };
}
