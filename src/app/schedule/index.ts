/** Scheduled editions: the cron loop, the per-list lock, and the job that builds and sends one list's edition. */
export { acquireLock, listLockPath, type LockAttempt, type LockOptions, type LockOwner } from "../../state/index.js";
export {
  checkSchedule,
  formatRunLine,
  runListsOnce,
  startSchedule,
  type EditionJob,
  type EditionJobContext,
  type RunnerOptions,
  type RunOutcome,
  type RunRecord,
  type Schedule,
  type ScheduleOptions,
} from "./scheduler.js";
export { runListEdition, type ListEditionOptions, type ListEditionOutcome } from "./list-edition.js";
export { listKeyOf, sendToList, type SendRunOptions, type SendToListOptions } from "./send-to-list.js";
