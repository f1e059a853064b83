// Every limit of the chain store. Units last in names. The relations between
// them, and with the wire limits they depend on, are asserted at load so a
// careless edit fails fast.
import { blockBytesMax, certificateBytesMax, hashBytes } from '../../protocols/constants.ts'

/** Layout version of the store, written in the meta record at creation. */
export const storeFormatVersion = 1

/** Record keys: `/b/` and the height zero-padded to this many digits, so key order is height order. */
export const heightDigits = 12
/** The largest height a key can name. */
export const heightMax = 10 ** heightDigits - 1

export const recordKeyPrefix = '/b/'
/** Upper bound of the record key range: every record key sorts below it. */
export const recordKeyRangeEnd = '/b/\xff'
export const headKey = '/head'
export const metaKey = '/meta'

/**
 * Frame of every stored value: crc32 (4 bytes) | payload length (4 bytes) | payload.
 * The crc covers the length and the payload, so a damaged length is caught too.
 */
export const frameHeaderBytes = 8
/** A StoredBlock: one block, one certificate and the protobuf overhead of both fields. */
export const storedBlockBytesMax = blockBytesMax + certificateBytesMax + 16
export const recordPayloadBytesMax = storedBlockBytesMax
/** Head pointer payload: height (u64) | timestamp ms (u64) | block hash. */
export const headPayloadBytes = 8 + 8 + hashBytes
/** Meta payload: a small JSON object (format, chain id, genesis hash). */
export const metaPayloadBytesMax = 1024

/** Appends waiting for their turn. More is a caller bug (consensus commits one block at a time). */
export const pendingAppendsMax = 1024
/** Blocks written by one group commit (one batch, one fsync) at most. */
export const groupCommitBlocksMax = 128
/** Open-time verification reports progress after this many blocks. */
export const progressIntervalBlocks = 1000

/**
 * Open-time verification checks commit signatures on worker threads once the
 * chain is this long; below it, starting the workers costs more than it saves.
 */
export const parallelVerifyBlocksMin = 2000
export const verifyThreadsMax = 8
/** Records the open-time walk reads from LevelDB in one step. */
export const walkReadRecordsMax = 256
/** Blocks whose signatures go to a worker in one message. */
export const signatureBatchBlocks = 256
/** Signature batches in flight per worker thread: enough to keep each busy, few enough to bound memory. */
export const signatureBatchesInFlightPerThread = 2

/**
 * The durable-head marker: two slot files beside LevelDB's in the store
 * directory, `DURABLE-HEAD.a` and `.b`. LevelDB deletes only files whose names
 * it parses as its own (numbered .log/.ldb/MANIFEST-, CURRENT, LOCK, LOG), so
 * it leaves these alone.
 */
export const durableHeadFileBase = 'DURABLE-HEAD'
/** Slot header: crc32 (4) | sequence (u64) | payload length (u32); the crc covers everything after it. */
export const durableHeadHeaderBytes = 16
/** Slot payload: height (u64) | block hash. */
export const durableHeadPayloadBytes = 8 + hashBytes
export const durableHeadSlotBytes = durableHeadHeaderBytes + durableHeadPayloadBytes

/** LevelDB's lock file in a store directory. */
export const levelLockFileName = 'LOCK'
/** verifyChain copies the store under a temporary directory named with this prefix (and removes it). */
export const verifyScratchDirPrefix = 'certchain-verify-'
/** verifyChain reports the progress of its scratch copy after about this many bytes (at file granularity). */
export const verifyCopyProgressIntervalBytes = 64 * 1024 * 1024

function assertLimit (condition: boolean, what: string): void {
  if (!condition) throw new Error(`node/store/constants: broken limit relation: ${what}`)
}
assertLimit(heightMax <= Number.MAX_SAFE_INTEGER, 'every height is a safe integer')
assertLimit(recordPayloadBytesMax < 2 ** 32, 'a record length fits the 4-byte frame field')
assertLimit(metaPayloadBytesMax < recordPayloadBytesMax, 'meta is a small record')
assertLimit(!recordKeyPrefix.startsWith(headKey) && !recordKeyPrefix.startsWith(metaKey) &&
  !headKey.startsWith(recordKeyPrefix) && !metaKey.startsWith(recordKeyPrefix), 'key spaces do not overlap')
assertLimit(pendingAppendsMax >= 1 && progressIntervalBlocks >= 1 && signatureBatchBlocks >= 1 &&
  signatureBatchesInFlightPerThread >= 1 && verifyThreadsMax >= 1 && verifyCopyProgressIntervalBytes >= 1, 'positive bounds')
