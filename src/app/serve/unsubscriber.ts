/**
 * What the unsubscribe endpoint does to a newsletter's suppression list: record a
 * reader's own unsubscribe, lift it again, and say where a reader stands. Lists are
 * opened once per List-Id and kept open (an open list is one file handle; it re-reads
 * what other processes appended, so a send and serve share it safely).
 */
import { openSuppressions, type SuppressionList } from "../../deliver/suppressions/index.js";

/** subscribed; unsubscribed by their own hand; or held back for another reason (a bounce, an operator). */
export type ReaderStatus = "subscribed" | "unsubscribed" | "held";

export interface Unsubscriber {
  status(listId: string, email: string): Promise<ReaderStatus>;
  /** Resolves once the unsubscribe is durable. Unsubscribing twice records it once. */
  unsubscribe(listId: string, email: string, editionId?: string): Promise<void>;
  /** Lifts a reader's own unsubscribe, never a bounce or an operator's suppression; answers where the reader stands after. */
  resubscribe(listId: string, email: string): Promise<ReaderStatus>;
  /** Waits for every write in flight and closes the lists. */
  close(): Promise<void>;
}

export type OpenSuppressions = (stateDir: string, listId: string) => Promise<SuppressionList>;

export function suppressionUnsubscriber(stateDir: string, open: OpenSuppressions = openSuppressions, clock: () => Date = () => new Date()): Unsubscriber {
  const lists = new Map<string, Promise<SuppressionList>>();
  const listFor = (listId: string): Promise<SuppressionList> => {
    let list = lists.get(listId);
    if (!list) {
      list = open(stateDir, listId);
      // A failed open (a full disk) is tried again on the next request, not remembered.
      list.catch(() => lists.delete(listId));
      lists.set(listId, list);
    }
    return list;
  };
  const status = (list: SuppressionList, email: string): ReaderStatus => {
    const held = list.get(email);
    if (held === undefined) return "subscribed";
    return held.reason === "unsubscribed" ? "unsubscribed" : "held";
  };
  return {
    async status(listId, email) {
      return status(await listFor(listId), email);
    },
    async unsubscribe(listId, email, editionId) {
      const list = await listFor(listId);
      if (list.has(email)) return;
      await list.add({ address: email, reason: "unsubscribed", at: clock(), ...(editionId ? { editionId } : {}) });
    },
    async resubscribe(listId, email) {
      const list = await listFor(listId);
      await list.remove(email, { onlyReasons: ["unsubscribed"], at: clock() });
      return status(list, email);
    },
    async close() {
      const open = [...lists.values()];
      lists.clear();
      for (const list of await Promise.allSettled(open)) if (list.status === "fulfilled") await list.value.close();
    },
  };
}
