// The two Ed25519 implementations must accept exactly the same signatures:
// clients verify with noble, nodes with node:crypto, and a signature that one
// accepts and the other refuses would let a signer show clients a transaction
// or certificate that nodes reject (or the reverse). The signatures below are
// crafted with a known secret scalar and a small-order (torsion) component in
// R or A, where the cofactored equation (noble's) and the cofactorless one
// (OpenSSL's) differ. See also vectors/ed25519-speccheck.json.
// Also: the cache of valid signatures a node keeps (withVerifiedCache) never
// answers for a triple it did not check, and checks invalid ones every time.
import { ed25519, ED25519_TORSION_SUBGROUP } from '@noble/curves/ed25519.js'
import { bytesToNumberLE } from '@noble/curves/utils.js'
import { sha512 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { concatBytes, utf8 } from '../bytes.ts'
import { nodeEd25519, withVerifiedCache } from '../ed25519-node.ts'
import { nobleEd25519, type Ed25519 } from '../sign.ts'
import { propertyScale } from './helpers.ts'

type Point = InstanceType<typeof ed25519.Point>
const { Point } = ed25519
const order = Point.Fn.ORDER
const torsion: Point[] = ED25519_TORSION_SUBGROUP.map(hex => Point.fromHex(hex))
/** A point of order 8: the torsion part we add. */
const t8 = torsion.find(t => !t.double().double().is0())!

function littleEndian32 (n: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) { out[i] = Number(n & 0xffn); n >>= 8n }
  return out
}
const challenge = (r: Uint8Array, a: Uint8Array, m: Uint8Array): bigint =>
  Point.Fn.create(bytesToNumberLE(sha512(concatBytes([r, a, m]))))
const signature = (r: Uint8Array, s: bigint): Uint8Array => concatBytes([r, littleEndian32(s)])

/** Both verdicts, for the assertion message to show both. */
function verdicts (publicKey: Uint8Array, message: Uint8Array, sig: Uint8Array): { noble: boolean, node: boolean } {
  return { noble: nobleEd25519.verify(publicKey, message, sig), node: nodeEd25519.verify(publicKey, message, sig) }
}

const a = 0x1234567890abcdef1234567890abcdef1234567890abcdefn % order
const r = 0xfedcba0987654321fedcba0987654321n % order
const honestA = Point.BASE.multiply(a).toBytes()
const mixedA = Point.BASE.multiply(a).add(t8).toBytes()

/** The first message (of "m 0", "m 1", ...) for which `accept` holds. */
function findMessage (accept: (m: Uint8Array) => boolean): Uint8Array {
  for (let i = 0; i < 256; i++) {
    const m = utf8(`m ${i}`)
    if (accept(m)) return m
  }
  throw new Error('no message found')
}

describe('crafted signatures with a torsion component: noble and node:crypto agree', () => {
  test('an honest signature: both accept', () => {
    const m = utf8('honest')
    const R = Point.BASE.multiply(r).toBytes()
    expect(verdicts(honestA, m, signature(R, Point.Fn.create(r + challenge(R, honestA, m) * a)))).toEqual({ noble: true, node: true })
  })

  // R = rB + T: [8]-multiplied, T vanishes, so the cofactored equation holds;
  // the cofactorless one is off by T. Before the fix, noble accepted.
  test('R with a torsion component, honest key: both refuse', () => {
    const m = utf8('torsion in R')
    const R = Point.BASE.multiply(r).add(t8).toBytes()
    expect(verdicts(honestA, m, signature(R, Point.Fn.create(r + challenge(R, honestA, m) * a)))).toEqual({ noble: false, node: false })
  })

  // A = aB + T, S = r + ka: the cofactorless equation holds only when kT = 0.
  test('a key with a torsion component: both accept when [k]T = 0, both refuse otherwise', () => {
    const R = Point.BASE.multiply(r).toBytes()
    const kills = (m: Uint8Array): boolean => t8.multiplyUnsafe(challenge(R, mixedA, m)).is0()
    const good = findMessage(kills)
    const bad = findMessage(m => !kills(m))
    const sign = (m: Uint8Array): Uint8Array => signature(R, Point.Fn.create(r + challenge(R, mixedA, m) * a))
    expect(verdicts(mixedA, good, sign(good))).toEqual({ noble: true, node: true })
    expect(verdicts(mixedA, bad, sign(bad))).toEqual({ noble: false, node: false })
  })

  // R of small order with A = aB + T and S = ka: the cofactorless equation
  // holds when R = -[k]T. Node.js refuses a small-order R outright.
  test('a small-order R that satisfies even the cofactorless equation: both refuse', () => {
    let found = 0
    for (let i = 0; i < 64 && found < 3; i++) {
      const m = utf8(`small R ${i}`)
      for (const R of torsion) {
        const k = challenge(R.toBytes(), mixedA, m)
        if (!R.equals(t8.multiplyUnsafe(k).negate())) continue
        expect(verdicts(mixedA, m, signature(R.toBytes(), Point.Fn.create(k * a)))).toEqual({ noble: false, node: false })
        found++
      }
    }
    expect(found).toBeGreaterThan(0)
  })

  test('small-order and non-canonical keys: both refuse', () => {
    const m = utf8('any')
    // The eight small-order points, y = 2^255 - 1 (not a field element), and y = p - 1 written with x = -0.
    const nonCanonical = [new Uint8Array(32).fill(0xff), concatBytes([Uint8Array.of(0xec), new Uint8Array(30).fill(0xff), Uint8Array.of(0xff)])]
    for (const key of [...torsion.map(t => t.toBytes()), ...nonCanonical]) {
      const sig = signature(Point.BASE.multiply(r).toBytes(), 1n)
      expect(verdicts(key, m, sig)).toEqual({ noble: false, node: false })
    }
  })

  test('S at or above the group order: both refuse', () => {
    const m = utf8('big S')
    const R = Point.BASE.multiply(r).toBytes()
    const s = Point.Fn.create(r + challenge(R, honestA, m) * a)
    expect(verdicts(honestA, m, signature(R, s + order))).toEqual({ noble: false, node: false })
  })

  test('random keys, signatures and bit flips of valid ones: same verdict', () => {
    const m = utf8('flip')
    const R = Point.BASE.multiply(r).toBytes()
    const valid = signature(R, Point.Fn.create(r + challenge(R, honestA, m) * a))
    fc.assert(fc.property(
      fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.constant(honestA), fc.constant(mixedA)),
      fc.oneof(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.nat(511).map(bit => { const c = valid.slice(); c[bit >> 3] ^= 1 << (bit & 7); return c })),
      (key, sig) => {
        const v = verdicts(key, m, sig)
        expect(v.noble).toBe(v.node)
      }), { numRuns: 100 * propertyScale })
  })
})

describe('withVerifiedCache', () => {
  const counting = (): Ed25519 & { checks: number } => {
    const self = { ...nodeEd25519, checks: 0, verify: (pk: Uint8Array, m: Uint8Array, s: Uint8Array) => { self.checks++; return nodeEd25519.verify(pk, m, s) } }
    return self
  }
  const seed = new Uint8Array(32).fill(3)
  const pk = nodeEd25519.publicKey(seed)
  const message = new TextEncoder().encode('certchain/test/v1 a vote')
  const signature = nodeEd25519.sign(seed, message)

  test('checks a valid signature once, then answers it again without checking', () => {
    const inner = counting()
    const ed = withVerifiedCache(inner, 16)
    expect(ed.verify(pk, message, signature)).toBe(true)
    expect(ed.verify(pk, message, signature)).toBe(true)
    expect(inner.checks).toBe(1)
  })

  test('never answers from memory for another key, message or signature, and checks an invalid one every time', () => {
    const inner = counting()
    const ed = withVerifiedCache(inner, 16)
    expect(ed.verify(pk, message, signature)).toBe(true)
    const otherMessage = message.slice(); otherMessage[0] ^= 1
    const otherSignature = signature.slice(); otherSignature[10] ^= 1
    const otherKey = nodeEd25519.publicKey(new Uint8Array(32).fill(4))
    for (let i = 0; i < 2; i++) {
      expect(ed.verify(pk, otherMessage, signature)).toBe(false)
      expect(ed.verify(pk, message, otherSignature)).toBe(false)
      expect(ed.verify(otherKey, message, signature)).toBe(false)
    }
    expect(inner.checks).toBe(7)
    // Wrong lengths are refused before anything else.
    expect(ed.verify(pk.subarray(1), message, signature)).toBe(false)
    expect(ed.verify(pk, message, signature.subarray(1))).toBe(false)
    expect(inner.checks).toBe(7)
  })

  test('remembers at most entriesMax signatures, forgetting the oldest first', () => {
    const inner = counting()
    const ed = withVerifiedCache(inner, 2)
    const msgs = [0, 1, 2].map(i => new TextEncoder().encode(`m${i}`))
    const sigs = msgs.map(m => nodeEd25519.sign(seed, m))
    for (let i = 0; i < 3; i++) expect(ed.verify(pk, msgs[i], sigs[i])).toBe(true)
    expect(inner.checks).toBe(3)
    expect(ed.verify(pk, msgs[2], sigs[2])).toBe(true) // kept
    expect(inner.checks).toBe(3)
    expect(ed.verify(pk, msgs[0], sigs[0])).toBe(true) // forgotten: checked again
    expect(inner.checks).toBe(4)
    expect(() => withVerifiedCache(inner, 0)).toThrow(RangeError)
  })
})
