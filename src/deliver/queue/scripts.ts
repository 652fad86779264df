/**
 * The few state changes that must be atomic across a fleet of workers and senders,
 * as Redis scripts: each one reads a reader's state and changes it, its counters and
 * the newsletter's streak in one step, so two workers can never both believe they
 * are the first to claim a reader, and the counters `send` shows never drift from the
 * states they count (see keys.ts for the states).
 *
 * Why scripts and not MULTI/WATCH: a claim is read-decide-write under contention from
 * every worker at once; WATCH would retry under exactly that load.
 */
import type { Redis } from "ioredis";

/**
 * Marks a batch of readers queued and returns, per reader, the generation for its new
 * job id, or why no job is needed: -1 sent, -2 failed for good, -3 suppressed earlier,
 * -4 suppressed now (the newsletter suppressed the reader since), 0 a live job already
 * stands for it. A reader queued or claimed whose job is gone (a sender died between
 * marking and adding it; BullMQ gave up on a stalled job) gets a new job; a claimed one
 * counts as uncertain, since its message may have left. Callers hold the edition's
 * enqueue lease, so no other sender is between marking and adding. One call per batch:
 * a call per reader would cost a round of command objects per reader.
 * KEYS: readers counts gen unsettled uncertain suppressed
 * ARGV: jobKeyPrefix, then reader and job stem for each reader
 */
const ENQUEUE = `
local function undefer(reader)
  redis.call('HINCRBY', KEYS[2], 'deferred', -1)
  redis.call('HDEL', KEYS[4], reader)
end
local answers = {}
for i = 2, #ARGV, 2 do
  local reader, stem = ARGV[i], ARGV[i + 1]
  local state = redis.call('HGET', KEYS[1], reader)
  local answer = nil
  if state == 's' then answer = -1
  elseif state == 'f' then answer = -2
  elseif state == 'x' then answer = -3
  elseif state ~= 'c' and redis.call('HEXISTS', KEYS[6], reader) == 1 then
    if state == 'q' then redis.call('HINCRBY', KEYS[2], 'queued', -1) end
    if state == 'd' then undefer(reader) end
    redis.call('HSET', KEYS[1], reader, 'x')
    redis.call('HINCRBY', KEYS[2], 'suppressed', 1)
    answer = -4
  elseif state == 'q' or state == 'c' then
    local gen = redis.call('HGET', KEYS[3], reader)
    if gen and redis.call('EXISTS', ARGV[1] .. stem .. '-' .. gen) == 1 then
      answer = 0
    elseif state == 'c' then
      if redis.call('SADD', KEYS[5], reader) == 1 then redis.call('HINCRBY', KEYS[2], 'uncertain', 1) end
      redis.call('HINCRBY', KEYS[2], 'inflight', -1)
      redis.call('HSET', KEYS[1], reader, 'q')
    end
  else
    if state == 'd' then undefer(reader) end
    redis.call('HSET', KEYS[1], reader, 'q')
    redis.call('HINCRBY', KEYS[2], 'queued', 1)
  end
  if answer == nil then answer = redis.call('HINCRBY', KEYS[3], reader, 1) end
  answers[#answers + 1] = answer
end
return answers
`;

/**
 * Claims a reader before its message leaves (see Claim in ../ledger/ledger.ts). A job of
 * an older generation than the reader's latest (a stale twin, say from a sender that
 * lost its lease) is answered "settled": only the newest job may send.
 * KEYS: readers counts suppressed paused uncertain gen; ARGV: reader generation (0: any)
 */
const CLAIM = `
local state = redis.call('HGET', KEYS[1], ARGV[1])
if state == 's' or state == 'f' or state == 'x' then return 'settled' end
if ARGV[2] ~= '0' then
  local latest = redis.call('HGET', KEYS[6], ARGV[1])
  if latest and tonumber(latest) > tonumber(ARGV[2]) then return 'settled' end
end
if redis.call('EXISTS', KEYS[4]) == 1 then return 'paused' end
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then
  if state == 'c' then redis.call('HINCRBY', KEYS[2], 'inflight', -1) end
  if state == 'q' or state == 'c' then redis.call('HINCRBY', KEYS[2], 'queued', -1) end
  if state == 'd' then redis.call('HINCRBY', KEYS[2], 'deferred', -1) end
  redis.call('HSET', KEYS[1], ARGV[1], 'x')
  redis.call('HINCRBY', KEYS[2], 'suppressed', 1)
  return 'suppressed'
end
if state == 'c' then
  if redis.call('SADD', KEYS[5], ARGV[1]) == 1 then redis.call('HINCRBY', KEYS[2], 'uncertain', 1) end
  return 'reclaimed'
end
if state ~= 'q' then
  redis.call('HINCRBY', KEYS[2], 'queued', 1)
  if state == 'd' then redis.call('HINCRBY', KEYS[2], 'deferred', -1) end
end
redis.call('HSET', KEYS[1], ARGV[1], 'c')
redis.call('HINCRBY', KEYS[2], 'inflight', 1)
return 'claimed'
`;

/**
 * Records the outcome of a claimed reader: s sent, f failed for good, d deferred, or r
 * released (not sent; its job will be tried again, a BullMQ retry). A success resets the
 * fleet's streak and writes off the edition's unsettled refusals (the server delivers,
 * so they were about their readers). Returns the streak after a failure that counts
 * toward it, else 0; -1 when the reader was not claimed (a duplicate job whose twin
 * already recorded it: nothing is counted twice).
 * A paused newsletter's refusals stay deferred whatever succeeds meanwhile (a message
 * already in flight): the pause said they would be tried again. `uncertain` marks a
 * reader whose first sender may have delivered it (a job given up after stalling).
 * KEYS: readers counts unsettled failures streak paused uncertain
 * ARGV: reader status detail(JSON) unsettled(0|1) streak(0|1) uncertain(0|1)
 */
const OUTCOME = `
local state = redis.call('HGET', KEYS[1], ARGV[1])
if state ~= 'c' then return -1 end
if ARGV[6] == '1' and redis.call('SADD', KEYS[7], ARGV[1]) == 1 then redis.call('HINCRBY', KEYS[2], 'uncertain', 1) end
local status = ARGV[2]
redis.call('HINCRBY', KEYS[2], 'inflight', -1)
if status == 'r' then
  redis.call('HSET', KEYS[1], ARGV[1], 'q')
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], status)
redis.call('HINCRBY', KEYS[2], 'queued', -1)
if status == 's' then
  redis.call('HINCRBY', KEYS[2], 'sent', 1)
  redis.call('SET', KEYS[5], 0)
  if redis.call('EXISTS', KEYS[6]) == 1 then return 0 end
  local refused = redis.call('HGETALL', KEYS[3])
  for i = 1, #refused, 2 do
    if redis.call('HGET', KEYS[1], refused[i]) == 'd' then
      redis.call('HSET', KEYS[1], refused[i], 'f')
      redis.call('HINCRBY', KEYS[2], 'deferred', -1)
      redis.call('HINCRBY', KEYS[2], 'failed', 1)
      local detail = cjson.decode(refused[i + 1])
      detail['permanent'] = true
      redis.call('LPUSH', KEYS[4], cjson.encode(detail))
    end
  end
  redis.call('DEL', KEYS[3])
  redis.call('LTRIM', KEYS[4], 0, 999)
  return 0
end
if status == 'f' then redis.call('HINCRBY', KEYS[2], 'failed', 1) else redis.call('HINCRBY', KEYS[2], 'deferred', 1) end
redis.call('LPUSH', KEYS[4], ARGV[3])
redis.call('LTRIM', KEYS[4], 0, 999)
if ARGV[4] == '1' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[3]) end
if ARGV[5] == '1' then return redis.call('INCR', KEYS[5]) end
return 0
`;

export interface QueueScripts {
  /** `batch`: reader, job stem, reader, job stem, ... */
  ndEnqueue(readers: string, counts: string, gen: string, unsettled: string, uncertain: string, suppressed: string, jobKeyPrefix: string, ...batch: string[]): Promise<number[]>;
  ndClaim(readers: string, counts: string, suppressed: string, paused: string, uncertain: string, gen: string, reader: string, generation: string): Promise<string>;
  ndOutcome(
    readers: string,
    counts: string,
    unsettled: string,
    failures: string,
    streak: string,
    paused: string,
    uncertain: string,
    reader: string,
    status: string,
    detail: string,
    unsettledFlag: string,
    streakFlag: string,
    uncertainFlag: string,
  ): Promise<number>;
}

export type ScriptedRedis = Redis & QueueScripts;

/** `redis` with the scripts defined (loaded once per connection, run by hash). */
export function withScripts(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  if (typeof r.ndClaim === "function") return r;
  redis.defineCommand("ndEnqueue", { numberOfKeys: 6, lua: ENQUEUE });
  redis.defineCommand("ndClaim", { numberOfKeys: 6, lua: CLAIM });
  redis.defineCommand("ndOutcome", { numberOfKeys: 7, lua: OUTCOME });
  return r;
}
