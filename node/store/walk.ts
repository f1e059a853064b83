// Open-time verification: the meta record against the genesis, then every
// record from height 1 in key order (checksums, contiguous heights, roots,
// links, certificates), then the head pointer against the last record. The
// first problem found is thrown as a StoreError naming its height; a store
// that fails is never served.
import assert from 'node:assert/strict'
import { availableParallelism } from 'node:os'
import type { LevelDatastore } from 'datastore-level'
import type { LinkPoint, OpenedBlock } from '../../protocols/block.ts'
import { bytesEqual, toHex } from '../../protocols/bytes.ts'
import * as C from './constants.ts'
import { StoreError } from './errors.ts'
import { DeferredCertificates } from './deferred-certificates.ts'
import { decodeHead, decodeMeta, heightOfRecordKey, recordKey, type HeadPointer } from './records.ts'
import { SignaturePool } from './signature-pool.ts'
import { checkCertificateChecked, checkLinkChecked, linkPointOf, openRecord, type ChainRules } from './verify.ts'

export type LevelDb = LevelDatastore['db']

export interface VerifyProgress {
  /** Blocks verified so far (the height of the last one). */
  height: number
  /** The height the head pointer names, when it is readable. */
  headHeight: number | null
}
export type ProgressListener = (progress: VerifyProgress) => void

/**
 * classic-level hands out Buffers. Callers get plain Uint8Arrays: Buffer's
 * slice() shares memory where Uint8Array's copies, a trap for code that
 * expects the standard semantics.
 */
export const plainBytes = (value: Uint8Array): Uint8Array =>
  Buffer.isBuffer(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value

/**
 * Runs a LevelDB read; LevelDB's own corruption report (a damaged table
 * footer, index or block) becomes CORRUPT at `height`, the first height the
 * read was for, rather than an unexpected error.
 */
export async function readLevel<T> (read: () => Promise<T>, what: string, height?: number): Promise<T> {
  try {
    return await read()
  } catch (err) {
    const e = err as { code?: string, message?: string, cause?: { code?: string, message?: string } }
    const corruption = e.code === 'LEVEL_CORRUPTION' ? e : e.cause?.code === 'LEVEL_CORRUPTION' ? e.cause : undefined
    if (corruption === undefined) throw err
    throw new StoreError('CORRUPT', `${what}: LevelDB reports ${corruption.message ?? 'corruption'}`,
      height === undefined ? { causeCode: 'LEVEL_CORRUPTION' } : { height, causeCode: 'LEVEL_CORRUPTION' })
  }
}

/** 'empty' for a database that holds nothing at all (not yet initialized). */
export async function checkMeta (db: LevelDb, rules: ChainRules): Promise<'empty' | 'ok'> {
  const value = await readLevel(async () => await db.get(C.metaKey), 'meta record')
  if (value === undefined) {
    const anyKeys = await readLevel(async () => await db.keys({ limit: 1 }).all(), 'the first key')
    if (anyKeys.length === 0) return 'empty'
    throw new StoreError('GENESIS_MISMATCH', 'the store holds data but no meta record: it was not created by this code')
  }
  const meta = decodeMeta(plainBytes(value))
  if (meta.format !== C.storeFormatVersion) {
    throw new StoreError('UNSUPPORTED_FORMAT', `store format ${meta.format}, this code reads format ${C.storeFormatVersion}`)
  }
  if (!bytesEqual(meta.genesisHash, rules.genesisHash)) {
    throw new StoreError('GENESIS_MISMATCH', `the store belongs to chain ${meta.chainId} (genesis ${toHex(meta.genesisHash)}), ` +
      `not to chain ${rules.chainId} (genesis ${toHex(rules.genesisHash)})`)
  }
  return 'ok'
}

/** The head pointer, or the error reading it gave: reported only after the records, so the first bad height wins. */
async function readHead (db: LevelDb): Promise<HeadPointer | StoreError | undefined> {
  let value: Uint8Array | undefined
  try {
    value = await readLevel(async () => await db.get(C.headKey), 'head pointer')
  } catch (err) {
    if (err instanceof StoreError) return err
    throw err
  }
  if (value === undefined) return undefined
  try {
    return decodeHead(plainBytes(value))
  } catch (err) {
    if (err instanceof StoreError) return err
    throw err
  }
}

export interface WalkOptions {
  onProgress?: ProgressListener
  /**
   * Worker threads that check commit signatures; 0 checks them on this thread.
   * Default: the cores available (up to verifyThreadsMax) for a chain of
   * parallelVerifyBlocksMin blocks or more, 0 below.
   */
  verifyThreads?: number
  /**
   * Start the walk after this block instead of at height 1: the caller has
   * checked it is the stored block at its height (trustedStart), and vouches
   * for the blocks below it (see ChainStoreOptions.verifiedPrefix).
   */
  startAfter?: LinkPoint
  /**
   * Each block the walk has checked (link and roots; its certificate may
   * still be in a worker's batch), in height order: `chain verify --replay`
   * replays the chain into a fresh state as it is verified. A result that
   * turns out bad is reported all the same; what was replayed is dropped.
   */
  onBlock?: (block: OpenedBlock) => void
}

function verifyThreadsFor (requested: number | undefined, headHeight: number | null): number {
  if (requested !== undefined) {
    if (!Number.isSafeInteger(requested) || requested < 0) throw new TypeError(`verifyThreads: a non-negative integer, got ${requested}`)
    return Math.min(requested, C.verifyThreadsMax)
  }
  const cores = availableParallelism()
  if (cores < 2 || headHeight === null || headHeight < C.parallelVerifyBlocksMin) return 0
  return Math.min(cores, C.verifyThreadsMax)
}

/** Verifies every record and the head pointer; returns the head of the verified chain. */
export async function walkChain (db: LevelDb, rules: ChainRules, options: WalkOptions = {}): Promise<LinkPoint> {
  const head = await readHead(db)
  const headHeight = head instanceof StoreError || head === undefined ? null : head.height
  const threads = verifyThreadsFor(options.verifyThreads, headHeight === null ? null : headHeight - (options.startAfter?.height ?? 0))
  const pool = threads > 0 ? SignaturePool.start(threads) : undefined
  try {
    const deferred = pool === undefined ? undefined : new DeferredCertificates(rules, pool)
    let last: LinkPoint
    try {
      last = await walkRecords(db, rules, deferred, headHeight, options.onProgress, options.startAfter, options.onBlock)
    } catch (err) {
      // A signature failure below the height of this error is the first bad height.
      if (deferred !== undefined && err instanceof StoreError) await throwSignatureFailureBelow(db, rules, deferred, err.details.height)
      throw err
    }
    if (deferred !== undefined) await throwSignatureFailureBelow(db, rules, deferred, undefined)
    if (last.height % C.progressIntervalBlocks !== 0 || last.height === 0) options.onProgress?.({ height: last.height, headHeight })
    checkHead(head, last)
    return last
  } finally {
    await pool?.close()
  }
}

async function walkRecords (db: LevelDb, rules: ChainRules, deferred: DeferredCertificates | undefined,
  headHeight: number | null, onProgress: ProgressListener | undefined, startAfter: LinkPoint | undefined,
  onBlock: ((block: OpenedBlock) => void) | undefined): Promise<LinkPoint> {
  let prev = startAfter ?? rules.genesisPoint
  // nextv: one async step per run of records rather than per record.
  const iterator = db.iterator({ gte: startAfter === undefined ? C.recordKeyPrefix : recordKey(startAfter.height + 1), lt: C.recordKeyRangeEnd })
  try {
    for (;;) {
      const entries = await readLevel(async () => await iterator.nextv(C.walkReadRecordsMax), `records from ${prev.height + 1}`, prev.height + 1)
      if (entries.length === 0) return prev
      for (const [key, value] of entries) {
        const expected = prev.height + 1
        const height = heightOfRecordKey(key)
        if (height === null) throw new StoreError('CORRUPT', `key ${JSON.stringify(key)} names no height`, { height: expected })
        if (height !== expected) {
          throw new StoreError('TRUNCATED', `record ${expected} is missing (the next record is ${height})`, { height: expected })
        }
        const { opened, certificateBytes } = openRecord(plainBytes(value), height)
        checkLinkChecked(rules, prev, opened)
        if (deferred === undefined) {
          checkCertificateChecked(rules, opened, certificateBytes)
        } else {
          await deferred.add(opened, certificateBytes)
          if (deferred.firstFailedHeight !== null) return prev // no need to read further: the answer is below
        }
        prev = linkPointOf(opened)
        onBlock?.(opened)
        if (height % C.progressIntervalBlocks === 0) onProgress?.({ height, headHeight })
      }
    }
  } finally {
    await iterator.close()
  }
}

/**
 * Waits for the signature batches; if a block below `bound` (any block, when
 * undefined) has a bad signature, throws the exact error the inline check
 * gives for it, by running that check on its record again.
 */
async function throwSignatureFailureBelow (db: LevelDb, rules: ChainRules, deferred: DeferredCertificates,
  bound: number | undefined): Promise<void> {
  const failed = await deferred.finish()
  if (failed === null || (bound !== undefined && failed >= bound)) return
  const value = await readLevel(async () => await db.get(recordKey(failed)), `record ${failed}`, failed)
  assert.ok(value !== undefined, `record ${failed} was read moments ago`)
  const { opened, certificateBytes } = openRecord(plainBytes(value), failed)
  checkCertificateChecked(rules, opened, certificateBytes)
  assert.fail(`the signature pool refused a signature at height ${failed} that the Ed25519 of the store accepts`)
}

/**
 * The link point of the stored block at `height` when its record reads
 * back whole (checksum, roots, its own height) and its hash is `hash`;
 * undefined otherwise (no such record, another block, a damaged record: the
 * caller walks the whole chain instead, which reports the damage).
 */
export async function trustedStart (db: LevelDb, height: number, hash: Uint8Array): Promise<LinkPoint | undefined> {
  if (height < 1) return undefined
  try {
    const value = await readLevel(async () => await db.get(recordKey(height)), `record ${height}`, height)
    if (value === undefined) return undefined
    const { opened } = openRecord(plainBytes(value), height)
    return bytesEqual(opened.hash, hash) ? linkPointOf(opened) : undefined
  } catch (err) {
    if (err instanceof StoreError) return undefined
    throw err
  }
}

function checkHead (head: HeadPointer | StoreError | undefined, last: LinkPoint): void {
  if (head instanceof StoreError) throw head
  if (head === undefined) {
    if (last.height === 0) return
    throw new StoreError('HEAD_MISMATCH', `no head pointer, but records up to ${last.height}`, { height: last.height })
  }
  if (head.height > last.height) {
    throw new StoreError('TRUNCATED', `the head pointer says ${head.height}, the records end at ${last.height}`,
      { height: last.height + 1 })
  }
  if (head.height < last.height) {
    throw new StoreError('HEAD_MISMATCH', `records past the head pointer (${head.height}) up to ${last.height}`,
      { height: head.height + 1 })
  }
  if (!bytesEqual(head.hash, last.hash) || head.timestampMs !== last.timestampMs) {
    throw new StoreError('HEAD_MISMATCH', `the head pointer names another block than record ${last.height}`,
      { height: last.height })
  }
}
