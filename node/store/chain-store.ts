// The WORM chain store: certified blocks, appended one height at a time and
// read back, never updated or deleted. Every append is one atomic, fsynced
// LevelDB batch (record + head pointer); every value carries a checksum; the
// whole chain is verified when the store opens, so a tampered, truncated or
// reordered store is refused, never served.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import type { LinkPoint, OpenedBlock } from '../../protocols/block.ts'
import { bytesEqual } from '../../protocols/bytes.ts'
import type { CommitCertificate } from '../../protocols/codec.ts'
import type { Genesis } from '../../protocols/genesis.ts'
import type { Ed25519 } from '../../protocols/sign.ts'
import * as C from './constants.ts'
import {
  checkDurableHead, checkExpectedDurableHeight, checkMarkerReached, type DurableHead, DurableHeadWriter, readDurableHead
} from './durable-head.ts'
import { StoreError, type StoreErrorCode, type StoreErrorDetails } from './errors.ts'
import { encodeHead, encodeMeta, heightOfRecordKey, recordKey } from './records.ts'
import { copyStoreFiles, type CopyProgressListener } from './scratch-copy.ts'
import {
  chainRulesOf, checkCertificateChecked, checkLinkChecked, decodeCertificateForBlock, decodeRecord, encodeRecord,
  linkPointOf, openBlockChecked, openRecord, type ChainRules
} from './verify.ts'
import { checkMeta, plainBytes, readLevel, trustedStart, walkChain, type LevelDb, type ProgressListener, type WalkOptions } from './walk.ts'

export type { ProgressListener, VerifyProgress, WalkOptions } from './walk.ts'
export type { CopyProgress, CopyProgressListener } from './scratch-copy.ts'

/** The last block of the chain; height 0 (the genesis hash and time) for an empty chain. */
export interface ChainHead {
  height: number
  hash: Uint8Array
  timestampMs: number
}

export interface StoredBlockView {
  height: number
  hash: Uint8Array
  block: OpenedBlock
  certificateBytes: Uint8Array
  certificate: CommitCertificate
}

/** Options of open-time verification: progress reports and signature threads (see walk.ts), and a known durable height. */
export interface ChainStoreOptions extends WalkOptions {
  /**
   * A height the caller knows was durable in this store by other means (the
   * node's safety record: its record of height h is written only once h - 1
   * is durable). A chain that ends below it is refused as TRUNCATED, exactly
   * as one that ends below the durable-head marker. A second lower bound, for
   * what the marker cannot see: its own lag, or the marker files lost
   * together with the tail. Omitted or 0: no such bound.
   */
  expectedDurableHeight?: number
  /**
   * Blocks 1..height the caller vouches for: it verified them before (they
   * passed this store's checks when appended or at an earlier open) and
   * holds what it derived from them, bound to the block hash at `height`
   * (the node's state store). When the stored block at `height` reads back
   * whole with that hash, open verifies the blocks above it only, so start
   * time does not grow with the chain; otherwise it walks the whole chain.
   * Older records are still checked whenever they are read (checksum, roots,
   * the certificate naming the block), and `certchain chain verify` walks
   * everything. Not an option of verifyChain.
   */
  verifiedPrefix?: { height: number, hash: Uint8Array }
}

/** Options of verifyChain: those of open, progress of the scratch copy, and a signal that stops it (the copy is removed). */
export interface VerifyOptions extends ChainStoreOptions {
  onCopyProgress?: CopyProgressListener
  /** Aborting rejects verifyChain with the signal's reason, after removing the scratch copy. */
  signal?: AbortSignal
}

function assertBytes (value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name}: expected a Uint8Array, got ${typeof value}`)
}

function assertHeight (value: unknown, name: string): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new TypeError(`${name}: expected a non-negative integer, got ${String(value)}`)
  }
}

const copyHead = (point: LinkPoint): ChainHead => ({ height: point.height, hash: point.hash.slice(), timestampMs: point.timestampMs })

/**
 * Opens the LevelDB under `ds` ourselves: datastore-level's own open() turns
 * the cause into a string, and we need it to tell a lock from a missing store.
 */
async function openLevel (ds: LevelDatastore, dir: string, createIfMissing: boolean): Promise<void> {
  try {
    await ds.db.open({ createIfMissing, compression: false })
  } catch (err) {
    const cause = (err as { cause?: { code?: string, message?: string } }).cause
    if (cause?.code === 'LEVEL_LOCKED') throw new StoreError('LOCKED', `the store in ${dir} is open in another process or handle`)
    // A damaged MANIFEST or CURRENT: the store is there, but LevelDB cannot read its own index of it. An
    // I/O error where a database exists is the same to us (CURRENT naming a MANIFEST that is not there):
    // its message says which file; details.causeCode tells the two apart.
    if (cause?.code === 'LEVEL_CORRUPTION' || (cause?.code === 'LEVEL_IO_ERROR' && (!createIfMissing || existsSync(join(dir, 'CURRENT'))))) {
      throw new StoreError('CORRUPT', `LevelDB cannot open the store in ${dir}: ${cause.message ?? String(err)}`, { causeCode: cause.code })
    }
    if (!createIfMissing) throw new StoreError('MISSING', `no chain store in ${dir}: ${cause?.message ?? String(err)}`)
    throw err
  }
}

/**
 * Real paths of the stores this process has open through ChainStore or is
 * copying in verifyChain. LevelDB's file lock does not exclude the process
 * that holds it, and closing any descriptor of the LOCK file drops all of the
 * process's locks on it (POSIX semantics): a second handle here, or a verify
 * run beside an open store, would silently unlock the store for other
 * processes. So both refuse (LOCKED) a store in this set.
 */
const openInProcess = new Set<string>()

interface PendingAppend {
  blockBytes: Uint8Array
  /** The block as openBlock made it of blockBytes in this process, when the caller had it. */
  opened?: OpenedBlock
  certificateBytes: Uint8Array
  resolve: (head: ChainHead) => void
  reject: (err: unknown) => void
}

export class ChainStore {
  private last: LinkPoint
  /** Appends wait here in call order; `queue` is the running group-commit loop (close() waits for it). */
  private readonly waiting: PendingAppend[] = []
  private flushing = false
  private queue: Promise<unknown> = Promise.resolve()
  private pendingAppends = 0
  private closing: Promise<void> | undefined
  /** Set by a storage fault: the on-disk state is unknown, so everything is refused until a reopen re-verifies it. */
  private failure: StoreError | undefined
  /** Set right after construction (it reports its write failures to this store). */
  private marker!: DurableHeadWriter
  /** The height below which open did not walk (options.verifiedPrefix matched); 0 when it walked the whole chain. */
  verifiedPrefixHeight = 0

  private constructor (private readonly ds: LevelDatastore, private readonly rules: ChainRules, head: LinkPoint,
    private readonly realDir: string) {
    this.last = head
  }

  /**
   * Opens (or creates) the store in `dir` for `genesis` and verifies the whole
   * chain. Throws StoreError (details.height = the first bad height) rather
   * than open a store that fails any check; TRUNCATED (with
   * details.durableHeight and details.lostHeights) for a chain that ends below
   * the durable-head marker or `options.expectedDurableHeight`.
   */
  static async open (dir: string, genesis: Genesis, ed: Ed25519, options: ChainStoreOptions = {}): Promise<ChainStore> {
    if (typeof dir !== 'string' || dir.length === 0) throw new TypeError('dir: expected a directory path')
    if (options.expectedDurableHeight !== undefined) assertHeight(options.expectedDurableHeight, 'expectedDurableHeight')
    const rules = chainRulesOf(genesis, ed)
    // Created here rather than by LevelDB, so that its real path is known before LevelDB takes the lock.
    mkdirSync(dir, { recursive: true })
    const realDir = realpathSync(dir)
    if (openInProcess.has(realDir)) throw new StoreError('LOCKED', `the store in ${dir} is open or being verified in this process`)
    openInProcess.add(realDir)
    const ds = new LevelDatastore(dir)
    try {
      await openLevel(ds, dir, true)
    } catch (err) {
      openInProcess.delete(realDir)
      throw err
    }
    try {
      const marker = readDurableHead(dir)
      if (await checkMeta(ds.db, rules) === 'empty') {
        // An empty database beside a marker (or below a known durable height)
        // lost everything: refuse it before writing a meta record into it.
        await checkDurable(ds.db, marker?.head, options.expectedDurableHeight, rules.genesisPoint)
        await writeMeta(ds.db, rules)
      }
      const prefix = options.verifiedPrefix
      const startAfter = prefix === undefined ? undefined : await trustedStart(ds.db, prefix.height, prefix.hash)
      const head = await walkChain(ds.db, rules, { ...options, startAfter })
      await checkDurable(ds.db, marker?.head, options.expectedDurableHeight, head)
      const store = new ChainStore(ds, rules, head, realDir)
      store.verifiedPrefixHeight = startAfter?.height ?? 0
      store.marker = await DurableHeadWriter.open(dir, marker?.sequence ?? 0, err => {
        store.fail('FAILED', `writing the durable-head marker failed: ${err.message}`, store.last.height)
      })
      // A store from before the marker, or a writer that stopped before its last marker write:
      // what the walk just verified is durable (LevelDB has replayed its log into a synced table).
      if (head.height > (marker?.head.height ?? 0)) store.marker.note(head)
      return store
    } catch (err) {
      await ds.close()
      openInProcess.delete(realDir)
      throw err
    }
  }

  get chainId (): string { return this.rules.chainId }
  get genesisHash (): Uint8Array { return this.rules.genesisHash.slice() }

  height (): number {
    this.assertUsable()
    return this.last.height
  }

  head (): ChainHead {
    this.assertUsable()
    return copyHead(this.last)
  }

  /**
   * Appends the block at head + 1 with the certificate that made it final.
   * Refuses (StoreError) an existing or non-next height, a bad link, wrong
   * roots, a certificate that is not a valid quorum for this block.
   * Resolves once the block is on disk (fsynced) and read back. The block
   * may come as bytes or as the OpenedBlock that openBlock made of them in
   * this process (the node's pipeline has it): then it is not decoded and its
   * roots not recomputed again; its height, link and certificate are checked
   * all the same, and its bytes are what is stored.
   */
  async append (block: Uint8Array | OpenedBlock, certificateBytes: Uint8Array): Promise<ChainHead> {
    const opened = block instanceof Uint8Array ? undefined : block
    const blockBytes = opened?.bytes ?? block as Uint8Array
    assertBytes(blockBytes, 'blockBytes')
    assertBytes(certificateBytes, 'certificateBytes')
    this.assertUsable()
    if (this.pendingAppends >= C.pendingAppendsMax) {
      throw new StoreError('BUSY', `${this.pendingAppends} appends already wait, the cap is ${C.pendingAppendsMax}`)
    }
    this.pendingAppends++
    try {
      return await new Promise<ChainHead>((resolve, reject) => {
        this.waiting.push({ blockBytes, opened, certificateBytes, resolve, reject })
        if (!this.flushing) {
          this.flushing = true
          this.queue = this.flush()
        }
      })
    } finally {
      this.pendingAppends--
    }
  }

  /**
   * Group commit: the appends waiting when the disk frees up are checked one
   * by one, in call order, exactly as if alone (each against the head the
   * ones before it leave), then written as one atomic, fsynced batch with the
   * new head pointer, read back, and acknowledged together. One fsync serves
   * many blocks when they come faster than the disk syncs (catch-up, load);
   * a block alone still gets its own batch.
   */
  private async flush (): Promise<void> {
    try {
      while (this.waiting.length > 0) await this.writeGroup(this.waiting.splice(0, C.groupCommitBlocksMax))
    } finally {
      this.flushing = false
    }
  }

  private async writeGroup (group: PendingAppend[]): Promise<void> {
    const accepted: Array<{ entry: PendingAppend, key: string, record: Uint8Array, next: LinkPoint }> = []
    let last = this.last
    for (const entry of group) {
      try {
        // Not assertUsable(): an append accepted before close() still runs; one after a storage fault does not.
        if (this.failure !== undefined) throw new StoreError('FAILED', `the chain store failed earlier: ${this.failure.message}`)
        const opened = entry.opened ?? openBlockChecked(entry.blockBytes)
        const height = opened.header.height
        if (height <= last.height) throw new StoreError('HEIGHT_EXISTS', `height ${height} is stored already (head ${last.height})`, { height })
        if (height !== last.height + 1) throw new StoreError('NOT_NEXT_HEIGHT', `height ${height} does not follow the head ${last.height}`, { height })
        checkLinkChecked(this.rules, last, opened)
        checkCertificateChecked(this.rules, opened, entry.certificateBytes)
        const key = recordKey(height)
        const record = encodeRecord({ blockBytes: entry.blockBytes, certificateBytes: entry.certificateBytes })
        const parts = decodeRecord(record, height)
        assert.ok(bytesEqual(parts.blockBytes, entry.blockBytes) && bytesEqual(parts.certificateBytes, entry.certificateBytes),
          'a record must decode to the block and certificate it was made of')
        // No record may exist past the head: a WORM store never overwrites one. Read synchronously
        // (classic-level getSync; the read-back below too): an absent key past the head, or one just
        // written, is answered from the memtable and the table filters in microseconds, where an
        // asynchronous read is a trip through the thread pool and back through the event loop, on
        // the critical path of every height. A failed read fails the store.
        let existing: Uint8Array | undefined
        try {
          existing = this.db.getSync(key)
        } catch (err) {
          throw this.fail('FAILED', `reading height ${height} before writing it failed: ${(err as Error).message}`, height)
        }
        if (existing !== undefined) {
          throw new StoreError('HEIGHT_EXISTS', `a record for height ${height} exists past the head ${last.height}`, { height })
        }
        const next = linkPointOf(opened)
        accepted.push({ entry, key, record, next })
        last = next
      } catch (err) {
        entry.reject(err)
      }
    }
    if (accepted.length === 0) return
    // A read that failed above failed the store: nothing of this group is written.
    if (this.failure !== undefined) {
      for (const a of accepted) a.entry.reject(this.failure)
      return
    }
    const head = encodeHead(last)
    const first = accepted[0].next.height
    try {
      try {
        await this.db.batch([...accepted.map(a => ({ type: 'put' as const, key: a.key, value: a.record })), { type: 'put', key: C.headKey, value: head }], { sync: true })
      } catch (err) {
        throw this.fail('FAILED', `writing heights ${first}..${last.height} failed: ${(err as Error).message}`, first)
      }
      const back = [...accepted.map(a => a.key), C.headKey].map(k => this.db.getSync(k))
      const headBack = back[back.length - 1]
      if (headBack === undefined || !bytesEqual(headBack, head) || accepted.some((a, i) => back[i] === undefined || !bytesEqual(back[i] as Uint8Array, a.record))) {
        throw this.fail('READBACK_MISMATCH', `heights ${first}..${last.height} do not read back as written`, first)
      }
    } catch (err) {
      for (const a of accepted) a.entry.reject(err)
      return
    }
    this.last = last
    // After the fsynced batch, never before: the marker must not claim more than LevelDB holds.
    this.marker.note(last)
    for (const a of accepted) a.entry.resolve(copyHead(a.next))
  }

  /** The block at `height` with its certificate; undefined above the head (and for 0). */
  async getBlock (height: number): Promise<StoredBlockView | undefined> {
    assertHeight(height, 'height')
    this.assertUsable()
    if (height < 1 || height > this.last.height) return undefined
    const value = await this.guardRead(async () => await this.db.get(recordKey(height)), `record ${height}`, height)
    if (value === undefined) throw new StoreError('TRUNCATED', `record ${height} is missing below the head`, { height })
    return viewOf(plainBytes(value), height)
  }

  /** Blocks `fromHeight`..`toHeight` (clamped to the head) in height order. */
  async * blocks (fromHeight: number, toHeight: number = Number.MAX_SAFE_INTEGER): AsyncGenerator<StoredBlockView> {
    assertHeight(fromHeight, 'fromHeight')
    assertHeight(toHeight, 'toHeight')
    this.assertUsable()
    const from = Math.max(1, fromHeight)
    const to = Math.min(toHeight, this.last.height)
    if (from > to) return
    let expected = from
    const iterator = this.db.iterator({ gte: recordKey(from), lte: recordKey(to) })
    try {
      for (;;) {
        const entry = await this.guardRead(async () => await iterator.next(), `record ${expected}`, expected)
        if (entry === undefined) break
        if (heightOfRecordKey(entry[0]) !== expected) break
        yield viewOf(plainBytes(entry[1]), expected)
        expected++
      }
    } finally {
      await iterator.close()
    }
    if (expected <= to) throw new StoreError('TRUNCATED', `record ${expected} is missing below the head`, { height: expected })
  }

  /**
   * Lets the appends already accepted finish, then closes. Every call made
   * after close() gets CLOSED.
   */
  async close (): Promise<void> {
    if (this.closing === undefined) {
      const queued = this.queue
      this.closing = (async () => {
        await queued
        try {
          try {
            await this.marker.close()
          } finally {
            await this.ds.close()
          }
        } finally {
          openInProcess.delete(this.realDir)
        }
      })()
    }
    await this.closing
  }

  private get db (): LevelDb { return this.ds.db }

  private assertUsable (): void {
    if (this.closing !== undefined) throw new StoreError('CLOSED', 'the chain store is closed')
    if (this.failure !== undefined) throw new StoreError('FAILED', `the chain store failed earlier: ${this.failure.message}`)
  }

  /** A read that fails because the store closed under it reports CLOSED. */
  private async guardRead<T> (read: () => Promise<T>, what: string, height: number): Promise<T> {
    try {
      return await readLevel(read, what, height)
    } catch (err) {
      this.assertUsable()
      throw err
    }
  }

  private fail (code: StoreErrorCode, message: string, height: number): StoreError {
    this.failure = new StoreError(code, message, { height })
    return this.failure
  }
}

/** TRUNCATED unless the chain verified up to `last` reaches both lower bounds: the marker's, then the caller's. */
async function checkDurable (db: LevelDb, marker: DurableHead | undefined, expectedDurableHeight: number | undefined,
  last: LinkPoint): Promise<void> {
  await checkDurableHead(db, marker, last)
  checkExpectedDurableHeight(expectedDurableHeight, last)
}

async function writeMeta (db: LevelDb, rules: ChainRules): Promise<void> {
  const meta = encodeMeta({ format: C.storeFormatVersion, chainId: rules.chainId, genesisHash: rules.genesisHash })
  await db.put(C.metaKey, meta, { sync: true })
  const back = await db.get(C.metaKey)
  if (back === undefined || !bytesEqual(back, meta)) throw new StoreError('READBACK_MISMATCH', 'the meta record does not read back as written')
}

/** Decodes a record read back for a caller: checksum, roots, height and the certificate naming this block. */
function viewOf (value: Uint8Array, height: number): StoredBlockView {
  const { opened, certificateBytes } = openRecord(value, height)
  const certificate = decodeCertificateForBlock(opened, certificateBytes)
  return { height, hash: opened.hash, block: opened, certificateBytes, certificate }
}

export type ChainVerification =
  | { ok: true, height: number, headHash: Uint8Array, headTimestampMs: number }
  | { ok: false, code: StoreErrorCode, reason: string, firstBadHeight: number | null, details: StoreErrorDetails }

/**
 * Verifies the store in `dir` offline, as ChainStore.open does (the
 * durable-head marker and `expectedDurableHeight` included), and reports
 * instead of throwing. It never writes to `dir`: LevelDB cannot open a
 * database read-only, and opening one replays its write-ahead log into a
 * table and deletes the log, which would destroy the evidence of a damaged
 * log. So it copies the store to a scratch directory under the system temp
 * dir, verifies the copy and removes it, also when verification fails or
 * `signal` aborts. While copying it holds the store's own LevelDB lock
 * (through a symlink to its LOCK file), so a node cannot start writing
 * mid-copy, and a running node is reported as LOCKED rather than checked
 * half-written.
 */
export async function verifyChain (dir: string, genesis: Genesis, ed: Ed25519,
  progressOrOptions: ProgressListener | VerifyOptions = {}): Promise<ChainVerification> {
  const options: VerifyOptions = typeof progressOrOptions === 'function' ? { onProgress: progressOrOptions } : progressOrOptions
  if (options.expectedDurableHeight !== undefined) assertHeight(options.expectedDurableHeight, 'expectedDurableHeight')
  let copyDir: string | undefined
  // LevelDB's messages name the file of the copy; the copy is gone by the time anyone reads them.
  const failed = (err: StoreError): ChainVerification => ({
    ok: false,
    code: err.code,
    reason: copyDir === undefined ? err.message : err.message.replaceAll(copyDir, resolve(dir)),
    firstBadHeight: err.details.height ?? null,
    details: err.details
  })
  const rules = chainRulesOf(genesis, ed)
  // LevelDB writes LOCK and LOG even when told not to create a database, so look for its CURRENT file first.
  if (!existsSync(join(dir, 'CURRENT'))) {
    try {
      // No database, but a marker (or the caller) says blocks were made durable here: they are lost, not missing.
      checkMarkerReached(readDurableHead(dir)?.head, rules.genesisPoint)
      checkExpectedDurableHeight(options.expectedDurableHeight, rules.genesisPoint)
    } catch (err) {
      if (err instanceof StoreError) return failed(err)
      throw err
    }
    return failed(new StoreError('MISSING', `no chain store in ${dir}`))
  }
  const realDir = realpathSync(dir)
  // LevelDB's lock does not exclude its own process; and taking it here, then
  // closing it, would drop the lock that process holds (POSIX lock semantics).
  if (openInProcess.has(realDir)) return failed(new StoreError('LOCKED', `the store in ${dir} is open or being verified in this process`))
  const { signal } = options
  signal?.throwIfAborted()
  let scratch: string
  try {
    scratch = mkdtempSync(join(tmpdir(), C.verifyScratchDirPrefix))
  } catch (err) {
    return failed(scratchFailed(err, dir))
  }
  // Held (in this process, and through LevelDB's lock for others) while the copy is made, not while it is checked.
  openInProcess.add(realDir)
  let lock: LevelDatastore | undefined
  let holding = true
  const release = async (): Promise<void> => {
    if (!holding) return
    holding = false
    try {
      await lock?.close()
    } finally {
      openInProcess.delete(realDir)
    }
  }
  let ds: LevelDatastore | undefined
  try {
    const lockPath = resolve(dir, C.levelLockFileName)
    // No LOCK file: no LevelDB ever opened this copy of the store, nobody holds it (and linking to it would create it).
    if (existsSync(lockPath)) {
      const lockDir = join(scratch, 'lock')
      mkdirSync(lockDir)
      symlinkSync(lockPath, join(lockDir, C.levelLockFileName))
      lock = new LevelDatastore(lockDir)
      await openLevel(lock, dir, true)
    }
    copyDir = join(scratch, 'copy')
    try {
      mkdirSync(copyDir)
      await copyStoreFiles(dir, copyDir, { skip: new Set([C.levelLockFileName]), onProgress: options.onCopyProgress, signal })
    } catch (err) {
      if (signal?.aborted === true) throw err
      throw scratchFailed(err, dir)
    }
    // What is checked from here on is the copy: the store is free again.
    await release()
    ds = new LevelDatastore(copyDir)
    await openLevel(ds, dir, false)
    const marker = readDurableHead(copyDir)?.head
    if (await checkMeta(ds.db, rules) === 'empty') {
      // Not MISSING when something says blocks were made durable here: then they are lost.
      await checkDurable(ds.db, marker, options.expectedDurableHeight, rules.genesisPoint)
      return failed(new StoreError('MISSING', `no chain store in ${dir}: the database is empty`))
    }
    const onProgress = options.onProgress
    const head = await walkChain(ds.db, rules, {
      verifyThreads: options.verifyThreads,
      onBlock: options.onBlock,
      // The walk reports progress every progressIntervalBlocks: a point where it can stop, too.
      onProgress: progress => { signal?.throwIfAborted(); onProgress?.(progress) }
    })
    signal?.throwIfAborted()
    await checkDurable(ds.db, marker, options.expectedDurableHeight, head)
    return { ok: true, height: head.height, headHash: head.hash, headTimestampMs: head.timestampMs }
  } catch (err) {
    if (err instanceof StoreError) return failed(err)
    throw err
  } finally {
    try {
      await ds?.close()
    } finally {
      try {
        await release()
      } finally {
        rmSync(scratch, { recursive: true, force: true })
      }
    }
  }
}

/** A failure to make or fill the scratch copy: its cause is the system's (space, permissions), not the store's. */
function scratchFailed (err: unknown, dir: string): StoreError {
  const e = err as { code?: string, message?: string }
  return new StoreError('SCRATCH_FAILED', `cannot copy the store in ${dir} to a scratch directory under ${tmpdir()}: ` +
    `${e.message ?? String(err)}`, e.code === undefined ? {} : { causeCode: e.code })
}
