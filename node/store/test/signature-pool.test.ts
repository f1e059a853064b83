// The signature worker pool must answer exactly as nodeEd25519 does, and the
// open-time walk that uses it must report the same first bad height as the
// inline check, across batch boundaries and in whatever order batches finish.
import { cp } from 'node:fs/promises'
import { Key } from 'interface-datastore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { utf8 } from '../../../protocols/bytes.ts'
import { decodeCommitCertificate, encode } from '../../../protocols/codec.ts'
import { nodeEd25519 } from '../../../protocols/ed25519-node.ts'
import { keyPairFromSeed } from '../../../protocols/sign.ts'
import { ChainStore, verifyChain } from '../chain-store.ts'
import * as C from '../constants.ts'
import { encodeFrame } from '../records.ts'
import { packChecks, unpackChecks, type SignatureCheck } from '../signature-batch.ts'
import { SignaturePool } from '../signature-pool.ts'
import { makeChain, makeTestNetwork, type CertifiedBlock } from './fixtures.ts'
import { expectStoreError, makeStoreDir, makeTempDir, recordKeyOf, removeTempDirs, tamper } from './helpers.ts'

afterAll(removeTempDirs)

/** Ed25519's group order L, little-endian bytes added to S make a non-canonical S. */
const groupOrder = 2n ** 252n + 27742317777372353535851937790883648493n

function withSPlusL (signature: Uint8Array): Uint8Array {
  let s = 0n
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i])
  s += groupOrder
  const out = signature.slice()
  for (let i = 32; i < 64; i++) { out[i] = Number(s & 0xffn); s >>= 8n }
  return out
}

function edgeCases (): Array<[string, SignatureCheck]> {
  const key = keyPairFromSeed(new Uint8Array(32).fill(3), nodeEd25519)
  const other = keyPairFromSeed(new Uint8Array(32).fill(4), nodeEd25519)
  const message = utf8('certchain/commit/v1\0test-chain\0body')
  const signature = nodeEd25519.sign(key.secretKey, message)
  const flip = (bytes: Uint8Array, at: number): Uint8Array => { const out = bytes.slice(); out[at] ^= 1; return out }
  const identity = new Uint8Array(32)
  identity[0] = 1
  return [
    ['valid', { publicKey: key.publicKey, message, signature }],
    ['R bit flipped', { publicKey: key.publicKey, message, signature: flip(signature, 3) }],
    ['S bit flipped', { publicKey: key.publicKey, message, signature: flip(signature, 40) }],
    ['S + L (non-canonical)', { publicKey: key.publicKey, message, signature: withSPlusL(signature) }],
    ['other message', { publicKey: key.publicKey, message: flip(message, 0), signature }],
    ['other key', { publicKey: other.publicKey, message, signature }],
    ['key of zeros', { publicKey: new Uint8Array(32), message, signature }],
    ['identity key', { publicKey: identity, message, signature }],
    ['key of 0xff', { publicKey: new Uint8Array(32).fill(0xff), message, signature }],
    ['empty message, valid', { publicKey: key.publicKey, message: new Uint8Array(0), signature: nodeEd25519.sign(key.secretKey, new Uint8Array(0)) }]
  ]
}

describe('SignaturePool', () => {
  let pool: SignaturePool
  beforeAll(() => { pool = SignaturePool.start(2) })
  afterAll(async () => { await pool.close() })

  it('agrees with nodeEd25519 on every edge case', async () => {
    const cases = edgeCases()
    const answers = await Promise.all(cases.map(async ([, check]) => await pool.verify([check])))
    const expected = cases.map(([, c]) => nodeEd25519.verify(c.publicKey, c.message, c.signature) ? -1 : 0)
    expect(cases.map(([name], i) => [name, answers[i]])).toEqual(cases.map(([name], i) => [name, expected[i]]))
    expect(expected.filter(x => x === -1)).toHaveLength(2) // the two valid ones, nothing else
  })

  it('answers the index of the first failing check of a batch', async () => {
    const [valid, bad] = edgeCases().map(([, c]) => c)
    expect(await pool.verify([valid, valid, valid])).toBe(-1)
    expect(await pool.verify([valid, valid, bad, valid, bad])).toBe(2)
    expect(await pool.verify([])).toBe(-1)
  })

  it('refuses work once closed', async () => {
    const small = SignaturePool.start(1)
    await small.close()
    await expect(small.verify(edgeCases().map(([, c]) => c))).rejects.toThrow('closed')
    expect(() => SignaturePool.start(0)).toThrow(TypeError)
  })

  it('packs and unpacks batches exactly', () => {
    const checks = edgeCases().map(([, c]) => c)
    expect(unpackChecks(packChecks(checks))).toEqual(checks)
    expect(() => packChecks([{ ...checks[0], signature: new Uint8Array(63) }])).toThrow(TypeError)
    expect(() => unpackChecks(packChecks(checks).slice(0, 100))).toThrow(TypeError)
  })
})

describe('open-time verification on signature threads, across batches', () => {
  const network = makeTestNetwork()
  const blockCount = 2 * C.signatureBatchBlocks + 100
  let chain: CertifiedBlock[] = []
  let template = ''

  beforeAll(async () => {
    chain = makeChain(network, blockCount, { txCount: 0 })
    template = await makeStoreDir(network, chain)
  })

  const withBadSignature = (height: number): Uint8Array => {
    const certificate = decodeCommitCertificate(chain[height - 1].certificateBytes.slice())
    certificate.signatures[0].signature[5] ^= 1
    return encodeFrame(encode.storedBlock({ block: chain[height - 1].blockBytes, certificate: encode.commitCertificate(certificate) }),
      C.recordPayloadBytesMax)
  }

  async function copyWith (changes: Array<[number, Uint8Array | 'swap-with-next']>): Promise<string> {
    const dir = await makeTempDir('threads')
    await cp(template, dir, { recursive: true })
    await tamper(dir, async ds => {
      for (const [height, change] of changes) {
        if (change === 'swap-with-next') {
          const [a, b] = [await ds.get(recordKeyOf(height)), await ds.get(recordKeyOf(height + 1))]
          await ds.put(recordKeyOf(height), b)
          await ds.put(recordKeyOf(height + 1), a)
        } else {
          await ds.put(recordKeyOf(height), change)
        }
      }
    })
    return dir
  }

  async function expectFirstBad (dir: string, code: string, height: number): Promise<void> {
    for (const verifyThreads of [0, 2]) {
      const err = await expectStoreError(ChainStore.open(dir, network.genesis, network.ed, { verifyThreads }), code as never)
      expect([verifyThreads, err.details.height]).toEqual([verifyThreads, height])
    }
  }

  it('opens the good chain with any number of threads', async () => {
    const store = await ChainStore.open(template, network.genesis, network.ed, { verifyThreads: 3 })
    expect(store.height()).toBe(blockCount)
    await store.close()
    expect(await verifyChain(template, network.genesis, network.ed, { verifyThreads: 1 })).toMatchObject({ ok: true, height: blockCount })
  })

  it('reports the lowest of several bad signatures in different batches', async () => {
    const dir = await copyWith([[blockCount - 10, withBadSignature(blockCount - 10)], [C.signatureBatchBlocks + 3, withBadSignature(C.signatureBatchBlocks + 3)]])
    await expectFirstBad(dir, 'BAD_CERTIFICATE', C.signatureBatchBlocks + 3)
  })

  it('reports a bad signature below a structural error found later, and a structural error below a bad signature', async () => {
    const low = 40
    const high = C.signatureBatchBlocks + 50
    await expectFirstBad(await copyWith([[low, withBadSignature(low)], [high, 'swap-with-next']]), 'BAD_CERTIFICATE', low)
    await expectFirstBad(await copyWith([[low, 'swap-with-next'], [high, withBadSignature(high)]]), 'MISPLACED', low)
    await expectFirstBad(await copyWith([[high, withBadSignature(high)], [high + 1, withBadSignature(high + 1)]]), 'BAD_CERTIFICATE', high)
  })

  it('reports a bad signature in the very last block, and on a head pointer problem past it', async () => {
    await expectFirstBad(await copyWith([[blockCount, withBadSignature(blockCount)]]), 'BAD_CERTIFICATE', blockCount)
    const dir = await copyWith([[5, withBadSignature(5)]])
    await tamper(dir, async ds => { await ds.delete(new Key(C.headKey)) })
    await expectFirstBad(dir, 'BAD_CERTIFICATE', 5)
  })
})
