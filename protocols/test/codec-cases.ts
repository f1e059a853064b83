// The decoder property tests as data: a decoder, its encoder, an arbitrary of
// valid values, its size cap, the rules of the format and known-invalid
// inputs. `describeCodecCases` runs the same properties on every case; it is
// shared by codec.property.test.ts (codec.ts) and cert.property.test.ts
// (cert.ts).
//
// For a decoder, a valid value round-trips; a valid encoding that is mutated
// (bit flip, truncation, appended bytes, over the size cap) is either refused
// with a DecodeError of an allowed code, or decodes to a value that meets the
// format's rules and is: for a strict decoder, the value whose canonical
// encoding the input is; for a lenient one (`lenient`: what clients write),
// the value protobufjs reads from the same bytes. Lenient cases also check
// protobufjs at its defaults both ways. Nothing else may escape: a TypeError
// or RangeError is a failure.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { bytesEqual, concatBytes, toHex } from '../bytes.ts'
import { allowOnly, decodeCodes, mutate, mutationArb, nameAndCode, protobufSoupArb } from './helpers.ts'
import { pbDecode, pbEncode, plain } from './protobufjs.ts'

export interface CodecCase<T> {
  name: string
  decode: (bytes: Uint8Array) => T
  encode: (value: T) => Uint8Array
  arb: fc.Arbitrary<T>
  /** The size cap the decoder must enforce (refuse above, never below for a valid value). */
  bytesMax: number
  /** The rules of the format (from the .proto comments), checked on everything a decoder accepts. */
  rules: (value: T) => boolean
  /** A well-formed encoding over the cap. */
  oversized: () => Uint8Array
  /** A valid encoding of exactly bytesMax bytes, for types that can have one. */
  atCap?: () => Uint8Array
  /** Invalid values the decoder must refuse, with the code. */
  invalid: Array<[string, () => Uint8Array, string]>
  /** More untrusted inputs for the random-input property: shaped to reach the checks of nested fields. */
  fuzz?: fc.Arbitrary<Uint8Array>
  /** A lenient decoder (codec.ts): the message type's name in the .proto files. */
  lenient?: string
}

/** Runs of each property: `fast` for cheap inputs, `slow` for the round trip. */
export interface CodecRuns { fast: number, slow: number }

/** A value whose single free bytes field is sized so that its encoding is exactly `size` bytes. */
export function sizedTo (size: number, make: (n: number) => Uint8Array): Uint8Array {
  const probe = size - 64
  const overhead = make(probe).length - probe
  // The overhead only changes when a length prefix crosses a varint boundary.
  for (const n of [size - overhead, size - overhead - 1, size - overhead + 1]) {
    const bytes = make(n)
    if (bytes.length === size) return bytes
  }
  throw new Error(`no encoding of exactly ${size} bytes`)
}

/** Hex for a readable diff on small inputs; toHex takes about a second for 2 MiB. */
export function expectSameBytes (actual: Uint8Array, expected: Uint8Array): void {
  if (expected.length <= 4096) expect(toHex(actual)).toBe(toHex(expected))
  else expect(actual.length === expected.length && bytesEqual(actual, expected)).toBe(true)
}

/**
 * Decodes untrusted bytes. Either a DecodeError of an allowed code (only
 * OVERSIZED above the cap), or a value that re-encodes to exactly these bytes
 * and meets the format's rules. Anything else is rethrown.
 */
export function decodeUntrusted (c: CodecCase<unknown>, bytes: Uint8Array): 'accepted' | 'refused' {
  const codes = bytes.length > c.bytesMax ? ['OVERSIZED'] : decodeCodes
  const value = allowOnly(() => c.decode(bytes), { DecodeError: codes })
  if (value === undefined) return 'refused'
  expect(bytes.length).toBeLessThanOrEqual(c.bytesMax)
  expect(c.rules(value)).toBe(true)
  if (c.lenient === undefined) {
    expectSameBytes(c.encode(value), bytes)
  } else {
    // What a conformant parser reads from the same bytes, and the canonical form reads the same again.
    expect(pbDecode(c.lenient, bytes)).toEqual(plain(value))
    expect(plain(c.decode(c.encode(value)))).toEqual(plain(value))
  }
  return 'accepted'
}

/** One describe block per case: round trip, mutations, random input, size cap, known-invalid inputs, non-bytes input. */
export function describeCodecCases (cases: Array<CodecCase<any>>, runs: CodecRuns): void {
  describe.each(cases.map(c => [c.name, c] as const))('decode%s', (_, c) => {
    test('decode(encode(x)) equals x, and x meets the rules', () => {
      fc.assert(fc.property(c.arb, value => {
        expect(c.rules(value)).toBe(true)
        const bytes = c.encode(value)
        const decoded = c.decode(bytes)
        expect(decoded).toEqual(value)
        expect(toHex(c.encode(decoded))).toBe(toHex(bytes))
      }), { numRuns: runs.slow * 2 })
    })

    test(c.lenient === undefined
      ? 'a mutated encoding is refused with a DecodeError, or is the canonical encoding of what it decodes to'
      : 'a mutated encoding is refused with a DecodeError, or decodes to what protobufjs reads from it', () => {
      const outcomes = { accepted: 0, refused: 0 }
      fc.assert(fc.property(c.arb, mutationArb, (value, mutation) => {
        const mutated = mutate(c.encode(value), mutation)
        fc.pre(mutated !== undefined)
        outcomes[decodeUntrusted(c, mutated)]++
      }), { numRuns: runs.fast })
      expect(outcomes.refused).toBeGreaterThan(0)
    })

    const lenientType = c.lenient
    if (lenientType !== undefined) {
      test('protobufjs at its defaults: its encoding of x decodes to x, and it reads ours as x', () => {
        fc.assert(fc.property(c.arb, value => {
          expect(plain(c.decode(pbEncode(lenientType, value)))).toEqual(plain(value))
          expect(pbDecode(lenientType, c.encode(value))).toEqual(plain(value))
        }), { numRuns: runs.slow })
      })
    }

    test('random bytes and random protobuf are refused with a DecodeError or decode as a conformant parser reads them', () => {
      const inputs = c.fuzz === undefined
        ? fc.oneof(fc.uint8Array({ maxLength: 200 }), protobufSoupArb)
        : fc.oneof(fc.uint8Array({ maxLength: 200 }), protobufSoupArb, c.fuzz)
      fc.assert(fc.property(inputs, bytes => {
        decodeUntrusted(c, bytes)
      }), { numRuns: runs.fast })
    })

    test('over the size cap: OVERSIZED, checked before parsing', () => {
      const oversized = c.oversized()
      expect(oversized.length).toBeGreaterThan(c.bytesMax)
      expect(nameAndCode(() => c.decode(oversized))).toEqual({ name: 'DecodeError', code: 'OVERSIZED' })
      const garbage = new Uint8Array(c.bytesMax + 1).fill(0xff)
      expect(nameAndCode(() => c.decode(garbage))).toEqual({ name: 'DecodeError', code: 'OVERSIZED' })
    })

    const makeAtCap = c.atCap
    if (makeAtCap !== undefined) {
      test('exactly at the size cap: accepted; one byte more: OVERSIZED', () => {
        const atCap = makeAtCap()
        expect(atCap.length).toBe(c.bytesMax)
        expect(decodeUntrusted(c, atCap)).toBe('accepted')
        const over = concatBytes([atCap, Uint8Array.of(0)])
        expect(nameAndCode(() => c.decode(over))).toEqual({ name: 'DecodeError', code: 'OVERSIZED' })
      })
    }

    test.each(c.invalid)('refuses %s', (_, make, code) => {
      const bytes = make()
      expect(bytes.length).toBeLessThanOrEqual(c.bytesMax)
      expect(nameAndCode(() => c.decode(bytes))).toEqual({ name: 'DecodeError', code })
    })

    test('non-bytes input is a DecodeError', () => {
      for (const input of [undefined, null, 'bytes', [1, 2], { length: 1 }]) {
        expect(nameAndCode(() => c.decode(input as unknown as Uint8Array))).toEqual({ name: 'DecodeError', code: 'MALFORMED' })
      }
    })
  })
}
