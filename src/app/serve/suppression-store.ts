/**
 * What serve needs of a list's suppression store: the shape of deliver/suppressions'
 * `openSuppressions(stateDir, listId)`, declared here so that serve works before that
 * module lands and switches to it by changing the opener (see ./local-suppressions.ts).
 * Methods may answer at once or with a promise: serve awaits either.
 */
type Awaitable<T> = T | Promise<T>;

export interface SuppressionRecord {
  /** Lower-cased address. */
  address: string;
  /** "unsubscribed" for a reader's own unsubscribe; bounces and an operator's suppressions have their own. */
  reason: string;
  /** ISO instant. */
  at: string;
  editionId?: string;
  detail?: string;
}

export interface SuppressionStore {
  has(address: string): Awaitable<boolean>;
  /** Resolves once the record is durable: serve answers 200 only after that. */
  add(record: SuppressionRecord): Awaitable<unknown>;
  remove(address: string): Awaitable<unknown>;
  list(): Awaitable<readonly SuppressionRecord[]>;
  close?(): Awaitable<unknown>;
}

export type OpenSuppressions = (stateDir: string, listId: string) => Awaitable<SuppressionStore>;

/** The reason serve records, and the only one a reader may lift themself. */
export const SELF_UNSUBSCRIBED = "unsubscribed";
