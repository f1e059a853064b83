// The lenient decoding core (codec.ts decodeLenient, wire.ts) on every type
// clients write, with values drawn from the .proto schema itself: protobufjs
// at its defaults (explicit defaults written, repeated scalars packed)
// encodes a random value, we decode the same value protobufjs reads; we
// encode, protobufjs reads our value. Field rules (lengths, patterns) are the
// public decoders' business, tested in codec.property and cert.property.
// Then the shapes wire.ts refuses, each by name.
import fc from 'fast-check'
import protobuf from 'protobufjs'
import { describe, expect, test } from 'vitest'
import { concatBytes } from '../bytes.ts'
import { decodeLenient, type MessageCodec } from '../codec.ts'
import * as cert from '../proto/cert.ts'
import * as chain from '../proto/chain.ts'
import * as node from '../proto/node.ts'
import { checkWire } from '../wire.ts'
import { nameAndCode, propertyScale } from './helpers.ts'
import { pbDecode, pbEncode, pbType, plain } from './protobufjs.ts'

const codecs: Record<string, MessageCodec<unknown>> = { ...chain, ...cert, ...node } as unknown as Record<string, MessageCodec<unknown>>

/** Every type a client writes (codec.ts, the lenient list). */
const clientTypes = ['AppMessage', 'DeviceMessage', 'SubmitTxRequest', 'QueryRequest', 'SyncRequest', 'Transaction', 'TxBody', 'AppRelease',
  'DeviceRegistration', 'RegisterUser', 'UserRegistration', 'Revoke', 'AuthAttempt', 'LoginBody', 'NonceBody']

function valueArb (type: protobuf.Type, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {}
  for (const f of type.fieldsArray) {
    let one: fc.Arbitrary<unknown>
    if (f.resolvedType instanceof protobuf.Enum) one = fc.constantFrom(...Object.keys(f.resolvedType.values))
    else if (f.resolvedType instanceof protobuf.Type) one = valueArb(f.resolvedType, depth + 1)
    else if (f.type === 'uint32') one = fc.integer({ min: 0, max: 2 ** 32 - 1 })
    else if (f.type === 'uint64') one = fc.maxSafeNat()
    else if (f.type === 'bool') one = fc.boolean()
    else if (f.type === 'string') one = fc.string({ unit: 'grapheme', maxLength: 12 })
    else one = fc.uint8Array({ maxLength: 40 })
    const isMessage = f.resolvedType instanceof protobuf.Type
    if (f.repeated) fields[f.name] = depth > 2 && isMessage ? fc.constant([]) : fc.array(one, { maxLength: 4 })
    else if (isMessage) fields[f.name] = depth > 2 ? fc.constant(undefined) : fc.option(one, { nil: undefined })
    else fields[f.name] = one
  }
  return fc.record(fields)
}

describe.each(clientTypes)('%s: protobufjs and ours read the same values', typeName => {
  const codec = codecs[typeName]
  const arb = valueArb(pbType(typeName), 0)
  const decode = (b: Uint8Array): unknown => decodeLenient(codec, b, 1 << 20, typeName, { method: { selection: 1000 } } as unknown as Record<string, number>)

  test('protobufjs at its defaults encodes, we decode the value it reads', () => {
    fc.assert(fc.property(arb, value => {
      const bytes = pbEncode(typeName, value)
      expect(plain(decode(bytes))).toEqual(pbDecode(typeName, bytes))
    }), { numRuns: 100 * propertyScale })
  })

  test('we encode, protobufjs reads our value', () => {
    fc.assert(fc.property(arb, value => {
      const ours = decode(pbEncode(typeName, value))
      expect(pbDecode(typeName, codec.encode(ours))).toEqual(plain(ours))
    }), { numRuns: 100 * propertyScale })
  })
})

describe('what wire.ts refuses (MALFORMED), and what it accepts', () => {
  const malformed = (typeName: string, bytes: Uint8Array): unknown =>
    nameAndCode(() => decodeLenient(codecs[typeName], bytes, 1 << 20, typeName))
  const refused = { name: 'DecodeError', code: 'MALFORMED' }

  test.each([
    ['a varint field with wire type 2', 'QueryRequest', [0x0a, 0x01, 0x01]],
    ['a bytes field with wire type 0', 'QueryRequest', [0x1a, 0x01]],
    ['a singular field twice', 'QueryRequest', [0x08, 0x01, 0x08, 0x02]],
    ['an embedded message twice', 'QueryRequest', [0x32, 0x00, 0x32, 0x00]],
    ['field number 0', 'QueryRequest', [0x00, 0x01]],
    ['a truncated varint', 'QueryRequest', [0x10, 0x80]],
    ['a uint32 over 32 bits', 'QueryRequest', [0x20, 0x80, 0x80, 0x80, 0x80, 0x10]],
    ['a uint64 over 2^53 - 1', 'QueryRequest', [0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]],
    ['a varint of 11 bytes in an unknown field', 'QueryRequest', [0x78, ...new Array(10).fill(0xff), 0x01]],
    ['a length past the end', 'QueryRequest', [0x2a, 0x05, 0x01]],
    ['a string that is not UTF-8', 'LoginBody', [0x12, 0x01, 0xff]],
    ['a group (wire type 3) in an unknown field', 'QueryRequest', [0x7b, 0x7c]],
    ['wire type 7', 'QueryRequest', [0x7f]],
    ['a malformed embedded message', 'QueryRequest', [0x32, 0x02, 0x08, 0x01]],
    ['an enum value the .proto does not list', 'QueryRequest', [0x08, 0x63]]
  ])('%s', (_, typeName, bytes) => {
    expect(malformed(typeName, Uint8Array.from(bytes))).toEqual(refused)
  })

  test('accepted: unknown fields of every wire type, non-minimal varints, fields out of order, explicit defaults', () => {
    const unknown = [0x78, 0x01, 0x79, 1, 2, 3, 4, 5, 6, 7, 8, 0x7a, 0x01, 0x00, 0x7d, 1, 2, 3, 4]
    const value = decodeLenient(node.QueryRequest, Uint8Array.from([0x20, 0x83, 0x00, ...unknown, 0x08, 0x01, 0x10, 0x00]), 512, 'QueryRequest')
    expect(value).toMatchObject({ kind: node.QueryKind.STATUS, count: 3, height: 0 })
    expect(() => { checkWire('QueryRequest', concatBytes([Uint8Array.of(0x08, 0x01), Uint8Array.from(unknown)])) }).not.toThrow()
  })
})
