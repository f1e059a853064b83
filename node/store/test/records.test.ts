import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as C from '../constants.ts'
import { StoreError } from '../errors.ts'
import { decodeFrame, decodeHead, decodeMeta, encodeFrame, encodeHead, encodeMeta, heightOfRecordKey, recordKey } from '../records.ts'

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (err) {
    if (err instanceof StoreError) return err.code
    throw err
  }
  return undefined
}

describe('record keys', () => {
  it('pads heights so key order is height order', () => {
    expect(recordKey(12)).toBe('/b/000000000012')
    const heights = [1, 9, 10, 99, 100, 12345, C.heightMax]
    const keys = heights.map(recordKey)
    expect([...keys].sort()).toEqual(keys)
    for (const h of heights) expect(heightOfRecordKey(recordKey(h))).toBe(h)
  })

  it('refuses heights it cannot name, and keys it did not write', () => {
    for (const bad of [0, -1, 1.5, C.heightMax + 1, Number.NaN]) expect(() => recordKey(bad)).toThrow(TypeError)
    for (const key of ['/b/12', '/b/000000000000', '/b/00000000001x', '/head', '/meta', '/b/0000000000012']) {
      expect(heightOfRecordKey(key)).toBeNull()
    }
  })

  it('keeps every record key inside the record range and the other keys outside it', () => {
    const inRange = (k: string): boolean => k >= C.recordKeyPrefix && k < C.recordKeyRangeEnd
    expect(inRange(recordKey(1)) && inRange(recordKey(C.heightMax))).toBe(true)
    expect(inRange(C.headKey) || inRange(C.metaKey)).toBe(false)
  })
})

describe('frame', () => {
  it('round-trips any payload up to the cap', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), payload => {
      expect(decodeFrame(encodeFrame(payload, 2048), 2048, 'test')).toEqual(payload)
    }))
  })

  it('detects any single changed byte (crc32 catches every burst of 32 bits or less)', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), fc.integer({ min: 1, max: 255 }),
      (payload, at, xor) => {
        const framed = encodeFrame(payload, 512)
        framed[at % framed.length] ^= xor
        expect(codeOf(() => decodeFrame(framed, 512, 'test'))).toBe('CORRUPT')
      }), { numRuns: 500 })
  })

  it('detects truncation, extension and lengths over the cap', () => {
    const framed = encodeFrame(new Uint8Array([1, 2, 3, 4]), 16)
    expect(codeOf(() => decodeFrame(framed.subarray(0, framed.length - 1), 16, 'test'))).toBe('CORRUPT')
    expect(codeOf(() => decodeFrame(new Uint8Array([...framed, 0]), 16, 'test'))).toBe('CORRUPT')
    expect(codeOf(() => decodeFrame(framed.subarray(0, 5), 16, 'test'))).toBe('CORRUPT')
    expect(codeOf(() => decodeFrame(framed, 3, 'test'))).toBe('CORRUPT')
    expect(() => encodeFrame(new Uint8Array(17), 16)).toThrow(TypeError)
  })

  it('names the height of a corrupt record', () => {
    const framed = encodeFrame(new Uint8Array([1, 2, 3]), 16)
    framed[9] ^= 1
    try {
      decodeFrame(framed, 16, 'record 7', 7)
      expect.unreachable()
    } catch (err) {
      expect((err as StoreError).details.height).toBe(7)
    }
  })
})

describe('head and meta records', () => {
  it('round-trip', () => {
    const head = { height: 123456789, timestampMs: 1_700_000_000_123, hash: new Uint8Array(32).fill(7) }
    expect(decodeHead(encodeHead(head))).toEqual(head)
    const meta = { format: 1, chainId: 'abc', genesisHash: new Uint8Array(32).fill(9) }
    expect(decodeMeta(encodeMeta(meta))).toEqual(meta)
  })

  it('refuses a head of height 0 and meta that is not the expected JSON', () => {
    const zero = encodeHead({ height: 0, timestampMs: 1, hash: new Uint8Array(32) })
    expect(codeOf(() => decodeHead(zero))).toBe('CORRUPT')
    expect(codeOf(() => decodeMeta(encodeFrame(new TextEncoder().encode('{"format":1}'), 1024)))).toBe('CORRUPT')
    expect(codeOf(() => decodeMeta(encodeFrame(new TextEncoder().encode('not json'), 1024)))).toBe('CORRUPT')
  })
})
