/**
 * The fields of a POST body. RFC 8058 lets a mailbox provider send its one-click
 * "List-Unsubscribe=One-Click" as application/x-www-form-urlencoded or as
 * multipart/form-data; the unsubscribe page's own form sends the first.
 */
export function formFields(contentType: string | undefined, body: string): Map<string, string> {
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("multipart/form-data")) return multipartFields(contentType!, body);
  // No type at all is read as urlencoded: a robot that leaves the header out still means it.
  if (type === "" || type.startsWith("application/x-www-form-urlencoded")) return new Map(new URLSearchParams(body));
  return new Map();
}

/** Text fields of a multipart body (files are not expected, and not kept). */
function multipartFields(contentType: string, body: string): Map<string, string> {
  const fields = new Map<string, string>();
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) return fields;
  for (const part of body.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const name = /content-disposition:\s*form-data;[^\r\n]*?\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /filename=/i.test(headers)) continue;
    const value = part.slice(split).replace(/^\r?\n\r?\n/, "").replace(/\r?\n$/, "");
    fields.set(name, value);
  }
  return fields;
}
