import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { blockHashOf } from '../../../protocols/block.ts'
import { decodeBlock, decodeBlockHeader, decodeCommitCertificate, encode } from '../../../protocols/codec.ts'
import { genesisHash, makeGenesis } from '../../../protocols/genesis.ts'
import { ChainStore, verifyChain } from '../chain-store.ts'
import * as C from '../constants.ts'
import { recordKey } from '../records.ts'
import { StoreError } from '../errors.ts'
import {
  fixtureBlockIntervalMs, genesisPointOf, linkPointOfBlock, makeCertificate, makeCertifiedBlock, makeChain, makeTestNetwork,
  type CertifiedBlock
} from './fixtures.ts'
import { appendAll, expectStoreError, makeTempDir, removeTempDirs } from './helpers.ts'

const network = makeTestNetwork()
let chain: CertifiedBlock[] = []

beforeAll(() => { chain = makeChain(network, 12) })
afterEach(removeTempDirs)

async function openFresh (): Promise<{ dir: string, store: ChainStore }> {
  const dir = await makeTempDir()
  return { dir, store: await ChainStore.open(dir, network.genesis, network.ed) }
}

describe('ChainStore: append and read', () => {
  it('starts empty at the genesis point', async () => {
    const { store } = await openFresh()
    expect(store.height()).toBe(0)
    expect(store.head()).toEqual(genesisPointOf(network))
    expect(store.genesisHash).toEqual(genesisHash(network.genesis))
    expect(store.chainId).toBe(network.genesis.chainId)
    expect(await store.getBlock(0)).toBeUndefined()
    expect(await store.getBlock(1)).toBeUndefined()
    await store.close()
  })

  it('takes a block already opened as well: its bytes are stored, its link and certificate still checked', async () => {
    const { store } = await openFresh()
    await store.append(chain[0].opened, chain[0].certificateBytes)
    expect((await store.getBlock(1))?.block.bytes).toEqual(chain[0].blockBytes)
    // Block 2's certificate for block 3: refused, opened or not.
    await expectStoreError(store.append(chain[2].opened, chain[2].certificateBytes), 'NOT_NEXT_HEIGHT', 3)
    await expect(store.append(chain[1].opened, chain[2].certificateBytes)).rejects.toBeInstanceOf(StoreError)
    expect(store.height()).toBe(1)
    await store.close()
  })

  it('appends certified blocks and reads back the very same bytes', async () => {
    const { store } = await openFresh()
    for (const block of chain.slice(0, 5)) {
      const head = await store.append(block.blockBytes, block.certificateBytes)
      expect(head).toEqual(linkPointOfBlock(block))
    }
    expect(store.height()).toBe(5)
    for (let h = 1; h <= 5; h++) {
      const view = await store.getBlock(h)
      expect(view?.height).toBe(h)
      expect(view?.block.bytes).toEqual(chain[h - 1].blockBytes)
      expect(view?.certificateBytes).toEqual(chain[h - 1].certificateBytes)
      expect(view?.hash).toEqual(chain[h - 1].opened.hash)
      expect(view?.certificate.blockHash).toEqual(chain[h - 1].opened.hash)
      expect(view?.block.txIds).toHaveLength(2)
    }
    expect(await store.getBlock(6)).toBeUndefined()
    await expect(store.getBlock(-1)).rejects.toThrow(TypeError)
    await expect(store.getBlock(1.5)).rejects.toThrow(TypeError)
    await store.close()
  })

  it('iterates a range in height order, clamped to the head', async () => {
    const { store } = await openFresh()
    await appendAll(store, chain.slice(0, 8))
    const heights = async (from: number, to?: number): Promise<number[]> => {
      const out: number[] = []
      for await (const view of store.blocks(from, to)) out.push(view.height)
      return out
    }
    expect(await heights(1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(await heights(3, 5)).toEqual([3, 4, 5])
    expect(await heights(0, 2)).toEqual([1, 2])
    expect(await heights(7, 100)).toEqual([7, 8])
    expect(await heights(9, 12)).toEqual([])
    expect(await heights(5, 4)).toEqual([])
    for await (const view of store.blocks(2)) {
      expect(view.block.bytes).toEqual(chain[1].blockBytes)
      break // an early exit closes the iterator; close() below would hang otherwise
    }
    await store.close()
  })

  it('keeps its blocks across a reopen, verifies them, and continues from the head', async () => {
    const { dir, store } = await openFresh()
    await appendAll(store, chain.slice(0, 6))
    await store.close()
    const progress: Array<[number, number | null]> = []
    const again = await ChainStore.open(dir, network.genesis, network.ed, { onProgress: p => progress.push([p.height, p.headHeight]) })
    expect(again.head()).toEqual(linkPointOfBlock(chain[5]))
    expect(progress.at(-1)).toEqual([6, 6])
    await appendAll(again, chain.slice(6))
    expect(again.height()).toBe(12)
    await again.close()
    expect(await verifyChain(dir, network.genesis, network.ed)).toEqual(
      { ok: true, height: 12, headHash: chain[11].opened.hash, headTimestampMs: chain[11].opened.header.timestampMs })
  })

  it('offers no way to change or remove a stored block', () => {
    const methods = Object.getOwnPropertyNames(ChainStore.prototype).filter(name => name !== 'constructor')
    const publicMethods = methods.filter(name => !['flush', 'writeGroup', 'assertUsable', 'guardRead', 'fail', 'db'].includes(name))
    expect(publicMethods.sort()).toEqual(['append', 'blocks', 'chainId', 'close', 'genesisHash', 'getBlock', 'head', 'height'])
  })
})

describe('ChainStore: append refuses', () => {
  let store: ChainStore
  let dir: string
  afterEach(async () => {
    // Whatever was refused, the store holds exactly what it held, and still verifies.
    const head = store.head()
    await store.close()
    const result = await verifyChain(dir, network.genesis, network.ed)
    expect(result).toMatchObject({ ok: true, height: head.height, headHash: head.hash })
  })

  async function storeWith (count: number): Promise<void> {
    ({ dir, store } = await openFresh())
    await appendAll(store, chain.slice(0, count))
  }

  it('an existing height, even with the same bytes', async () => {
    await storeWith(3)
    await expectStoreError(store.append(chain[2].blockBytes, chain[2].certificateBytes), 'HEIGHT_EXISTS', 3)
    await expectStoreError(store.append(chain[0].blockBytes, chain[0].certificateBytes), 'HEIGHT_EXISTS', 1)
    const fork = makeCertifiedBlock(network, linkPointOfBlock(chain[1]), { txCount: 1 })
    await expectStoreError(store.append(fork.blockBytes, fork.certificateBytes), 'HEIGHT_EXISTS', 3)
  })

  it('a height that is not head + 1', async () => {
    await storeWith(3)
    await expectStoreError(store.append(chain[4].blockBytes, chain[4].certificateBytes), 'NOT_NEXT_HEIGHT', 5)
  })

  it('a block that does not link: previous hash, chain id, timestamp', async () => {
    await storeWith(3)
    const head = linkPointOfBlock(chain[2])
    const cases: Array<[Parameters<typeof makeCertifiedBlock>[2], string]> = [
      [{ fields: { prevHash: chain[1].opened.hash } }, 'BAD_LINK'],
      [{ fields: { chainId: 'other-chain' } }, 'WRONG_CHAIN'],
      [{ fields: { timestampMs: head.timestampMs } }, 'BAD_TIMESTAMP'],
      [{ fields: { timestampMs: head.timestampMs - 1 } }, 'BAD_TIMESTAMP']
    ]
    for (const [options, causeCode] of cases) {
      const block = makeCertifiedBlock(network, head, options)
      const err = await expectStoreError(store.append(block.blockBytes, block.certificateBytes), 'BAD_LINK', 4)
      expect(err.details.causeCode).toBe(causeCode)
    }
  })

  it('a first block that links to something else than the genesis, or is not later than it', async () => {
    await storeWith(0)
    const genesisPoint = genesisPointOf(network)
    const wrongParent = makeCertifiedBlock(network, { ...genesisPoint, hash: new Uint8Array(32) })
    await expectStoreError(store.append(wrongParent.blockBytes, wrongParent.certificateBytes), 'BAD_LINK', 1)
    const early = makeCertifiedBlock(network, genesisPoint, { fields: { timestampMs: genesisPoint.timestampMs } })
    await expectStoreError(store.append(early.blockBytes, early.certificateBytes), 'BAD_LINK', 1)
    const fine = makeCertifiedBlock(network, genesisPoint, { fields: { timestampMs: genesisPoint.timestampMs + 1 } })
    await store.append(fine.blockBytes, fine.certificateBytes)
  })

  it('a block whose roots do not match its header, and bytes that are no block', async () => {
    await storeWith(2)
    const good = makeCertifiedBlock(network, linkPointOfBlock(chain[1]))
    const block = decodeBlock(good.blockBytes)
    const header = decodeBlockHeader(block.header)
    const badHeader = encode.blockHeader({ ...header, txRoot: header.resultRoot })
    const badBytes = encode.block({ ...block, header: badHeader })
    const certificate = makeCertificate(network, good.opened, { blockHash: blockHashOf(badHeader) })
    const err = await expectStoreError(store.append(badBytes, certificate), 'ROOT_MISMATCH', 3)
    expect(err.details.causeCode).toBe('TX_ROOT_MISMATCH')
    await expectStoreError(store.append(new Uint8Array([1, 2, 3]), certificate), 'MALFORMED')
    await expectStoreError(store.append(new Uint8Array(0), certificate), 'MALFORMED')
  })

  it('a block without a valid commit certificate', async () => {
    await storeWith(2)
    const prev = linkPointOfBlock(chain[1])
    const good = makeCertifiedBlock(network, prev)
    const quorum = network.validatorSet.quorum
    expect(quorum).toBe(3)
    const certificates: Array<[Uint8Array, string]> = [
      [makeCertificate(network, good.opened, { signers: [0, 1] }), 'NOT_ENOUGH_SIGNATURES'],
      [makeCertificate(network, good.opened, { signers: [2, 0, 1] }), 'UNORDERED_SIGNERS'],
      [makeCertificate(network, good.opened, { signers: [0, 0, 1] }), 'UNORDERED_SIGNERS'],
      [makeCertificate(network, good.opened, { blockHash: chain[1].opened.hash }), 'WRONG_BLOCK'],
      [makeCertificate(network, good.opened, { height: 4 }), 'WRONG_HEIGHT'],
      [chain[1].certificateBytes, 'WRONG_HEIGHT'],
      [new Uint8Array([9, 9, 9]), 'MALFORMED'],
      [new Uint8Array(0), 'INVALID_FIELD']
    ]
    // Signatures by keys outside the validator set, for another chain, and with one altered bit.
    const strangers = makeTestNetwork({ validatorCount: 7 }).validators.slice(4)
    certificates.push([makeCertificate({ ...network, validators: strangers }, good.opened), 'BAD_SIGNATURE'])
    const otherChain = makeTestNetwork({ chainId: 'other-chain' }).genesis
    certificates.push([makeCertificate({ ...network, genesis: otherChain }, good.opened), 'BAD_SIGNATURE'])
    const flipped = decodeCommitCertificate(good.certificateBytes.slice())
    flipped.signatures[1].signature[10] ^= 1
    certificates.push([encode.commitCertificate(flipped), 'BAD_SIGNATURE'])
    for (const [certificate, causeCode] of certificates) {
      const err = await expectStoreError(store.append(good.blockBytes, certificate), 'BAD_CERTIFICATE', 3)
      expect(err.details.causeCode, causeCode).toBe(causeCode)
    }
    await store.append(good.blockBytes, good.certificateBytes)
  })

  it('any signer quorum is accepted, and a certificate with every validator too', async () => {
    await storeWith(1)
    let prev = linkPointOfBlock(chain[0])
    for (const signers of [[1, 2, 3], [0, 2, 3], [0, 1, 2, 3]]) {
      const block = makeCertifiedBlock(network, prev, { certificate: { signers } })
      await store.append(block.blockBytes, block.certificateBytes)
      prev = linkPointOfBlock(block)
    }
    expect(store.height()).toBe(4)
  })

  it('inputs that are not bytes', async () => {
    await storeWith(0)
    await expect(store.append('x' as unknown as Uint8Array, new Uint8Array(0))).rejects.toThrow(TypeError)
    await expect(store.append(new Uint8Array(0), [] as unknown as Uint8Array)).rejects.toThrow(TypeError)
  })
})

describe('ChainStore: one append at a time', () => {
  it('runs appends issued together in call order', async () => {
    const { store } = await openFresh()
    const heads = await Promise.all(chain.map(async block => await store.append(block.blockBytes, block.certificateBytes)))
    expect(heads.map(h => h.height)).toEqual(chain.map((_, i) => i + 1))
    expect(store.height()).toBe(chain.length)
    await store.close()
  })

  it('a record found past the head is never overwritten: that block is refused, and the ones after it in its group', async () => {
    const { store } = await openFresh()
    await appendAll(store, chain.slice(0, 2))
    // What no open would let through (it is HEAD_MISMATCH there): a record at head + 1, put beside the store.
    const db = (store as unknown as { db: { put: (k: string, v: Uint8Array) => Promise<void> } }).db
    await db.put(recordKey(3), new Uint8Array([1, 2, 3]))
    const results = await Promise.allSettled(chain.slice(2, 4).map(async b => await store.append(b.blockBytes, b.certificateBytes)))
    expect(results.map(r => r.status === 'rejected' ? ((r.reason as StoreError).code) : 'ok')).toEqual(['HEIGHT_EXISTS', 'NOT_NEXT_HEIGHT'])
    expect(store.height()).toBe(2)
    await store.close()
  })

  it('lets exactly one of two racing appends of a height win', async () => {
    const { store } = await openFresh()
    const fork = makeCertifiedBlock(network, genesisPointOf(network), { txCount: 3 })
    const results = await Promise.allSettled([
      store.append(chain[0].blockBytes, chain[0].certificateBytes),
      store.append(fork.blockBytes, fork.certificateBytes)
    ])
    expect(results[0].status).toBe('fulfilled')
    expect(results[1].status).toBe('rejected')
    expect(((results[1] as PromiseRejectedResult).reason as StoreError).code).toBe('HEIGHT_EXISTS')
    expect((await store.getBlock(1))?.hash).toEqual(chain[0].opened.hash)
    await store.close()
  })

  it('bounds the appends waiting their turn', async () => {
    const { store } = await openFresh()
    const garbage = new Uint8Array([1])
    const calls = Array.from({ length: C.pendingAppendsMax + 1 }, async () => await store.append(garbage, garbage))
    const results = await Promise.allSettled(calls)
    const codes = results.map(r => ((r as PromiseRejectedResult).reason as StoreError).code)
    expect(codes.filter(c => c === 'MALFORMED')).toHaveLength(C.pendingAppendsMax)
    expect(codes.at(-1)).toBe('BUSY')
    await store.append(chain[0].blockBytes, chain[0].certificateBytes)
    await store.close()
  })
})

describe('ChainStore: lifecycle and faults', () => {
  it('finishes the appends accepted before close, and refuses every call after it', async () => {
    const { dir, store } = await openFresh()
    const accepted = [store.append(chain[0].blockBytes, chain[0].certificateBytes), store.append(chain[1].blockBytes, chain[1].certificateBytes)]
    const closed = store.close()
    const refused = expectStoreError(store.append(chain[2].blockBytes, chain[2].certificateBytes), 'CLOSED')
    await Promise.all(accepted)
    await refused
    await closed
    await store.close()
    expect(() => store.height()).toThrow(StoreError)
    expect(() => store.head()).toThrow(expect.objectContaining({ code: 'CLOSED' }))
    await expectStoreError(store.getBlock(1), 'CLOSED')
    await expectStoreError(store.append(chain[1].blockBytes, chain[1].certificateBytes), 'CLOSED')
    await expectStoreError((async () => { for await (const _ of store.blocks(1)) break })(), 'CLOSED')
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: true, height: 2 })
  })

  it('refuses a second open of the same directory (LOCKED)', async () => {
    const { dir, store } = await openFresh()
    await expectStoreError(ChainStore.open(dir, network.genesis, network.ed), 'LOCKED')
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: false, code: 'LOCKED' })
    await store.close()
  })

  it('refuses a store that verifyChain is copying in this process, and a second verify beside it (LOCKED)', async () => {
    // LevelDB's lock does not exclude its own process, and verify closing its
    // handle on the LOCK file would drop the lock an open store holds.
    const { dir, store } = await openFresh()
    await appendAll(store, chain.slice(0, 3))
    await store.close()
    // Called together, before either can finish its copy.
    const verifying = verifyChain(dir, network.genesis, network.ed)
    const opening = ChainStore.open(dir, network.genesis, network.ed)
    const second = verifyChain(dir, network.genesis, network.ed)
    await expectStoreError(opening, 'LOCKED')
    expect(await second).toMatchObject({ ok: false, code: 'LOCKED' })
    expect(await verifying).toMatchObject({ ok: true, height: 3 })
    // Free again once verified.
    const reopened = await ChainStore.open(dir, network.genesis, network.ed)
    expect(reopened.height()).toBe(3)
    await reopened.close()
  })

  it('knows a store open under another spelling of its path (LOCKED)', async () => {
    const { dir, store } = await openFresh()
    const { symlink } = await import('node:fs/promises')
    const link = `${await makeTempDir()}/link`
    await symlink(dir, link)
    for (const other of [`${dir}/.`, `${dir}/`, link]) {
      await expectStoreError(ChainStore.open(other, network.genesis, network.ed), 'LOCKED')
      expect(await verifyChain(other, network.genesis, network.ed), other).toMatchObject({ ok: false, code: 'LOCKED' })
    }
    await store.close()
  })

  it('refuses to open a store with another genesis', async () => {
    const { dir, store } = await openFresh()
    await appendAll(store, chain.slice(0, 2))
    await store.close()
    const others = [
      makeTestNetwork({ chainId: 'other-chain' }).genesis,
      makeTestNetwork({ validatorCount: 5 }).genesis,
      { ...network.genesis, genesisTimeMs: network.genesis.genesisTimeMs + 1 },
      makeGenesis(network.genesis.chainId, network.validators.map(v => v.publicKey), network.genesis.genesisTimeMs, { lockoutFailures: 9 })
    ]
    for (const genesis of others) {
      await expectStoreError(ChainStore.open(dir, genesis, network.ed), 'GENESIS_MISMATCH')
      expect(await verifyChain(dir, genesis, network.ed)).toMatchObject({ ok: false, code: 'GENESIS_MISMATCH', firstBadHeight: null })
    }
    const again = await ChainStore.open(dir, network.genesis, network.ed)
    expect(again.height()).toBe(2)
    await again.close()
  })

  it('writes each block as one batch of record + head pointer, fsynced', async () => {
    const { store } = await openFresh()
    const db = (store as unknown as { ds: { db: { batch: Function } } }).ds.db
    const batch = db.batch.bind(db)
    const calls: Array<{ keys: string[], options: unknown }> = []
    db.batch = async (ops: Array<{ key: string }>, options: unknown) => {
      calls.push({ keys: ops.map(op => op.key), options })
      return await batch(ops, options)
    }
    await appendAll(store, chain.slice(0, 2))
    expect(calls).toEqual([
      { keys: ['/b/000000000001', '/head'], options: { sync: true } },
      { keys: ['/b/000000000002', '/head'], options: { sync: true } }
    ])
    await store.close()
  })

  it('fails for good when a write does not read back, or the database refuses it', async () => {
    for (const fault of ['readback', 'write'] as const) {
      const { dir, store } = await openFresh()
      await appendAll(store, chain.slice(0, 2))
      const db = (store as unknown as { ds: { db: { getSync: Function, batch: Function } } }).ds.db
      if (fault === 'readback') {
        const getSync = db.getSync.bind(db)
        db.getSync = (key: string) => (getSync(key) as Uint8Array | undefined)?.slice(0, -1)
      } else {
        db.batch = async () => { throw new Error('simulated I/O error') }
      }
      await expectStoreError(store.append(chain[2].blockBytes, chain[2].certificateBytes),
        fault === 'readback' ? 'READBACK_MISMATCH' : 'FAILED', 3)
      expect(() => store.height()).toThrow(expect.objectContaining({ code: 'FAILED' }))
      await expectStoreError(store.getBlock(1), 'FAILED')
      await expectStoreError(store.append(chain[3].blockBytes, chain[3].certificateBytes), 'FAILED')
      await store.close()
      // The reopen re-verifies: the write itself did land (readback) or did not (write).
      const again = await ChainStore.open(dir, network.genesis, network.ed)
      expect(again.height()).toBe(fault === 'readback' ? 3 : 2)
      await again.close()
    }
  })

  it('verifyChain reports a missing or empty directory without creating anything', async () => {
    const dir = await makeTempDir()
    expect(await verifyChain(`${dir}/nothing-here`, network.genesis, network.ed)).toMatchObject({ ok: false, code: 'MISSING' })
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: false, code: 'MISSING' })
    const { readdir } = await import('node:fs/promises')
    expect(await readdir(dir)).toEqual([])
  })

  it('verifyChain of a created, empty store is ok at height 0', async () => {
    const { dir, store } = await openFresh()
    await store.close()
    expect(await verifyChain(dir, network.genesis, network.ed)).toEqual(
      { ok: true, height: 0, headHash: genesisHash(network.genesis), headTimestampMs: network.genesis.genesisTimeMs })
  })

  it('fixture blocks are spaced by the fixed interval', () => {
    expect(chain[1].opened.header.timestampMs - chain[0].opened.header.timestampMs).toBe(fixtureBlockIntervalMs)
  })
})

describe('ChainStore: group commit', () => {
  it('writes appends that arrive together in one fsynced batch, each checked as if alone', async () => {
    const dir = await makeTempDir()
    {
      const blocks = makeChain(network, 12)
      const chain = { genesis: network.genesis, blocks }
      const store = await ChainStore.open(dir, chain.genesis, network.ed)
      const batches: number[] = []
      const db = (store as unknown as { ds: { db: { batch: (ops: unknown[], o: unknown) => Promise<void> } } }).ds.db
      const original = db.batch.bind(db)
      db.batch = async (ops: unknown[], o: unknown) => { batches.push(ops.length); await original(ops, o) }
      // Block 6 is sent with block 5's certificate: refused alone; the ones after it no longer link.
      const results = await Promise.allSettled(chain.blocks.map((b, i) => store.append(b.blockBytes, i === 5 ? chain.blocks[4].certificateBytes : b.certificateBytes)))
      expect(results.slice(0, 5).every(r => r.status === 'fulfilled')).toBe(true)
      expect(results.slice(5).every(r => r.status === 'rejected')).toBe(true)
      expect(store.height()).toBe(5)
      expect(batches.length).toBeLessThan(5) // fewer fsynced batches than blocks
      await store.close()
      const reopened = await ChainStore.open(dir, chain.genesis, network.ed)
      expect(reopened.height()).toBe(5)
      await reopened.close()
    }
  })
})
