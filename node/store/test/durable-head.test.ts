// The durable-head marker: written after appends, kept by LevelDB through
// reopen and compaction, and checked at open, so a chain that LevelDB's log
// recovery shortened is refused (TRUNCATED) instead of served short.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChainStore, verifyChain } from '../chain-store.ts'
import * as C from '../constants.ts'
import { decodeDurableHeadSlot, encodeDurableHeadSlot, readDurableHead } from '../durable-head.ts'
import { makeChain, makeTestNetwork, type CertifiedBlock } from './fixtures.ts'
import { appendAll, expectStoreError, makeStoreDir, removeTempDirs } from './helpers.ts'

const network = makeTestNetwork()
const blockCount = 12
let chain: CertifiedBlock[] = []

beforeAll(() => { chain = makeChain(network, blockCount) })
afterAll(removeTempDirs)

const slotPath = (dir: string, slot: 'a' | 'b'): string => join(dir, `${C.durableHeadFileBase}.${slot}`)
const open = async (dir: string): Promise<ChainStore> => await ChainStore.open(dir, network.genesis, network.ed, { verifyThreads: 0 })

function logPathOf (dir: string): string {
  const log = readdirSync(dir).find(name => name.endsWith('.log'))
  expect(log, 'the store has a .log').toBeDefined()
  return join(dir, log as string)
}

/** Damages the last bytes of the store's write-ahead log: LevelDB's recovery then drops the last batches without an error. */
function damageLogTail (dir: string): void {
  const path = logPathOf(dir)
  const bytes = readFileSync(path)
  bytes[bytes.length - 20] ^= 0x55
  writeFileSync(path, bytes)
}

/**
 * Damages the write-ahead log entry of block `height` (a byte of its record
 * key): LevelDB's recovery drops that batch and the rest of the log's 32 KiB
 * block, here every later batch too.
 */
function damageLogAt (dir: string, height: number): void {
  const path = logPathOf(dir)
  const bytes = readFileSync(path)
  expect(bytes.length, 'the whole log is one 32 KiB log block').toBeLessThan(32 * 1024)
  const at = bytes.indexOf(Buffer.from(`/b/${String(height).padStart(C.heightDigits, '0')}`))
  expect(at, `the log holds block ${height}`).toBeGreaterThan(-1)
  bytes[at + 5] ^= 0x55
  writeFileSync(path, bytes)
}

describe('slots', () => {
  it('round-trip, and a flipped byte anywhere or a short slot reads as no slot', () => {
    const head = { height: 7, hash: chain[6].opened.hash }
    const slot = encodeDurableHeadSlot(3, head)
    expect(slot.length).toBe(C.durableHeadSlotBytes)
    expect(decodeDurableHeadSlot(slot)).toEqual({ sequence: 3, head: { height: 7, hash: Buffer.from(head.hash) } })
    for (let offset = 0; offset < slot.length; offset++) {
      const bad = slot.slice()
      bad[offset] ^= 1
      expect(decodeDurableHeadSlot(bad), `offset ${offset}`).toBeUndefined()
    }
    expect(decodeDurableHeadSlot(slot.subarray(0, slot.length - 1))).toBeUndefined()
  })
})

describe('the store', () => {
  it('marks the head durable by close, also after a burst of concurrent appends', async () => {
    const dir = await makeStoreDir(network, [])
    const store = await open(dir)
    await Promise.all(chain.map(async b => await store.append(b.blockBytes, b.certificateBytes)))
    await store.close()
    const marker = readDurableHead(dir)
    expect(marker?.head.height).toBe(blockCount)
    expect(Buffer.from(marker?.head.hash ?? [])).toEqual(Buffer.from(chain[blockCount - 1].opened.hash))
    // Coalesced: fewer marker writes than blocks.
    expect(marker?.sequence).toBeLessThan(blockCount)
  })

  it('keeps the marker files through reopens and a full compaction', async () => {
    const dir = await makeStoreDir(network, chain.slice(0, 6))
    let store = await open(dir)
    await appendAll(store, chain.slice(6))
    await store.close()
    const ds = new LevelDatastore(dir)
    await ds.db.open({ createIfMissing: false, compression: false })
    // classic-level has compactRange; datastore-level's type of its db does not say so.
    await (ds.db as unknown as { compactRange: (start: string, end: string) => Promise<void> }).compactRange('\x00', '\xff')
    await ds.close()
    store = await open(dir)
    expect(store.height()).toBe(blockCount)
    await store.close()
    expect(existsSync(slotPath(dir, 'a')) && existsSync(slotPath(dir, 'b'))).toBe(true)
    expect(readDurableHead(dir)?.head.height).toBe(blockCount)
    expect(readdirSync(dir).some(name => name.endsWith('.ldb')), 'the blocks went through a table').toBe(true)
  })

  it('refuses a chain that LevelDB\'s log recovery shortened: TRUNCATED at the first lost height', async () => {
    const dir = await makeStoreDir(network, chain)
    damageLogTail(dir)
    // verifyChain first: open replays (and so repairs) the damaged log.
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({
      ok: false, code: 'TRUNCATED', firstBadHeight: blockCount, details: { height: blockCount, durableHeight: blockCount, lostHeights: 1 }
    })
    const err = await expectStoreError(open(dir), 'TRUNCATED', blockCount)
    expect(err.message).toMatch(new RegExp(`the chain ends at ${blockCount - 1}, but the store had made ${blockCount} durable: height ${blockCount} lost`))
    expect(err.details).toEqual({ height: blockCount, durableHeight: blockCount, lostHeights: 1 })
  })

  it('names every lost height: the first, how many, and the height the marker says was durable', async () => {
    const dir = await makeStoreDir(network, chain)
    damageLogAt(dir, 8)
    const details = { height: 8, durableHeight: blockCount, lostHeights: blockCount - 7 }
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: false, code: 'TRUNCATED', firstBadHeight: 8, details })
    const err = await expectStoreError(open(dir), 'TRUNCATED', 8)
    expect(err.details).toEqual(details)
    expect(err.message).toMatch(new RegExp(`the chain ends at 7, but the store had made ${blockCount} durable: heights 8\\.\\.${blockCount} lost`))
  })

  it('without the marker (a store from before it) the same damage goes unseen: the marker is what catches it', async () => {
    const dir = await makeStoreDir(network, chain)
    rmSync(slotPath(dir, 'a'))
    rmSync(slotPath(dir, 'b'))
    damageLogTail(dir)
    const report = await verifyChain(dir, network.genesis, network.ed)
    expect(report).toMatchObject({ ok: true })
    expect(report.ok && report.height).toBeLessThan(blockCount)
    // An old store opens, and gets a marker from then on.
    const store = await open(dir)
    const height = store.height()
    await store.close()
    expect(readDurableHead(dir)?.head.height).toBe(height)
  })

  it('refuses a store whose block at the marker height is another block', async () => {
    const dir = await makeStoreDir(network, chain)
    const current = readDurableHead(dir)
    const newerSlot = ((current?.sequence ?? 0) + 1) % 2 === 0 ? 'a' : 'b'
    writeFileSync(slotPath(dir, newerSlot), encodeDurableHeadSlot((current?.sequence ?? 0) + 1, { height: 5, hash: chain[5].opened.hash }))
    const err = await expectStoreError(open(dir), 'TRUNCATED', 5)
    expect(err.message).toMatch(/block 5 is not the block the store made durable/)
    // How far back the chain differs, one hash cannot tell: no count of lost heights.
    expect(err.details).toEqual({ height: 5, durableHeight: 5 })
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: false, code: 'TRUNCATED', firstBadHeight: 5 })
  })

  it('reads past a torn newer slot to the older one', async () => {
    const dir = await makeStoreDir(network, chain)
    const current = readDurableHead(dir)
    const newerSlot = ((current?.sequence ?? 0) + 1) % 2 === 0 ? 'a' : 'b'
    writeFileSync(slotPath(dir, newerSlot), encodeDurableHeadSlot((current?.sequence ?? 0) + 1, { height: blockCount + 5, hash: chain[0].opened.hash }).subarray(0, 20))
    expect(readDurableHead(dir)).toEqual(current)
    const store = await open(dir)
    expect(store.height()).toBe(blockCount)
    await store.close()
  })
})

describe('a height the caller knows was durable (expectedDurableHeight)', () => {
  const openExpecting = async (dir: string, expectedDurableHeight: number): Promise<ChainStore> =>
    await ChainStore.open(dir, network.genesis, network.ed, { verifyThreads: 0, expectedDurableHeight })

  it('refuses a chain that ends below it with the same TRUNCATED as the marker, and passes one that reaches it', async () => {
    const dir = await makeStoreDir(network, chain)
    const details = { height: blockCount + 1, durableHeight: blockCount + 3, lostHeights: 3 }
    expect(await verifyChain(dir, network.genesis, network.ed, { expectedDurableHeight: blockCount + 3 }))
      .toMatchObject({ ok: false, code: 'TRUNCATED', firstBadHeight: blockCount + 1, details })
    const err = await expectStoreError(openExpecting(dir, blockCount + 3), 'TRUNCATED', blockCount + 1)
    expect(err.details).toEqual(details)
    expect(err.message).toMatch(new RegExp(`the chain ends at ${blockCount}, but height ${blockCount + 3} is known durable \\(expectedDurableHeight\\): ` +
      `heights ${blockCount + 1}\\.\\.${blockCount + 3} lost`))
    for (const expected of [0, 1, blockCount]) {
      expect(await verifyChain(dir, network.genesis, network.ed, { expectedDurableHeight: expected })).toMatchObject({ ok: true, height: blockCount })
      const store = await openExpecting(dir, expected)
      expect(store.height()).toBe(blockCount)
      await store.close()
    }
  })

  it('catches what the marker cannot: the tail lost together with the marker files', async () => {
    const dir = await makeStoreDir(network, chain)
    rmSync(slotPath(dir, 'a'))
    rmSync(slotPath(dir, 'b'))
    damageLogAt(dir, 8)
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: true, height: 7 })
    const details = { height: 8, durableHeight: 9, lostHeights: 2 }
    expect(await verifyChain(dir, network.genesis, network.ed, { expectedDurableHeight: 9 })).toMatchObject({ ok: false, code: 'TRUNCATED', details })
    expect((await expectStoreError(openExpecting(dir, 9), 'TRUNCATED', 8)).details).toEqual(details)
  })

  it('is a non-negative integer', async () => {
    const dir = await makeStoreDir(network, [])
    for (const bad of [-1, 1.5, Number.NaN, '3' as unknown as number]) {
      await expect(openExpecting(dir, bad), String(bad)).rejects.toThrow(TypeError)
      await expect(verifyChain(dir, network.genesis, network.ed, { expectedDurableHeight: bad }), String(bad)).rejects.toThrow(TypeError)
    }
  })
})

describe('a store whose database is gone but whose marker is left', () => {
  it('is TRUNCATED from height 1, not MISSING and not a new empty chain', async () => {
    const dir = await makeStoreDir(network, chain)
    for (const name of readdirSync(dir)) if (!name.startsWith(C.durableHeadFileBase)) rmSync(join(dir, name))
    const details = { height: 1, durableHeight: blockCount, lostHeights: blockCount }
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: false, code: 'TRUNCATED', details })
    expect(readdirSync(dir).sort(), 'verify created nothing').toEqual([slotPath(dir, 'a'), slotPath(dir, 'b')].map(p => p.slice(dir.length + 1)))
    expect((await expectStoreError(open(dir), 'TRUNCATED', 1)).details).toEqual(details)
    // Refused before a meta record went in: LevelDB made its files, but the database holds nothing.
    const ds = new LevelDatastore(dir)
    await ds.db.open({ createIfMissing: false, compression: false })
    expect(await ds.db.keys().all()).toEqual([])
    await ds.close()
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: false, code: 'TRUNCATED', details })
  })
})
