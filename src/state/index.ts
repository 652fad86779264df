export { acquireLock, listLockPath, type LockAttempt, type LockOptions, type LockOwner } from "./lock.js";
export { DurableAppender } from "./durable-append.js";
export { PRIVATE_FILE_MODE, writePrivateFile } from "./private-file.js";
export { Journal, type JournalReader, type JournalWarn } from "./journal.js";
