/**
 * V8 flags of the core process: Electron's utilityProcess `execArgv`, the preview's core child and
 * the indexer bench's processes, so the bench measures the process the app runs.
 *
 * A small young generation (2 MB semi-spaces instead of V8's up to 32 MB) keeps the short-lived
 * objects of millions of parsed logs from inflating RSS, and the old-space cap makes V8 collect
 * before growing the heap. `npm run bench:indexer` prints the peak RSS with these flags.
 */
export const CORE_PROCESS_EXEC_ARGV = ['--max-old-space-size=192', '--max-semi-space-size=2'];

/**
 * Environment of the core process, beside its V8 flags (the same three places), for glibc's malloc:
 * - Every thread that allocates gets its own arena, up to eight per core; core's threads (the main
 *   one, the log-decoding thread of a backfill, libuv's pool, V8's helpers) then each keep freed
 *   memory in their own. Two arenas kept the indexer bench's peak RSS ~20 MB lower at the same speed.
 * - Blocks of 1 MB and more are mapped on their own and unmapped when freed. By default glibc raises
 *   that threshold to the largest block freed so far (up to 32 MB), and a backfill frees a few MB
 *   per answer (its HTTP body, its encoded events): they then stay in the arenas, with up to twice as
 *   much kept free at their tops. Fixed at 1 MB, the bench's peak RSS fell from 318–328 to 283–288 MB
 *   for 5–7% of its throughput (1M events, two runs each, interleaved).
 */
export const CORE_PROCESS_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '1048576' };
