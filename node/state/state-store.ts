// The state store: the certification state, where every committed
// transaction is (the tx index) and each device's attempts, on disk, so that
// a node starts from it instead of replaying its chain, and reads it from
// disk instead of holding it in memory. It is derived from the chain alone:
// losing it loses nothing but time (the node rebuilds it by replaying).
//
// It is the CommittedRecords CertApp executes against: a committed height's
// writes are visible at once (an overlay, kept until their batch lands),
// then read from LevelDB synchronously (classic-level's getSync: LevelDB's
// memtable, block cache and the OS page cache) behind a bounded cache of
// the records read last.
//
// It is written once a block is durable in the chain store, never before:
// its applied height is therefore never above the chain's durable height.
// Writes are not fsynced. LevelDB's log is a sequence of batches, one per
// write here, so what a crash leaves is the state at some earlier height,
// and the node replays the blocks above it. Values are framed with a
// checksum (node/store/records.ts) and encoded with node:v8's serializer
// (a local format, never sent: the digest uses the canonical text).
import { deserialize, serialize } from 'node:v8'
import { mkdirSync, rmSync } from 'node:fs'
import { LevelDatastore } from 'datastore-level'
import { toHex } from '../../protocols/bytes.ts'
import { genesisHash, type Genesis } from '../../protocols/genesis.ts'
import { decodeFrame, encodeFrame } from '../store/records.ts'
import { StoreError } from '../store/errors.ts'
import { plainBytes, readLevel } from '../store/walk.ts'
import { attemptKey, restoredStateOf, stateKey, type CommittedRecords, type RestoredState, type StateChanges, type TxLocation } from './cert-app.ts'
import * as S from './constants.ts'

const appliedKey = '/applied'
const metaKey = '/meta'

interface Applied { height: number, blockHash: Uint8Array, digest: Uint8Array, committedCount: number }
interface Meta { format: number, chainId: string, genesisHash: string }

/** The restored state with the block it was applied up to. */
export interface LoadedState extends RestoredState {
  blockHash: Uint8Array
}

/** A cached record known absent (records are never null). */
const absent = null

const encodeValue = (v: unknown): Uint8Array => encodeFrame(serialize(v), S.stateValueBytesMax)
const decodeValue = (framed: Uint8Array, what: string): unknown => deserialize(decodeFrame(plainBytes(framed), S.stateValueBytesMax, what))

/** The device (key hex) an attempt key `a/<device>/<height>/<index>` names. */
const deviceOfAttemptKey = (key: string): string => key.slice(stateKey.attempt.length, key.indexOf('/', stateKey.attempt.length))

/** `end` of a key range: every key with `prefix` sorts below it. */
const rangeEnd = (prefix: string): string => prefix + '\xff'

export class StateStore implements CommittedRecords {
  /** Batches wait here; one write runs at a time, and takes every batch waiting. */
  private readonly waiting: StateChanges[] = []
  private writing: Promise<void> | undefined
  /** Committed writes not yet landed in LevelDB, by key, with the height that wrote them: get() sees them first. */
  private readonly pending = new Map<string, { value: unknown, height: number }>()
  /** Attempts committed, not yet landed, by device. */
  private readonly pendingAttempts = new Map<string, TxLocation[]>()
  /** Records read from LevelDB (absent ones as `absent`), oldest use first. */
  private readonly cache = new Map<string, unknown>()
  private failure: Error | undefined
  private closed = false

  private constructor (private readonly ds: LevelDatastore, private readonly onFailure: (err: Error) => void,
    private readonly cacheRecordsMax: number) {}

  /**
   * Opens (or creates) the state store in `dir`. One made for another
   * genesis, or by another format, is removed and made anew (it is derived
   * data); `onFailure` hears of a failed write (the node stops: a state store
   * it cannot write is a storage fault).
   */
  static async open (dir: string, genesis: Genesis, onFailure: (err: Error) => void, log?: (msg: string) => void,
    cacheRecordsMax = S.stateCacheRecordsMax): Promise<StateStore> {
    for (let attempt = 0; ; attempt++) {
      mkdirSync(dir, { recursive: true })
      const ds = new LevelDatastore(dir)
      try {
        await ds.db.open({ createIfMissing: true, compression: false })
      } catch (err) {
        const cause = (err as { cause?: { code?: string, message?: string } }).cause
        if (cause?.code === 'LEVEL_LOCKED') throw new StoreError('LOCKED', `the state store in ${dir} is open in another process`)
        if (attempt > 0 || cause?.code !== 'LEVEL_CORRUPTION') throw err
        log?.(`the state store in ${dir} is damaged (${cause.message ?? 'LevelDB corruption'}): removed, it is rebuilt from the chain`)
        rmSync(dir, { recursive: true, force: true })
        continue
      }
      const store = new StateStore(ds, onFailure, cacheRecordsMax)
      const want: Meta = { format: S.stateStoreFormatVersion, chainId: genesis.chainId, genesisHash: toHex(genesisHash(genesis)) }
      let meta: Meta | undefined
      try {
        const raw = await ds.db.get(metaKey)
        meta = raw === undefined ? undefined : decodeValue(raw, 'state meta') as Meta
      } catch {
        meta = undefined
      }
      const empty = (await ds.db.keys({ limit: 1 }).all()).length === 0
      if (!empty && (meta === undefined || meta.format !== want.format || meta.chainId !== want.chainId || meta.genesisHash !== want.genesisHash)) {
        if (attempt > 0) throw new Error(`assertion: the state store in ${dir} was made anew and still does not match`)
        log?.(`the state store in ${dir} is of another format or genesis: removed, it is rebuilt from the chain`)
        await ds.close()
        rmSync(dir, { recursive: true, force: true })
        continue
      }
      if (empty) await ds.db.put(metaKey, encodeValue(want))
      return store
    }
  }

  /**
   * What a start needs, without reading the records: the height, block and
   * digest the store was applied up to, the count of committed transactions
   * and the used nonces (bounded by their freshness window); the records
   * are this store, read as execution needs them. Undefined for an empty
   * store. A damaged value read here or later is CORRUPT (StoreError).
   */
  async load (): Promise<LoadedState | undefined> {
    const db = this.ds.db
    const raw = await readLevel(async () => await db.get(appliedKey), 'applied record')
    this.nextHeight = 1
    if (raw === undefined) return undefined
    const applied = decodeValue(raw, 'applied record') as Applied
    const nonces: Array<[string, number]> = []
    for (const [key, value] of await this.entries(stateKey.nonce)) nonces.push([key.slice(stateKey.nonce.length), value as number])
    this.nextHeight = applied.height + 1
    return { height: applied.height, blockHash: applied.blockHash, digest: applied.digest, committedCount: applied.committedCount, nonces, records: this }
  }

  /**
   * The whole state read into memory (MemoryRecords), for offline checks
   * (`chain verify --replay` compares it record for record with a replay).
   */
  async loadAll (): Promise<LoadedState | undefined> {
    const meta = await this.load()
    if (meta === undefined) return undefined
    const records = [...await this.entries('s/'), ...await this.entries(stateKey.tx)]
    try {
      return { ...restoredStateOf(records, meta), blockHash: meta.blockHash }
    } catch (err) {
      throw new StoreError('CORRUPT', `the state store: ${(err as Error).message}`)
    }
  }

  private async entries (prefix: string): Promise<Array<[string, unknown]>> {
    const out: Array<[string, unknown]> = []
    const it = this.ds.db.iterator({ gte: prefix, lt: rangeEnd(prefix) })
    try {
      for (;;) {
        const entries = await readLevel(async () => await it.nextv(S.loadReadRecordsMax), `state records ${prefix}`)
        if (entries.length === 0) break
        for (const [key, value] of entries) out.push([key, decodeValue(value, `state record ${key.slice(0, 80)}`)])
      }
    } finally {
      await it.close()
    }
    return out
  }

  // ---------------------------------------------------------------- CommittedRecords

  /** The committed record at `key`: the overlay of writes not landed yet, then the cache, then LevelDB (synchronously). */
  get (key: string): unknown {
    const p = this.pending.get(key)
    if (p !== undefined) return p.value
    const cached = this.cache.get(key)
    if (cached !== undefined) {
      // Used again: to the young end.
      this.cache.delete(key)
      this.cache.set(key, cached)
      return cached === absent ? undefined : cached
    }
    let raw: Uint8Array | undefined
    try {
      raw = this.ds.db.getSync(key)
    } catch (err) {
      const e = err as { code?: string, message?: string }
      if (e.code === 'LEVEL_CORRUPTION') throw new StoreError('CORRUPT', `state record ${key.slice(0, 80)}: LevelDB reports ${e.message ?? 'corruption'}`)
      throw err
    }
    const value = raw === undefined ? undefined : decodeValue(raw, `state record ${key.slice(0, 80)}`)
    if (this.cache.size >= this.cacheRecordsMax) this.cache.delete(this.cache.keys().next().value as string)
    this.cache.set(key, value === undefined ? absent : value)
    return value
  }

  /** A committed height's writes: visible to get() at once, on disk once write() lands them. */
  apply (height: number, writes: ReadonlyArray<[string, unknown]>): void {
    this.appliedThrough = Math.max(this.appliedThrough, height)
    for (const [k, v] of writes) {
      if (k.startsWith(stateKey.attempt)) {
        const device = deviceOfAttemptKey(k)
        const list = this.pendingAttempts.get(device) ?? []
        list.push(v as TxLocation)
        this.pendingAttempts.set(device, list)
        continue
      }
      this.pending.set(k, { value: v, height })
      this.cache.delete(k)
    }
  }

  /** The highest height apply() has seen: write() applies a change set no commit applied here (a store used as a sink). */
  private appliedThrough = 0

  /** Change sets waiting for their batch. */
  get queuedChangeSets (): number { return this.waiting.length }

  get cachedRecords (): number { return this.cache.size }

  /** Removes everything but the meta record: the node replays its chain from height 1. */
  async clear (): Promise<void> {
    await this.settled()
    const db = this.ds.db
    await db.clear({ lt: metaKey })
    await db.clear({ gt: metaKey })
    this.nextHeight = 1
    this.pending.clear()
    this.pendingAttempts.clear()
    this.cache.clear()
    this.appliedThrough = 0
  }

  /**
   * Writes the change set of the next height (its block is durable). Queued:
   * batches that wait while one is written go in one LevelDB batch. Reads see
   * the indexes at once.
   */
  write (changes: StateChanges): void {
    if (this.failure !== undefined || this.closed) throw new Error(`assertion: write to a state store that is ${this.closed ? 'closed' : 'failed'}`)
    if (changes.height !== this.nextHeight) throw new Error(`assertion: state change set of height ${changes.height}, ${this.nextHeight ?? '(load() first)'} is next`)
    this.nextHeight = changes.height + 1
    if (changes.height > this.appliedThrough) this.apply(changes.height, changes.writes)
    this.waiting.push(changes)
    this.writing ??= this.flush()
  }

  /** The height whose change set comes next: set by load() and clear(). */
  private nextHeight: number | undefined

  private async flush (): Promise<void> {
    try {
      while (this.waiting.length > 0 && this.failure === undefined) {
        const sets = this.waiting.splice(0, S.changeSetsPerBatchMax)
        const last = sets[sets.length - 1]
        const ops: Array<{ type: 'put', key: string, value: Uint8Array } | { type: 'del', key: string }> = []
        for (const set of sets) {
          for (const [key, value] of set.writes) ops.push(value === undefined ? { type: 'del', key } : { type: 'put', key, value: encodeValue(value) })
        }
        const applied: Applied = { height: last.height, blockHash: last.blockHash, digest: last.digest, committedCount: last.committedCount }
        ops.push({ type: 'put', key: appliedKey, value: encodeValue(applied) })
        try {
          await this.ds.db.batch(ops)
        } catch (err) {
          this.failure = new Error(`writing the state of heights ${sets[0].height}..${last.height} failed: ${(err as Error).message}`)
          this.onFailure(this.failure)
          return
        }
        for (const set of sets) {
          for (const [k, v] of set.writes) {
            if (!k.startsWith(stateKey.attempt)) {
              const p = this.pending.get(k)
              if (p !== undefined && p.height <= set.height) this.pending.delete(k)
            } else {
              const device = deviceOfAttemptKey(k)
              const list = this.pendingAttempts.get(device)
              if (list !== undefined && list[0] === v) list.shift()
              if (list !== undefined && list.length === 0) this.pendingAttempts.delete(device)
            }
          }
        }
      }
    } finally {
      this.writing = undefined
    }
  }

  /** Where committed transaction `txId` is (its first block), if it is committed. */
  async txLocation (txId: Uint8Array): Promise<TxLocation | undefined> {
    return this.get(stateKey.tx + toHex(txId)) as TxLocation | undefined
  }

  /** A page of device `deviceKey`'s attempts in chain order, and how many it has in all. */
  async attempts (deviceKey: Uint8Array, offset: number, count: number): Promise<{ page: TxLocation[], total: number }> {
    const hex = toHex(deviceKey)
    const prefix = `${stateKey.attempt}${hex}/`
    // Taken before the disk is read: what lands meanwhile is read from disk, and skipped here by its key.
    const pending = [...(this.pendingAttempts.get(hex) ?? [])]
    const page: TxLocation[] = []
    let total = 0
    let lastKey = ''
    // Keys only: the location is in the key; counting costs this device's attempts, never the chain's.
    const keys = this.ds.db.keys({ gte: prefix, lt: rangeEnd(prefix) })
    try {
      for (;;) {
        const batch = await readLevel(async () => await keys.nextv(S.loadReadRecordsMax), 'attempt index')
        if (batch.length === 0) break
        for (const k of batch) {
          if (total >= offset && page.length < count) {
            const [height, index] = k.slice(prefix.length).split('/').map(Number)
            page.push({ height, index })
          }
          total++
          lastKey = k
        }
      }
    } finally {
      await keys.close()
    }
    for (const loc of pending) {
      if (attemptKey(hex, loc) <= lastKey) continue
      if (total >= offset && page.length < count) page.push(loc)
      total++
    }
    return { page, total }
  }

  /** Resolves once every change set written so far has landed in LevelDB (or the store failed). */
  async settled (): Promise<void> {
    while (this.writing !== undefined) await this.writing
  }

  /** Waits for the writes queued, then closes. */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.settled()
    await this.ds.close()
  }
}

