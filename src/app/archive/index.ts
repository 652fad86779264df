/**
 * The web archive: public copies of the editions sent (no reader's data in them), kept
 * in the state folder when an edition first goes out, and shown as an index page, one
 * page per edition and an Atom feed, by `serve` or as static files (`archive --out`).
 *
 *   await recordWebCopy(config.send.stateDir, await webCopyOf({ digest, templates, config, sentAt: now }));
 */
export { recordWebCopy, readWebCopy, listArchive, type WebCopy, type ArchiveEntry } from "./store.js";
export { webCopyOf, type WebCopySource } from "./web-copy.js";
export { archiveIfDelivered } from "./delivered.js";
export { archiveSiteFrom, type ArchiveSite } from "./site.js";
export { atomFeed } from "./feed.js";
export { archiveIndexHtml } from "./index-page.js";
export { exportArchive, type ExportedArchive } from "./export.js";
