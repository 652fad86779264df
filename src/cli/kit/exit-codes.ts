/**
 * The exit codes of every `news-digest` command, in one place so that cron, systemd and
 * scripts can rely on them whatever the command. README.md documents the same table.
 */
export const EXIT = {
  /** Done; also "already sent" and "nothing new", so a schedule can run a command blindly. */
  done: 0,
  /** A delivery or a check failed (a recipient refused, --strict found fault, a template broke). */
  failed: 1,
  /** Bad usage or input: an unknown flag, a bad value, a bad config file, a path that does not exist. */
  usage: 2,
  /** Try again later: paused, temporary failures left, or another sender holds the list (EX_TEMPFAIL). */
  tryLater: 75,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
