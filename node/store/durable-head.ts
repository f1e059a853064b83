// The durable-head marker: the height (and block hash) the store last made
// durable, kept outside LevelDB, beside its files. LevelDB's recovery drops a
// damaged tail of its write-ahead log without a word, and the head pointer
// goes with it, so the records alone cannot tell a shortened chain from a
// short one; the marker can. Two slots written in turn, in place, each
// `crc32 | sequence | length | payload` and fdatasync'ed (as
// node/safety-store.ts): a torn write only ever hits the older slot, and the
// valid slot with the higher sequence is the last completed write.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { LinkPoint } from '../../protocols/block.ts'
import { bytesEqual, toHex } from '../../protocols/bytes.ts'
import { hashBytes } from '../../protocols/constants.ts'
import * as C from './constants.ts'
import { StoreError } from './errors.ts'
import { recordKey } from './records.ts'
import { openRecord } from './verify.ts'
import { plainBytes, readLevel, type LevelDb } from './walk.ts'

export interface DurableHead {
  height: number
  hash: Uint8Array
}

const slotPaths = (dir: string): [string, string] =>
  [join(dir, `${C.durableHeadFileBase}.a`), join(dir, `${C.durableHeadFileBase}.b`)]

export function encodeDurableHeadSlot (sequence: number, head: DurableHead): Uint8Array {
  if (head.hash.length !== hashBytes) throw new TypeError('durable head hash must be 32 bytes')
  const out = Buffer.alloc(C.durableHeadSlotBytes)
  out.writeBigUInt64BE(BigInt(sequence), 4)
  out.writeUInt32BE(C.durableHeadPayloadBytes, 12)
  out.writeBigUInt64BE(BigInt(head.height), C.durableHeadHeaderBytes)
  out.set(head.hash, C.durableHeadHeaderBytes + 8)
  out.writeUInt32BE(crc32(out.subarray(4)), 0)
  return out
}

/** The slot's sequence and head, or undefined when it is absent, torn or damaged (its checksum fails). */
export function decodeDurableHeadSlot (data: Uint8Array): { sequence: number, head: DurableHead } | undefined {
  if (data.length !== C.durableHeadSlotBytes) return undefined
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  if (crc32(buf.subarray(4)) !== buf.readUInt32BE(0) || buf.readUInt32BE(12) !== C.durableHeadPayloadBytes) return undefined
  const height = Number(buf.readBigUInt64BE(C.durableHeadHeaderBytes))
  if (height < 1 || height > C.heightMax) return undefined
  return { sequence: Number(buf.readBigUInt64BE(4)), head: { height, hash: buf.slice(C.durableHeadHeaderBytes + 8) } }
}

/**
 * The newest valid slot under `dir`. A store written before the marker
 * existed has none; so does one whose only write was torn by a crash, which
 * is why a damaged slot is not an error: the marker is a lower bound, and
 * losing it only loses the check.
 */
export function readDurableHead (dir: string): { sequence: number, head: DurableHead } | undefined {
  let best: { sequence: number, head: DurableHead } | undefined
  for (const path of slotPaths(dir)) {
    if (!existsSync(path)) continue
    const slot = decodeDurableHeadSlot(readFileSync(path))
    if (slot !== undefined && (best === undefined || slot.sequence > best.sequence)) best = slot
  }
  return best
}

/**
 * TRUNCATED when the chain verified up to `last` ends below `durableHeight`;
 * `known` says who knows that height was durable.
 */
function checkReaches (last: LinkPoint, durableHeight: number, known: string): void {
  if (last.height >= durableHeight) return
  const lost = last.height + 1 === durableHeight ? `height ${durableHeight}` : `heights ${last.height + 1}..${durableHeight}`
  throw new StoreError('TRUNCATED', `the chain ends at ${last.height}, but ${known}: ${lost} lost`,
    { height: last.height + 1, durableHeight, lostHeights: durableHeight - last.height })
}

/** TRUNCATED when the chain verified up to `last` ends below the marker's height. */
export function checkMarkerReached (marker: DurableHead | undefined, last: LinkPoint): void {
  if (marker !== undefined) checkReaches(last, marker.height, `the store had made ${marker.height} durable`)
}

/**
 * TRUNCATED unless the verified chain reaches the marker's height with the
 * same block there: blocks the store once made durable are gone.
 */
export async function checkDurableHead (db: LevelDb, marker: DurableHead | undefined, last: LinkPoint): Promise<void> {
  if (marker === undefined) return
  checkMarkerReached(marker, last)
  const value = await readLevel(async () => await db.get(recordKey(marker.height)), `record ${marker.height}`, marker.height)
  // The walk just read every record up to last.height, so the record is there.
  const hash = value === undefined ? undefined : openRecord(plainBytes(value), marker.height).opened.hash
  if (hash === undefined || !bytesEqual(hash, marker.hash)) {
    throw new StoreError('TRUNCATED', `block ${marker.height} is not the block the store made durable at that height ` +
      `(${toHex(marker.hash)}): the chain from there on was lost and replaced`, { height: marker.height, durableHeight: marker.height })
  }
}

/**
 * TRUNCATED when the verified chain ends below `expected`, a height the
 * caller knows was durable by other means (the node's safety record): a
 * second lower bound, for the damage the marker cannot see (the marker files
 * lost with the tail, or the marker's own lag).
 */
export function checkExpectedDurableHeight (expected: number | undefined, last: LinkPoint): void {
  if (expected !== undefined) checkReaches(last, expected, `height ${expected} is known durable (expectedDurableHeight)`)
}

/**
 * Writes the marker in the background, coalesced: at most one write in
 * flight, and the newest height noted meanwhile is the next one written, so
 * appends never wait for it and a burst costs one or two syncs.
 *
 * The lag this allows: at any moment the marker may trail the acknowledged
 * head by the group commits made since the write in flight started (in
 * practice one or two groups; at most a marker write's sync time of
 * appends). Blocks in that window that LevelDB's log recovery then drops are
 * not caught by the marker; the node's safety record (expectedDurableHeight)
 * bounds the chain from below independently. A crash in the window loses
 * nothing: the log still holds those blocks, and the next open marks them.
 */
export class DurableHeadWriter {
  private sequence: number
  private wanted: DurableHead | undefined
  private running: Promise<void> | undefined

  private constructor (private readonly files: FileHandle[], sequence: number, private readonly onError: (err: Error) => void) {
    this.sequence = sequence
  }

  /** Opens (creating) both slots; `sequence` is that of the newest valid slot, 0 without one. */
  static async open (dir: string, sequence: number, onError: (err: Error) => void): Promise<DurableHeadWriter> {
    const paths = slotPaths(dir)
    const created = paths.some(path => !existsSync(path))
    const files: FileHandle[] = []
    try {
      for (const path of paths) files.push(await open(path, existsSync(path) ? 'r+' : 'w+', 0o600))
      // New directory entries are durable only once the directory itself is synced.
      if (created) syncDirectory(dir)
    } catch (err) {
      await Promise.all(files.map(async f => { await f.close() }))
      throw err
    }
    return new DurableHeadWriter(files, sequence, onError)
  }

  /** Call once `head` is durable in LevelDB. */
  note (head: DurableHead): void {
    this.wanted = { height: head.height, hash: head.hash.slice() }
    this.running ??= this.drain()
  }

  private async drain (): Promise<void> {
    try {
      while (this.wanted !== undefined) {
        const head = this.wanted
        this.wanted = undefined
        this.sequence++
        const file = this.files[this.sequence % 2]
        await file.write(encodeDurableHeadSlot(this.sequence, head), 0, C.durableHeadSlotBytes, 0)
        await file.datasync()
      }
    } catch (err) {
      this.wanted = undefined
      this.onError(err as Error)
    } finally {
      this.running = undefined
    }
  }

  /** Waits for the write in flight (and the one it coalesced), then closes both slots. */
  async close (): Promise<void> {
    while (this.running !== undefined) await this.running
    await Promise.all(this.files.map(async f => { await f.close() }))
  }
}

function syncDirectory (dir: string): void {
  const fd = openSync(dir, 'r')
  try { fsyncSync(fd) } finally { closeSync(fd) }
}
