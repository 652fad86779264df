/**
 * The render stage: Digest -> RenderedEdition, compiled once for every reader.
 *
 *   1. Handlebars fills the MJML layout and the text template from the Digest, the
 *      theme and per-recipient placeholders (strict: unknown names are errors);
 *   2. MJML compiles the result to HTML (strict validation, errors at template lines);
 *   3. the plain-text part is wrapped at 78 columns;
 *   4. the HTML is checked against the email-client rules.
 *
 * Pure apart from loading mjml on first use: no clock, no files.
 */
import type { Digest, RenderedEdition } from "../model.js";
import { stripReserved } from "../text/index.js";
import { compileTemplates, type CompiledTemplates, type TemplateContext } from "./compile.js";
import { EmailRuleError } from "./errors.js";
import { emailRuleProblems } from "./email-rules.js";
import { compileMjml, trimIndentation } from "./mjml.js";
import { recipientPlaceholders } from "./placeholders.js";
import type { TemplateSet } from "./template-files.js";
import { contrastProblems } from "../config/index.js";
import { wrapText } from "./text-wrap.js";

export interface RenderResult {
  edition: RenderedEdition;
  /** Things worth fixing that do not stop the edition (theme colours under WCAG AA). */
  warnings: string[];
  /** The MJML that Handlebars produced, for debugging templates. */
  mjml: string;
}

/** Every string in `value` without the characters reserved for the renderer's own marks. */
function sanitize<T>(value: T): T {
  if (typeof value === "string") return stripReserved(value) as T;
  if (Array.isArray(value)) return value.map(sanitize) as T;
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = sanitize(inner);
    return out as T;
  }
  return value;
}

export interface RenderOptions {
  /**
   * The public web copy rather than the email: templates see `edition.webCopy` true and
   * print no reader's data (see personalizeWebCopy for the placeholders it still holds).
   */
  webCopy?: boolean;
}

/**
 * What templates receive: the Digest's fields at the top level, `edition.webCopy`,
 * `theme`, and `recipient` (email, name, unsubscribeUrl, viewInBrowserUrl), whose
 * values are placeholders filled per reader by personalize().
 */
export function templateContext(digest: Digest, templates: TemplateSet, options: RenderOptions = {}): TemplateContext {
  const clean = sanitize(digest);
  // Always set, false for the email: templates run in strict mode, where a missing name is an error.
  const edition = { ...clean.edition, webCopy: options.webCopy === true };
  return { ...clean, edition, theme: sanitize(templates.theme), recipient: recipientPlaceholders() };
}

export async function renderEdition(digest: Digest, templates: CompiledTemplates | TemplateSet, options: RenderOptions = {}): Promise<RenderResult> {
  const compiled = "renderMjml" in templates ? templates : compileTemplates(templates);
  const context = templateContext(digest, compiled.set, options);
  const { mjml, lines } = compiled.renderMjml(context);
  const text = wrapText(compiled.renderText(context));
  const html = trimIndentation(await compileMjml(mjml, lines, { layoutFile: compiled.set.layout.file }));
  const problems = emailRuleProblems(html);
  if (problems.length > 0) throw new EmailRuleError(problems, Buffer.byteLength(html, "utf8"));
  return {
    edition: {
      editionId: digest.edition.id,
      subject: stripReserved(digest.subject),
      preheader: stripReserved(digest.preheader),
      html,
      text,
      storyIds: carriedStoryIds(digest),
    },
    warnings: contrastProblems(compiled.set.theme),
    mjml,
  };
}

/**
 * The stories the email carries: shown in a topic or listed under "More in". Held-back
 * stories are not among them, so an edition window offers them again next time.
 */
function carriedStoryIds(digest: Digest): string[] {
  const shown = digest.topics.flatMap((topic) => topic.stories.map((story) => story.id));
  // A Digest written before sections existed (an old digest.json) has none.
  const listed = (digest.sections ?? []).flatMap((section) => section.more.map((story) => story.id));
  return [...new Set([...shown, ...listed])];
}

export { compileTemplates, type CompiledTemplates, type CompileOptions } from "./compile.js";
export { defaultTemplateCacheDir, diskTemplateCache, type TemplateCache } from "./template-cache.js";
export { loadTemplates, builtInTemplatesDir, type TemplateSet } from "./template-files.js";
export { TemplateError, EmailRuleError } from "./errors.js";
export { escapeHtml, personalize, personalizeWebCopy, splitEdition, valuesFor, type SplitEdition, type SplitText } from "./personalize.js";
export { MAX_HTML_BYTES } from "./email-rules.js";
export { preloadMjml } from "../mjml/index.js";
export { defaultTemplatesDir } from "./template-files.js";
