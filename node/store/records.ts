// The byte layout of the store: keys, the self-checking frame around every
// value, the head pointer and the meta record. Nothing here touches the
// database; chain-store.ts and verify.ts do.
import { crc32 } from 'node:zlib'
import { bytesEqual, fromHex, toHex, utf8, fromUtf8 } from '../../protocols/bytes.ts'
import { hashBytes } from '../../protocols/constants.ts'
import * as C from './constants.ts'
import { StoreError } from './errors.ts'

export function recordKey (height: number): string {
  if (!Number.isSafeInteger(height) || height < 1 || height > C.heightMax) {
    throw new TypeError(`height: an integer from 1 to ${C.heightMax}, got ${height}`)
  }
  return C.recordKeyPrefix + String(height).padStart(C.heightDigits, '0')
}

const recordKeyPattern = new RegExp(`^${C.recordKeyPrefix}(\\d{${C.heightDigits}})$`)

/** The height a record key names, or null when the key is not one this store writes. */
export function heightOfRecordKey (key: string): number | null {
  const match = recordKeyPattern.exec(key)
  if (match === null) return null
  const height = Number(match[1])
  return height >= 1 ? height : null
}

function crcOf (lengthField: Uint8Array, payload: Uint8Array): number {
  return crc32(payload, crc32(lengthField))
}

/** crc32(length | payload) | length | payload, big-endian. */
export function encodeFrame (payload: Uint8Array, payloadBytesMax: number): Uint8Array {
  if (payload.length > payloadBytesMax) throw new TypeError(`frame payload of ${payload.length} bytes over ${payloadBytesMax}`)
  const out = new Uint8Array(C.frameHeaderBytes + payload.length)
  const view = new DataView(out.buffer)
  view.setUint32(4, payload.length)
  view.setUint32(0, crcOf(out.subarray(4, 8), payload))
  out.set(payload, C.frameHeaderBytes)
  return out
}

/**
 * The payload of a framed value; CORRUPT unless the length, the size cap and
 * the checksum all hold. `what` names the value in the error ("record 12", "head").
 */
export function decodeFrame (framed: Uint8Array, payloadBytesMax: number, what: string, height?: number): Uint8Array {
  const corrupt = (reason: string): StoreError =>
    new StoreError('CORRUPT', `${what}: ${reason}`, height === undefined ? {} : { height })
  if (framed.length < C.frameHeaderBytes) throw corrupt(`${framed.length} bytes, shorter than a frame header`)
  const view = new DataView(framed.buffer, framed.byteOffset, framed.byteLength)
  const length = view.getUint32(4)
  if (length > payloadBytesMax) throw corrupt(`frame length ${length} over the cap of ${payloadBytesMax}`)
  if (framed.length !== C.frameHeaderBytes + length) {
    throw corrupt(`frame says ${length} payload bytes, value holds ${framed.length - C.frameHeaderBytes}`)
  }
  const payload = framed.subarray(C.frameHeaderBytes)
  if (crcOf(framed.subarray(4, 8), payload) !== view.getUint32(0)) throw corrupt('checksum mismatch')
  return payload
}

/** The head pointer: the last appended block, written in the same batch as its record. */
export interface HeadPointer {
  height: number
  timestampMs: number
  hash: Uint8Array
}

export function encodeHead (head: HeadPointer): Uint8Array {
  const payload = new Uint8Array(C.headPayloadBytes)
  const view = new DataView(payload.buffer)
  view.setBigUint64(0, BigInt(head.height))
  view.setBigUint64(8, BigInt(head.timestampMs))
  if (head.hash.length !== hashBytes) throw new TypeError('head hash must be 32 bytes')
  payload.set(head.hash, 16)
  return encodeFrame(payload, C.headPayloadBytes)
}

export function decodeHead (framed: Uint8Array): HeadPointer {
  const payload = decodeFrame(framed, C.headPayloadBytes, 'head pointer')
  if (payload.length !== C.headPayloadBytes) {
    throw new StoreError('CORRUPT', `head pointer: ${payload.length} bytes, expected ${C.headPayloadBytes}`)
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength)
  const height = Number(view.getBigUint64(0))
  const timestampMs = Number(view.getBigUint64(8))
  if (height < 1 || height > C.heightMax || !Number.isSafeInteger(timestampMs)) {
    throw new StoreError('CORRUPT', `head pointer: height ${height} or timestamp ${timestampMs} out of range`)
  }
  return { height, timestampMs, hash: payload.slice(16) }
}

/** What the store was created for. Written once, at creation, never changed. */
export interface StoreMeta {
  format: number
  chainId: string
  genesisHash: Uint8Array
}

export function encodeMeta (meta: StoreMeta): Uint8Array {
  const json = JSON.stringify({ format: meta.format, chainId: meta.chainId, genesisHash: toHex(meta.genesisHash) })
  return encodeFrame(utf8(json), C.metaPayloadBytesMax)
}

export function decodeMeta (framed: Uint8Array): StoreMeta {
  const payload = decodeFrame(framed, C.metaPayloadBytesMax, 'meta record')
  const bad = (): StoreError => new StoreError('CORRUPT', 'meta record: not the expected JSON object')
  let value: unknown
  try {
    value = JSON.parse(fromUtf8(payload))
  } catch {
    throw bad()
  }
  const m = value as Record<string, unknown>
  if (typeof m !== 'object' || m === null || !Number.isSafeInteger(m.format) || typeof m.chainId !== 'string' ||
    typeof m.genesisHash !== 'string' || !/^[0-9a-f]{64}$/.test(m.genesisHash)) throw bad()
  return { format: m.format as number, chainId: m.chainId, genesisHash: fromHex(m.genesisHash) }
}

export const headsEqual = (a: HeadPointer, b: HeadPointer): boolean =>
  a.height === b.height && a.timestampMs === b.timestampMs && bytesEqual(a.hash, b.hash)
