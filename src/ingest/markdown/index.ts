import type { InputError } from "../../model.js";
import { storyFromFields } from "../fields/index.js";
import { quote } from "../fields/index.js";
import type { ReadOutcome } from "../reader.js";
import { markdownBlocks } from "./token-blocks.js";
import { readFrontMatter } from "./front-matter.js";
import { articleBody, liveBlogBody } from "./story-body.js";

/**
 * A Markdown story: YAML front matter for the fields (title, url, source,
 * published, updated, byline, topic, kind, image, summary), the body for the
 * text. Without front matter, a leading "# " heading is the title.
 */
export function readMarkdown(text: string, file: string): ReadOutcome {
  const frontMatter = readFrontMatter(text);
  if (!frontMatter.ok) return { stories: [], errors: [{ file, line: frontMatter.line, message: frontMatter.message }] };

  const { fields, lineOf } = frontMatter;
  const title = typeof fields["title"] === "string" ? fields["title"] : typeof fields["headline"] === "string" ? fields["headline"] : undefined;
  const isLiveBlog = typeof fields["kind"] === "string" && fields["kind"].toLowerCase().replace(/[\s_-]+/g, "") === "liveblog";
  const blocks = markdownBlocks(frontMatter.body, frontMatter.bodyLine);
  const body = isLiveBlog ? liveBlogBody(blocks, title) : articleBody(blocks, title);

  const withTitle = title === undefined && body.heading !== undefined ? { ...fields, title: body.heading } : fields;
  const outcome = storyFromFields(withTitle, body, {
    file,
    line: 1,
    lineOf,
    titleHint: 'a "title:" field in the front matter or a "# " heading',
    postsHint: 'a "## " heading for each post',
  });
  const imageErrors: InputError[] = body.droppedImages.map(({ url, line }) => ({
    file,
    line,
    message: `image ${quote(url)} dropped: expected an http(s) address`,
  }));
  return { stories: outcome.story ? [outcome.story] : [], errors: [...outcome.errors, ...imageErrors] };
}
