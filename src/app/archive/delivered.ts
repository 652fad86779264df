/**
 * The archive's copy of an edition, recorded once a run has delivered it to someone: not
 * after a dry run, "already sent" or "nothing new". recordWebCopy keeps the first copy, so
 * a resumed or forced run leaves the archive as the first send made it.
 */
import type { SendReport } from "../../deliver/send/index.js";
import { recordWebCopy } from "./store.js";
import { webCopyOf, type WebCopySource } from "./web-copy.js";

export async function archiveIfDelivered(report: Pick<SendReport, "sent">, stateDir: string, source: WebCopySource): Promise<void> {
  if (report.sent === 0) return;
  await recordWebCopy(stateDir, await webCopyOf(source));
}
