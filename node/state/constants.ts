// Limits of the management DB (node/state/). Chain-wide rules (freshness
// windows, lock-out) live in protocols/constants.ts and the genesis; these
// are local bounds only.

/** Candidate blocks whose execution is kept until the commit of their height (view changes make several). */
export const executedBlocksMax = 8
/** Attempts per ATTEMPTS answer. */
export const attemptsPerQueryMax = 64

/** Layout version of the state store (its meta record): a store of another version is rebuilt from the chain. */
export const stateStoreFormatVersion = 1
/** One state record (a registration, a device, a release) at most, encoded. */
export const stateValueBytesMax = 64 * 1024
/** Records read from LevelDB in one step when the state is loaded or an index scanned. */
export const loadReadRecordsMax = 1024
/** Change sets (blocks) written in one LevelDB batch at most, when they come faster than the disk takes them. */
export const changeSetsPerBatchMax = 256
/** Change sets a replay at start lets wait for their batches before it waits for them to land. */
export const replayQueuedChangeSetsMax = 1024
/** Blocks a restart replays into the state between progress lines in the log. */
export const replayProgressBlocks = 10_000
/**
 * Committed records (devices, registrations, transactions, ...) the state
 * store keeps decoded in memory, the ones read last: what memory holds of
 * the state whatever its size (a registration is about 1.5 KB decoded).
 */
export const stateCacheRecordsMax = 16_384
