/**
 * Which requests the preview server answers. The server runs on an editor's machine
 * and can send mail, so it is strict:
 * - it serves a fixed set of paths, never files named by the request, and refuses
 *   any path that tries to climb (`..`, also percent-encoded) or smuggles a
 *   separator (`%2f`, `\`, NUL) with 403, before looking anything up;
 * - it answers only requests addressed to a name it knows (loopback names, names given
 *   with --allow-host, and on a non-loopback bind that address and this machine's name),
 *   so a web page cannot reach it through a DNS name of its own (DNS rebinding);
 * - the send-test POST needs the per-server token (which only the server's own page
 *   holds), a JSON body, and, when the browser says where it comes from, the
 *   server's own origin: a form or script on another site cannot trigger it.
 * Pure.
 */

export type Route =
  | "page"
  | "script"
  | "style"
  | "email-html"
  | "email-text"
  | "digest"
  | "state"
  | "events"
  | "send-test"
  | "favicon";

const ROUTES: Record<string, Route> = {
  "/": "page",
  "/preview.js": "script",
  "/preview.css": "style",
  "/email.html": "email-html",
  "/email.txt": "email-text",
  "/digest.json": "digest",
  "/state.json": "state",
  "/events": "events",
  "/send-test": "send-test",
  "/favicon.ico": "favicon",
};

type Resolved = { ok: true; route: Route; query: URLSearchParams } | { ok: false; status: 400 | 403 | 404; reason: string };

/** The route a request target names, or why it is refused. */
export function resolveRequest(target: string | undefined): Resolved {
  if (!target || !target.startsWith("/")) return { ok: false, status: 400, reason: "expected a path starting with /" };
  const queryAt = target.indexOf("?");
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? "" : target.slice(queryAt + 1);
  if (/%(2f|5c|00)/i.test(rawPath)) return { ok: false, status: 403, reason: "encoded separators are not allowed" };
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, reason: "malformed percent-encoding" };
  }
  if (/[\\\0]/.test(path)) return { ok: false, status: 403, reason: "backslashes and NUL are not allowed" };
  if (path.split("/").some((segment) => segment === ".." || segment === ".")) {
    return { ok: false, status: 403, reason: "paths may not contain . or .. segments" };
  }
  const route = ROUTES[path];
  if (!route) return { ok: false, status: 404, reason: "not found" };
  return { ok: true, route, query: new URLSearchParams(rawQuery) };
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** What the server knows about this machine, for the names requests may be addressed to. */
interface HostNames {
  /** This machine's host name (os.hostname()). */
  hostname: string;
  /** Addresses of this machine's interfaces, for a wildcard bind (0.0.0.0, ::). */
  addresses: readonly string[];
  /** Names the editor allowed with --allow-host. */
  extra: readonly string[];
}

function bareHost(name: string): string {
  return name.trim().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}

const WILDCARD_BINDS = new Set(["", "0.0.0.0", "::", "::0"]);

/**
 * The host names besides loopback ones the server answers to: the names the editor
 * allowed and, unless it is bound to loopback (this machine only), the bound address
 * (or, bound to every interface, their addresses) and this machine's name (and its
 * mDNS .local name). Pure.
 */
export function allowedHostNames(boundHost: string, machine: HostNames): Set<string> {
  const bound = bareHost(boundHost);
  if (isLoopbackHost(bound)) return new Set(machine.extra.map(bareHost).filter((name) => name !== ""));
  const names = WILDCARD_BINDS.has(bound) ? machine.addresses.map(bareHost) : [bound];
  const hostname = bareHost(machine.hostname);
  if (hostname !== "") names.push(hostname, ...(hostname.includes(".") ? [] : [`${hostname}.local`]));
  names.push(...machine.extra.map(bareHost));
  return new Set(names.filter((name) => name !== ""));
}

/**
 * Whether a Host header is acceptable: a loopback name always is, another name only
 * when it is one of `allowed` (see allowedHostNames). A web page can point any DNS
 * name it owns at the server's address (DNS rebinding), so "any host" would let every
 * site the editor visits drive the preview, send-test included.
 */
export function isAllowedHostHeader(hostHeader: string | undefined, allowed: ReadonlySet<string> = new Set()): boolean {
  if (!hostHeader) return false;
  const name = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(hostHeader.trim())?.[1];
  if (name === undefined || name === "") return false;
  return isLoopbackHost(name) || allowed.has(bareHost(name));
}

interface SendRequestHeaders {
  host?: string | undefined;
  origin?: string | undefined;
  "sec-fetch-site"?: string | undefined;
  "content-type"?: string | undefined;
  "x-preview-token"?: string | undefined;
}

/** Why a send-test POST is refused, or null when it may go ahead. */
export function sendRequestProblem(headers: SendRequestHeaders, token: string): string | null {
  if (headers["x-preview-token"] !== token) return "missing or wrong preview token: reload the preview page";
  const site = headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return `cross-site request refused (Sec-Fetch-Site: ${site})`;
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${headers.host ?? ""}`) return `request from another origin refused (${origin})`;
  if (!/^application\/json\b/i.test(headers["content-type"] ?? "")) return "expected a JSON body (Content-Type: application/json)";
  return null;
}
