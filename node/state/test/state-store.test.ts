// The state store against the state it stores: the simulator's certification
// workload (every transaction kind, verdicts of every sort, nonces that go
// stale, revocations) run through CertApp, each block's change set written
// as the node writes it; then the store reopened and the state restored from
// it must be the live state, record for record, and stay so for the blocks
// that follow (same results, same digest at every height). Damage, another
// genesis and a crash before the writes landed are covered too.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { afterEach, describe, expect, test } from 'vitest'
import { buildBlock, type OpenedBlock } from '../../../protocols/block.ts'
import { toHex } from '../../../protocols/bytes.ts'
import { nodeEd25519 } from '../../../protocols/ed25519-node.ts'
import { makeGenesis, type Genesis } from '../../../protocols/genesis.ts'
import { Rng } from '../../../consensus/sim/rng.ts'
import { certAppPlugin, certWorkload, simAttestationVerifiers } from '../../sim/cert-workload.ts'
import { StoreError } from '../../store/errors.ts'
import { CertApp, stateKey } from '../cert-app.ts'
import { StateStore } from '../state-store.ts'

const ed = nodeEd25519
const dirs: string[] = []
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) })
const tempDir = (): string => { const d = mkdtempSync(join(tmpdir(), 'certchain-state-')); dirs.push(d); return d }

function genesisOf (chainId: string): Genesis {
  const extra = certAppPlugin.genesis(chainId)
  return makeGenesis(chainId, [new Uint8Array(32).fill(9)], 0, { ...extra.params }, extra.vendors)
}

const appOf = (genesis: Genesis, restored?: Awaited<ReturnType<StateStore['load']>>): CertApp =>
  new CertApp(ed, genesis, { attestationVerifiers: simAttestationVerifiers(ed), keepChanges: true, ...(restored === undefined ? {} : { restored }) })

/** A seeded certification workload cut into blocks of 1-6 transactions, 150-400 ms apart. */
function workloadBlocks (seed: number, chainId: string, count: number): Array<{ txs: Uint8Array[], timestampMs: number }> {
  const rng = new Rng(seed)
  const w = certWorkload(ed, chainId, () => rng.next())
  let now = 60_000
  return Array.from({ length: count }, () => {
    const txs = Array.from({ length: rng.int(1, 6) }, () => { now += rng.int(20, 120); return w.generate(now).bytes })
    now += rng.int(150, 400)
    return { txs, timestampMs: now }
  })
}

/** Executes and commits one block on `app`; returns the block (its results are the app's). */
function run (app: CertApp, chainId: string, b: { txs: Uint8Array[], timestampMs: number }): OpenedBlock {
  const ctx = { height: app.height + 1, timestampMs: b.timestampMs }
  const results = app.execute(ctx, b.txs.map(t => app.checkTx(t)))
  const block = buildBlock({ chainId, height: ctx.height, prevHash: new Uint8Array(32), timestampMs: ctx.timestampMs, proposer: 0, view: 0 }, b.txs, results)
  app.commit(block)
  return block
}

const failOnWrite = (err: Error): void => { throw err }

describe('the state store', () => {
  for (const seed of [3, 17, 101]) {
    test(`seed ${seed}: the restored state is the live state, and both go on alike`, async () => {
      const chainId = `state-${seed}`
      const genesis = genesisOf(chainId)
      const dir = tempDir()
      const blocks = workloadBlocks(seed, chainId, 300)
      const live = appOf(genesis)
      const store = await StateStore.open(dir, genesis, failOnWrite)
      expect(await store.load()).toBeUndefined()
      const committed: OpenedBlock[] = []
      for (const b of blocks.slice(0, 200)) {
        const block = run(live, chainId, b)
        committed.push(block)
        store.write(live.takeChanges(block.header.height))
      }
      // What was written is read at once, landed or not.
      const someTx = committed[150].txIds[0]
      expect(await store.txLocation(someTx)).toEqual({ height: 151, index: 0 })
      await store.close()

      // A small cache: most reads go to LevelDB, and records are evicted and read again.
      const reopened = await StateStore.open(dir, genesis, failOnWrite, undefined, 64)
      const all = await reopened.loadAll()
      // Record for record, in memory (the digest is only the one stored).
      expect(toHex(appOf(genesis, all).recordsDigest())).toBe(toHex(live.recordsDigest()))
      const loaded = await reopened.load()
      expect(loaded?.height).toBe(200)
      expect(toHex(loaded?.blockHash ?? new Uint8Array())).toBe(toHex(committed[199].hash))
      // The node's way: the records read from the store as execution needs them.
      const restored = appOf(genesis, loaded)
      expect(toHex(restored.digest())).toBe(toHex(live.digest()))
      expect(restored.committedCount).toBe(live.committedCount)
      // Every transaction is where it was committed; a stranger's id is nowhere.
      for (const block of committed.filter((_, i) => i % 17 === 0)) {
        for (const [index, id] of block.txIds.entries()) {
          const loc = await reopened.txLocation(id)
          expect(loc?.height).toBeLessThanOrEqual(block.header.height)
          if (loc?.height === block.header.height) expect(loc.index).toBeLessThanOrEqual(index)
        }
      }
      expect(await reopened.txLocation(new Uint8Array(32).fill(1))).toBeUndefined()

      // The next 100 blocks, on both: the same results and the same digest at every height.
      for (const b of blocks.slice(200)) {
        const a = run(live, chainId, b)
        const r = run(restored, chainId, b)
        expect(r.block.results.map(toHex)).toEqual(a.block.results.map(toHex))
        expect(toHex(restored.digest())).toBe(toHex(live.digest()))
        live.takeChanges(a.header.height)
        reopened.write(restored.takeChanges(r.header.height))
      }
      expect(reopened.cachedRecords).toBeLessThanOrEqual(64)
      await reopened.close()
      // A fresh replay of all 300 blocks agrees with both, record for record with what the store holds.
      const replay = appOf(genesis)
      for (const b of blocks) run(replay, chainId, b)
      expect(toHex(replay.digest())).toBe(toHex(live.digest()))
      const final = await StateStore.open(dir, genesis, failOnWrite)
      expect(toHex(appOf(genesis, await final.loadAll()).recordsDigest())).toBe(toHex(replay.recordsDigest()))
      await final.close()
    })
  }

  test('a device\'s attempts: in chain order, paged, with the total, before and after they land', async () => {
    const chainId = 'state-attempts'
    const genesis = genesisOf(chainId)
    const app = appOf(genesis)
    const store = await StateStore.open(tempDir(), genesis, failOnWrite)
    await store.load()
    const byDevice = new Map<string, Array<{ height: number, index: number }>>()
    for (const b of workloadBlocks(5, chainId, 250)) {
      const block = run(app, chainId, b)
      const changes = app.takeChanges(block.header.height)
      for (const [k, v] of changes.writes) {
        if (!k.startsWith(stateKey.attempt)) continue
        const device = k.split('/')[1]
        byDevice.set(device, [...(byDevice.get(device) ?? []), v as { height: number, index: number }])
      }
      store.write(changes)
    }
    const [device, all] = [...byDevice].sort((a, b) => b[1].length - a[1].length)[0]
    expect(all.length).toBeGreaterThan(5)
    const key = Uint8Array.from(Buffer.from(device, 'hex'))
    // Right after the writes (some still pending), and once they landed.
    for (const when of ['pending', 'landed']) {
      if (when === 'landed') await store.settled()
      expect(await store.attempts(key, 0, 1000), when).toEqual({ page: all, total: all.length })
      expect(await store.attempts(key, 2, 3), when).toEqual({ page: all.slice(2, 5), total: all.length })
      expect(await store.attempts(key, all.length, 3), when).toEqual({ page: [], total: all.length })
    }
    await store.close()
  })

  test('a crash before the writes landed leaves an earlier height, never a later one nor a mix', async () => {
    const chainId = 'state-crash'
    const genesis = genesisOf(chainId)
    const dir = tempDir()
    const app = appOf(genesis)
    // The writes fail once the database is gone under them: the node would stop there.
    const store = await StateStore.open(dir, genesis, () => {})
    await store.load()
    const digests = new Map<number, string>()
    for (const b of workloadBlocks(9, chainId, 120)) {
      const block = run(app, chainId, b)
      digests.set(block.header.height, toHex(app.digest()))
      store.write(app.takeChanges(block.header.height))
    }
    // Closed without waiting for the queue: what is on disk is some prefix of the batches.
    await (store as unknown as { ds: { close: () => Promise<void> } }).ds.close().catch(() => {})
    const reopened = await StateStore.open(dir, genesis, failOnWrite)
    const loaded = await reopened.load()
    const height = loaded?.height ?? 0
    expect(height).toBeLessThanOrEqual(120)
    if (loaded !== undefined) {
      // The records on disk are exactly the state at that height: its digest is the live digest then.
      expect(toHex(loaded.digest)).toBe(digests.get(height))
      const replay = appOf(genesis)
      for (const b of workloadBlocks(9, chainId, height)) run(replay, chainId, b)
      const restored = appOf(genesis, await reopened.loadAll())
      expect(restored.committedCount).toBe(replay.committedCount)
      expect(toHex(restored.digest())).toBe(toHex(replay.digest()))
      expect(toHex(restored.recordsDigest())).toBe(toHex(replay.recordsDigest()))
    }
    await reopened.close()
  })

  test('a damaged record is CORRUPT where it is read (the node clears the store and replays); another genesis makes it anew', async () => {
    const chainId = 'state-damage'
    const genesis = genesisOf(chainId)
    const dir = tempDir()
    const app = appOf(genesis)
    const store = await StateStore.open(dir, genesis, failOnWrite)
    await store.load()
    for (const b of workloadBlocks(4, chainId, 30)) store.write(app.takeChanges(run(app, chainId, b).header.height))
    await store.close()
    // Flip a byte of one device record, through LevelDB itself.
    const ds = new LevelDatastore(dir)
    await ds.db.open()
    const db = ds.db
    const [key, value] = (await db.iterator({ gte: stateKey.device, lt: stateKey.device + '\xff', limit: 1 }).all())[0]
    const bad = value.slice()
    bad[bad.length - 1] ^= 0x40
    await db.put(key, bad)
    await db.close()
    const damaged = await StateStore.open(dir, genesis, failOnWrite)
    // A start reads no record: the damage is met when the record is read, as CORRUPT, and by a full read.
    await damaged.load()
    expect(() => damaged.get(key)).toThrow(expect.objectContaining({ code: 'CORRUPT' }))
    await expect(damaged.loadAll()).rejects.toSatisfy((e: unknown) => e instanceof StoreError && e.code === 'CORRUPT')
    await damaged.clear()
    expect(await damaged.load()).toBeUndefined()
    expect(damaged.get(key)).toBeUndefined()
    await damaged.close()

    const warnings: string[] = []
    const other = await StateStore.open(dir, genesisOf('another-chain'), failOnWrite, m => warnings.push(m))
    expect(warnings.join('\n')).toMatch(/another format or genesis/)
    expect(await other.load()).toBeUndefined()
    await other.close()
  })
})
