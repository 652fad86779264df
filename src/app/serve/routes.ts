/**
 * Which paths serve answers, from the public urls in the config: the operator's proxy
 * passes links.unsubscribeBase's and links.viewInBrowserBase's paths through unchanged.
 */
export interface ServePaths {
  /** "/unsubscribe": the pathname of links.unsubscribeBase, without a trailing slash. */
  unsubscribe: string;
  /** "/editions/": the pathname of links.viewInBrowserBase, with a trailing slash. */
  archive: string;
}

export const HEALTH_PATH = "/healthz";

export function servePathsFrom(links: { unsubscribeBase: string; viewInBrowserBase: string }): ServePaths {
  const unsubscribe = new URL(links.unsubscribeBase).pathname.replace(/\/+$/, "") || "/";
  const archive = new URL(links.viewInBrowserBase).pathname.replace(/\/*$/, "/");
  return { unsubscribe, archive };
}

export type Route = { kind: "health" } | { kind: "unsubscribe" } | { kind: "archive"; rest: string } | { kind: "none" };

export function routeOf(pathname: string, paths: ServePaths): Route {
  if (pathname === HEALTH_PATH) return { kind: "health" };
  if (pathname === paths.unsubscribe || pathname === `${paths.unsubscribe}/`) return { kind: "unsubscribe" };
  // "/editions" as well as "/editions/": both are the index.
  if (pathname === paths.archive || pathname === paths.archive.slice(0, -1)) return { kind: "archive", rest: "" };
  if (pathname.startsWith(paths.archive)) {
    const rest = pathname.slice(paths.archive.length);
    if (!rest.includes("/")) return { kind: "archive", rest };
  }
  return { kind: "none" };
}
