// The replica's safety record (view, votes, prepared certificate), made
// durable before any message that depends on it is sent. Two files written
// in turn, in place, each `crc32 | sequence | length | payload`, through a
// descriptor opened O_DSYNC: one data sync per write (no rename, no directory update),
// and a torn write only ever hits the older copy, so reading the valid copy
// with the higher sequence always finds the last completed write.
import { closeSync, constants, existsSync, ftruncateSync, openSync, readFileSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { fromHex, toHex } from '../protocols/bytes.ts'
import type { SafetyState } from '../consensus/types.ts'

const headerBytes = 16

interface SafetyJson {
  view: number
  viewChanging: boolean
  height: number
  proposedView?: number
  prepareVote?: { view: number, hash: string }
  commitVote?: { view: number, hash: string }
  prepared?: { prePrepare: string, prepares: string[], block: string }
}

export function encodeSafety (s: SafetyState): Uint8Array {
  const json: SafetyJson = {
    view: s.view,
    viewChanging: s.viewChanging,
    height: s.height,
    proposedView: s.proposedView,
    prepareVote: s.prepareVote === undefined ? undefined : { view: s.prepareVote.view, hash: toHex(s.prepareVote.hash) },
    commitVote: s.commitVote === undefined ? undefined : { view: s.commitVote.view, hash: toHex(s.commitVote.hash) },
    prepared: s.prepared === undefined
      ? undefined
      : { prePrepare: toHex(s.prepared.prePrepare), prepares: s.prepared.prepares.map(toHex), block: Buffer.from(s.prepared.block).toString('hex') }
  }
  return Buffer.from(JSON.stringify(json))
}

export function decodeSafety (bytes: Uint8Array): SafetyState {
  const j = JSON.parse(Buffer.from(bytes).toString('utf8')) as SafetyJson
  return {
    view: j.view,
    viewChanging: j.viewChanging,
    height: j.height,
    proposedView: j.proposedView,
    prepareVote: j.prepareVote === undefined ? undefined : { view: j.prepareVote.view, hash: fromHex(j.prepareVote.hash) },
    commitVote: j.commitVote === undefined ? undefined : { view: j.commitVote.view, hash: fromHex(j.commitVote.hash) },
    prepared: j.prepared === undefined
      ? undefined
      : { prePrepare: fromHex(j.prepared.prePrepare), prepares: j.prepared.prepares.map(fromHex), block: new Uint8Array(Buffer.from(j.prepared.block, 'hex')) }
  }
}

function readSlot (path: string): { sequence: number, payload: Uint8Array } | undefined {
  if (!existsSync(path)) return undefined
  const data = readFileSync(path)
  if (data.length < headerBytes) return undefined
  const crc = data.readUInt32BE(0)
  const sequence = Number(data.readBigUInt64BE(4))
  const length = data.readUInt32BE(12)
  if (headerBytes + length > data.length) return undefined
  const payload = data.subarray(headerBytes, headerBytes + length)
  if (crc32(payload, crc32(data.subarray(4, headerBytes))) !== crc) return undefined
  return { sequence, payload }
}

export class SafetyStore {
  private sequence: number

  private constructor (private readonly files: FileHandle[], sequence: number) {
    this.sequence = sequence
  }

  /** Opens the two copies under `base` (base.a, base.b) and returns the latest complete record. */
  static async open (base: string): Promise<{ store: SafetyStore, state?: SafetyState }> {
    const paths: [string, string] = [`${base}.a`, `${base}.b`]
    const slots = paths.map(readSlot)
    const best = slots.reduce<{ sequence: number, payload: Uint8Array } | undefined>((a, b) => b !== undefined && (a === undefined || b.sequence > a.sequence) ? b : a, undefined)
    // O_DSYNC: each write returns once its data is durable, in one trip to the thread pool (a write
    // and then a datasync took two, each waiting for the event loop to pick up its completion).
    const files = await Promise.all(paths.map(async p => await open(p, constants.O_RDWR | constants.O_CREAT | constants.O_DSYNC, 0o600)))
    return { store: new SafetyStore(files, best?.sequence ?? 0), state: best === undefined ? undefined : decodeSafety(best.payload) }
  }

  /**
   * Durable when the promise resolves. Asynchronous so that the event loop
   * keeps serving the network while the disk syncs (a synchronous fdatasync
   * stalled every connection of the node for its whole duration); callers
   * await it before sending anything that depends on it.
   */
  async write (state: SafetyState): Promise<void> {
    this.sequence++
    const payload = encodeSafety(state)
    const header = Buffer.alloc(headerBytes)
    header.writeBigUInt64BE(BigInt(this.sequence), 4)
    header.writeUInt32BE(payload.length, 12)
    header.writeUInt32BE(crc32(payload, crc32(header.subarray(4))), 0)
    const file = this.files[this.sequence % 2]
    await file.write(Buffer.concat([header, payload]), 0, headerBytes + payload.length, 0)
  }

  async close (): Promise<void> {
    await Promise.all(this.files.map(async f => { await f.close() }))
  }

  /** For tests: drop bytes past the record (a file never needs to shrink otherwise). */
  static truncate (path: string, length: number): void {
    const fd = openSync(path, 'r+')
    try { ftruncateSync(fd, length) } finally { closeSync(fd) }
  }
}
