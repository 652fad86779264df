export { acquireLock, listLockPath, type LockAttempt, type LockOptions, type LockOwner } from "./lock.js";
export { DurableAppender } from "./durable-append.js";
