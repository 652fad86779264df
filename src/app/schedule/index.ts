/** Scheduled editions: the cron loop, the per-list lock, and the job that builds and sends one list's edition. */
export {
  checkSchedule,
  runListsOnce,
  startSchedule,
  type EditionJob,
  type RunnerOptions,
  type RunRecord,
  type Schedule,
  type ScheduleOptions,
} from "./scheduler.js";
export { runListEdition, type EditionFromSources, type ListEditionRequest } from "./list-edition.js";
export { editionOutDir } from "./out-dir.js";
