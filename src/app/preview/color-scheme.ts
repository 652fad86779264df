/**
 * The email as a mail client in light or dark mode would show it, whatever the
 * editor's own system setting. An iframe follows the browser's colour preference,
 * which a page cannot change, so the preview's copy has its
 * `prefers-color-scheme` media queries decided in advance: the chosen scheme's
 * become always true, the other's always false. Only the preview's copy changes;
 * the email as sent is untouched. Pure.
 */

type ColorScheme = "light" | "dark";

const ALWAYS = "(min-width: 0px)";
const NEVER = "(max-width: -1px)";
const SCHEME_FEATURE = /\(\s*prefers-color-scheme\s*:\s*(light|dark)\s*\)/gi;

export function forceColorScheme(html: string, scheme: ColorScheme): string {
  const decided = html.replace(SCHEME_FEATURE, (_whole, which: string) => (which.toLowerCase() === scheme ? ALWAYS : NEVER));
  // The page's own default colours (for anything the email leaves unstyled) follow too.
  const style = `<style>:root { color-scheme: ${scheme} !important; }</style>`;
  const headEnd = decided.search(/<\/head\s*>/i);
  return headEnd === -1 ? style + decided : decided.slice(0, headEnd) + style + decided.slice(headEnd);
}
