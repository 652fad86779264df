/**
 * The editions a list has received, each with its story versions: the send
 * history (which editions went out, and their story ids) joined with the
 * contents record (how each story looked when it went out). An edition sent
 * without a contents record (built by an older version, or by a library user
 * who ran a list directly) still counts, with bare story ids.
 */
import { listHistory } from "../ledger/index.js";
import { readEditionContents, type RecordProblem } from "./record.js";
import type { SentEdition } from "./window.js";

/** The editions recorded in a list's state folder (see ../send/state-layout.ts). */
export async function readSentEditions(listDir: string): Promise<{ editions: SentEdition[]; problems: RecordProblem[] }> {
  const history = await listHistory(listDir, { write: false }).read();
  const { editions: contents, problems } = readEditionContents(listDir);
  const editions = history.map((entry): SentEdition => {
    const built = contents.get(entry.edition);
    const refs = new Map((built?.stories ?? []).map((ref) => [ref.id, ref]));
    const sent: SentEdition = {
      editionId: entry.edition,
      at: built?.at ?? entry.at,
      stories: entry.stories.map((id) => refs.get(id) ?? { id }),
    };
    if (built?.heldBack?.length) sent.heldBack = built.heldBack;
    return sent;
  });
  return { editions, problems };
}
