// End-to-end crash test on real node processes (4 validators on 127.0.0.1):
// under load, all four nodes are killed with SIGKILL at seeded moments (200 to
// 1500 ms after the load resumes and commits flow), at once or in a burst a
// few ms apart, and restarted; 10 rounds. After each
// restart, every receipt a client ever received must still hold on every
// node (same tx, same header, same block hash at the receipt's height) and
// the nodes must agree on one tip.
//
// The seed is random and printed (test name, per-round lines, failure
// message); CERTCHAIN_E2E_SEED=<uint32> replays a run's plan (kill delays,
// at-once or burst, kill order and gaps, load targets). The timing of the
// processes themselves is not reproducible, only the plan.
import { randomInt, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bytesEqual, toHex } from '../../protocols/bytes.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { verifyReceipt, type Receipt } from '../../protocols/node-protocols.ts'
import { generateKeyPair, type KeyPair } from '../../protocols/sign.ts'
import { signTransaction, TxKind } from '../../protocols/tx.ts'
import { ClientError, NodeClient } from '../../clients/node-client.ts'
import { nodeHome, sleep, type Testnet } from '../testnet.ts'
import { checkAgreement, startTestnet, waitFor } from './helpers.ts'

// Ports 27500..27503: e2e-faults uses 27110.., certification 27300, protocols 27900.
const basePort = 27500
const rounds = 10
const loadClients = 6
const all = [0, 1, 2, 3]
const readyTimeoutMs = 30_000
const settleTimeoutMs = 20_000
/** After a restart the chain must commit again (a client gets a receipt) within this. */
const liveTimeoutMs = 20_000

const envSeed = process.env.CERTCHAIN_E2E_SEED
const seed = envSeed === undefined || envSeed === '' ? randomInt(0, 2 ** 32 - 1) : Number(envSeed)
if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`CERTCHAIN_E2E_SEED must be an integer in [0, 2^32), not ${envSeed}`)

/** mulberry32: a small, seedable 32-bit PRNG; [0, 1). */
function prng (s: number): () => number {
  let a = s >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface RoundPlan {
  /** After the load resumes and commits flow (the first receipt). */
  delayMs: number
  mode: 'at-once' | 'burst'
  order: number[]
  /** Burst only: ms between consecutive kills. */
  gapsMs: number[]
}

function makePlan (rand: () => number): RoundPlan[] {
  return Array.from({ length: rounds }, () => {
    const delayMs = 200 + Math.floor(rand() * 1301)
    const mode = rand() < 0.5 ? 'at-once' : 'burst'
    const order = [...all]
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]]
    }
    const gapsMs = [1, 2, 3].map(() => mode === 'burst' ? Math.floor(rand() * 5) : 0)
    return { delayMs, mode, order, gapsMs }
  })
}

const plan = makePlan(prng(seed))
const describePlan = (p: RoundPlan): string =>
  `${p.mode}${p.mode === 'burst' ? ` gaps ${p.gapsMs.join('/')} ms` : ''}, order ${p.order.join(',')}`

/** A receipt a client got back from `submit(wait: true)`, verified against the validator set. */
interface Held {
  txId: Uint8Array
  tx: Uint8Array
  raw: Receipt
  height: number
  blockHash: Uint8Array
  from: number
  round: number
}

/**
 * Several clients (each its own libp2p identity and signing key) submitting
 * one tx at a time with wait: true to a random live node, keeping every
 * verified receipt. Failures and timeouts only count.
 */
class CrashLoad {
  readonly receipts: Held[] = []
  readonly errors = new Map<string, number>()
  readonly examples = new Map<string, string>()
  readonly anomalies: string[] = []
  round = 0
  private paused = true
  private stopped = false
  private busy = 0
  private resumeSignal: () => void = () => {}
  private resumed = new Promise<void>(resolve => { this.resumeSignal = resolve })
  private readonly runs: Array<Promise<void>> = []

  private constructor (private readonly tn: Testnet, private readonly clients: NodeClient[], private readonly rand: () => number) {}

  static async create (tn: Testnet, count: number, rand: () => number): Promise<CrashLoad> {
    const clients = await Promise.all(Array.from({ length: count }, async () => await NodeClient.create({ timeoutMs: 4000 })))
    const load = new CrashLoad(tn, clients, rand)
    clients.forEach((c, i) => load.runs.push(load.run(c, generateKeyPair(nodeEd25519), i)))
    return load
  }

  private count (code: string, message = ''): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1)
    if (!this.examples.has(code)) this.examples.set(code, message)
  }

  private async run (client: NodeClient, key: KeyPair, id: number): Promise<void> {
    let nonce = Date.now() * 1000 + id * 1_000_000_000
    while (!this.stopped) {
      if (this.paused) { await this.resumed; continue }
      this.busy++
      try {
        const up = all.filter(i => this.tn.nodeUp(i))
        if (up.length === 0) { await sleep(20); continue }
        const target = up[Math.floor(this.rand() * up.length)]
        const tx = signTransaction(nodeEd25519, key, this.tn.network.chainId, { kind: TxKind.opaque, nonce: nonce++, payload: randomBytes(32) })
        const round = this.round
        try {
          const r = await client.submit(this.tn.address(target), tx, { wait: true, timeoutMs: 3000, ed: nodeEd25519, set: this.tn.set })
          if (r.receipt !== undefined && r.rawReceipt !== undefined) {
            if (!bytesEqual(r.rawReceipt.tx, tx)) this.anomalies.push(`node ${target} sent a receipt for tx ${toHex(r.txId).slice(0, 16)} with other tx bytes`)
            this.receipts.push({ txId: r.txId, tx, raw: r.rawReceipt, height: r.receipt.header.height, blockHash: r.receipt.blockHash, from: target, round })
          } else {
            this.count(r.status)
          }
        } catch (err) {
          this.count(err instanceof ClientError ? err.code : (err as Error).name, (err as Error).message)
          await sleep(20)
        }
      } finally {
        this.busy--
      }
    }
  }

  resume (): void {
    this.paused = false
    this.resumeSignal()
  }

  /** Stops new submissions and waits for the ones in flight to end. */
  async pause (): Promise<void> {
    this.paused = true
    this.resumed = new Promise<void>(resolve => { this.resumeSignal = resolve })
    await waitFor('the load to pause', async () => this.busy === 0, 15_000, 20)
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.resumeSignal()
    await Promise.all(this.runs)
    await Promise.all(this.clients.map(async c => { await c.close() }))
  }
}

async function retryRateLimited<T> (fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      if (!(err instanceof ClientError) || err.code !== 'RATE_LIMITED' || attempt >= 40) throw err
      await sleep(100)
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function eachLimited<T> (items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

/**
 * Every receipt held, checked on every node: the node serves the tx at the
 * receipt's height with the same header bytes, block hash, tx and result,
 * its receipt verifies, and its chain has that block hash at that height.
 * Returns the contradictions found (empty: all hold).
 */
async function checkReceipts (tn: Testnet, held: Held[]): Promise<string[]> {
  const problems: string[] = []
  const client = await NodeClient.create({ timeoutMs: 5000 }) // a fresh identity each round: its own query budget
  try {
    await Promise.all(all.map(async i => {
      const address = tn.address(i)
      const top = Math.max(0, ...held.map(h => h.height))
      const hashes: Uint8Array[] = []
      for (let from = 1; from <= top; from += 4096) {
        hashes.push(...await retryRateLimited(async () => await client.blockHashes(address, from, Math.min(4096, top - from + 1))))
      }
      await eachLimited(held, 8, async h => {
        const what = `receipt of tx ${toHex(h.txId).slice(0, 16)} (height ${h.height}, block ${toHex(h.blockHash).slice(0, 16)}, from node ${h.from} in round ${h.round + 1})`
        const chainHash = hashes[h.height - 1]
        if (chainHash === undefined) problems.push(`node ${i}: ${what}: the node's chain ends at ${hashes.length}`)
        else if (!bytesEqual(chainHash, h.blockHash)) problems.push(`node ${i}: ${what}: the node has block ${toHex(chainHash).slice(0, 16)} at height ${h.height}`)
        let raw: Receipt
        try {
          raw = await retryRateLimited(async () => await client.rawReceipt(address, h.txId))
        } catch (err) {
          problems.push(`node ${i}: ${what}: TX query failed: ${(err as Error).message}`)
          return
        }
        try {
          const v = verifyReceipt(nodeEd25519, tn.set, raw, h.txId)
          if (v.header.height !== h.height) problems.push(`node ${i}: ${what}: the node has the tx at height ${v.header.height}`)
          if (!bytesEqual(v.blockHash, h.blockHash)) problems.push(`node ${i}: ${what}: the node has the tx in block ${toHex(v.blockHash).slice(0, 16)}`)
        } catch (err) {
          problems.push(`node ${i}: ${what}: the node's receipt does not verify: ${(err as Error).message}`)
        }
        if (!bytesEqual(raw.header, h.raw.header)) problems.push(`node ${i}: ${what}: header bytes differ`)
        if (!bytesEqual(raw.tx, h.tx)) problems.push(`node ${i}: ${what}: tx bytes differ`)
        if (!bytesEqual(raw.result, h.raw.result)) problems.push(`node ${i}: ${what}: result bytes differ`)
      })
    }))
  } finally {
    await client.close()
  }
  return problems
}

/**
 * The durable head node `index` restarted from: the height its chain store
 * held when this process started, from its log line (matched by pid).
 * The status height after waitReady may already include blocks synced since.
 */
function durableHeadAtStart (tn: Testnet, index: number): number {
  const pid = tn.pidOf(index)
  const lines = readFileSync(join(nodeHome(tn.dir, index), 'node.log'), 'utf8').split('\n')
  for (let k = lines.length - 1; k >= 0; k--) {
    if (!lines[k].includes('chain store verified and state rebuilt')) continue
    const entry = JSON.parse(lines[k]) as { pid: number, height: number }
    if (entry.pid === pid) return entry.height
  }
  return -1
}

interface Tip { height: number, hash: string }

async function tips (tn: Testnet): Promise<Tip[]> {
  return await Promise.all(all.map(async i => {
    const s = await tn.status(i)
    return { height: s.status?.height ?? -1, hash: s.status === undefined ? '?' : toHex(s.status.tipHash) }
  }))
}

const sameTip = (ts: Tip[]): boolean => ts.every(t => t.height >= 0 && t.height === ts[0].height && t.hash === ts[0].hash)
const showTips = (ts: Tip[]): string => ts.map(t => t.height).join(',')

let tn: Testnet | undefined
let load: CrashLoad | undefined
/** Until the test passes: keeps the testnet directory (node logs) for a failure or a timeout. */
let failed = true

describe('e2e: crash of all four nodes under load', () => {
  beforeAll(async () => {
    console.log(`e2e-crash seed ${seed} (replay: CERTCHAIN_E2E_SEED=${seed}); plan:\n` +
      plan.map((p, r) => `  round ${r + 1}: kill ${p.delayMs} ms after commits resume, ${describePlan(p)}`).join('\n'))
    tn = await startTestnet(basePort)
    console.log(`testnet in ${tn.dir}`)
  }, 90_000)

  afterAll(async () => {
    await load?.stop().catch(() => {})
    load = undefined
    // Keep the node logs when the test failed: the directory is printed above.
    await tn?.down(!failed)
    tn = undefined
  }, 30_000)

  it(`SIGKILL all 4 nodes at seeded moments, ${rounds} rounds: every receipt stays on chain, identical, one common tip (seed ${seed})`, async () => {
    const t = tn!
    const fail = (round: number, message: string): never => {
      throw new Error(`seed ${seed} (CERTCHAIN_E2E_SEED=${seed}), round ${round + 1}/${rounds} [${describePlan(plan[round])}, kill at ${plan[round].delayMs} ms]: ${message}; node logs in ${t.dir}`)
    }
    load = await CrashLoad.create(t, loadClients, prng(seed ^ 0x9E3779B9))
    const t0 = Date.now()
    /** Per receipt at a crash: on how many nodes its block was durable (index = count of nodes). */
    const durableOn = [0, 0, 0, 0, 0]
    let round = 0
    try {
      for (; round < rounds; round++) {
        const p = plan[round]
        const before = load.receipts.length
        load.round = round
        // The load resumes; the kill delay counts from the first receipt after
        // that, so that every kill lands while commits flow (right after a
        // restart the chain may need a view change before it commits).
        const resumedAt = Date.now()
        load.resume()
        try {
          await waitFor('a receipt after the restart', async () => load!.receipts.length > before, liveTimeoutMs, 10)
        } catch (err) {
          fail(round, `the chain does not commit after the restart: ${(err as Error).message}; heights ${showTips(await tips(t))}`)
        }
        const liveMs = Date.now() - resumedAt
        await sleep(p.delayMs)
        // The kill: at once (back to back), or a burst with the planned gaps (busy-waited).
        const killStart = performance.now()
        const killedAt: number[] = []
        for (const [k, i] of p.order.entries()) {
          if (k > 0 && p.gapsMs[k - 1] > 0) { const until = performance.now() + p.gapsMs[k - 1]; while (performance.now() < until) { /* spin */ } }
          if (!t.kill(i)) fail(round, `node ${i} was not running at the kill`)
          killedAt.push(performance.now() - killStart)
        }
        for (const i of all) await t.waitDown(i, 10_000)
        await load.pause()
        const held = load.receipts.length
        const maxHeld = Math.max(0, ...load.receipts.map(r => r.height))
        const restartStart = Date.now()
        for (const i of all) t.spawnNode(i)
        try {
          await t.waitReady(readyTimeoutMs)
        } catch (err) {
          fail(round, `nodes not ready after the restart: ${(err as Error).message}`)
        }
        const readyMs = Date.now() - restartStart
        const durable = all.map(i => durableHeadAtStart(t, i))
        const fresh = load.receipts.slice(before)
        for (const r of fresh) durableOn[durable.filter(h => h >= r.height).length]++
        const notDurable = fresh.filter(r => durable.every(h => h < r.height))
        // Settle (the load is paused): one tip, height and hash, on all 4, unchanged for 400 ms.
        const failures: string[] = []
        let last: Tip[] = []
        let stableSince = 0
        try {
          await waitFor('all 4 nodes on one tip', async () => {
            const now = await tips(t)
            const same = sameTip(now) && (last.length === 0 || sameTip([...now, last[0]]))
            if (!same) stableSince = 0
            else if (stableSince === 0) stableSince = Date.now()
            last = now
            return same && Date.now() - stableSince >= 400
          }, settleTimeoutMs, 200)
        } catch (err) {
          failures.push(`${(err as Error).message}: heights ${showTips(last)}, tips ${last.map(x => x.hash.slice(0, 12)).join(',')}`)
        }
        try {
          const agreed = await checkAgreement(t, all)
          if (failures.length === 0 && agreed !== last[0].height) failures.push(`agreement checked to ${agreed}, tip ${last[0].height}`)
        } catch (err) {
          failures.push(`agreement: ${(err as Error).message}`)
        }
        const problems = await checkReceipts(t, load.receipts)
        console.log(`round ${round + 1}/${rounds} (seed ${seed}): commits ${liveMs} ms after resume, killed ${p.delayMs} ms later, ${p.mode} order ${p.order.join(',')} ` +
          `at +${killedAt.map(x => x.toFixed(1)).join('/')} ms; receipts ${held} (+${held - before}, highest at ${maxHeld}); ` +
          `durable heads at restart ${durable.join(',')} (this round's receipts above them: ${all.map(i => fresh.filter(r => r.height > durable[i]).length).join(',')}; ` +
          `on no node: ${notDurable.length}${notDurable.length > 0 ? ` at heights ${[...new Set(notDurable.map(r => r.height))].join(',')}` : ''}); ` +
          `settled ${showTips(last)}; ready in ${readyMs} ms; ${problems.length} receipt problems; ${((Date.now() - t0) / 1000).toFixed(1)} s so far`)
        if (problems.length > 0) {
          const byNode = all.map(i => problems.filter(x => x.startsWith(`node ${i}:`)).length)
          failures.push(`${problems.length} receipt contradictions (per node ${byNode.join(',')}); durable heads at restart ${durable.join(',')}, receipts of this round on no node's disk: ${notDurable.length}:\n  ` +
            problems.slice(0, 24).join('\n  ') + (problems.length > 24 ? `\n  ... and ${problems.length - 24} more` : ''))
        }
        if (load.anomalies.length > 0) failures.push(load.anomalies.slice(0, 10).join('; '))
        if (failures.length > 0) fail(round, failures.join('\n'))
      }
    } catch (err) {
      if (err instanceof Error && !err.message.startsWith(`seed ${seed}`)) err.message = `seed ${seed} (CERTCHAIN_E2E_SEED=${seed}), round ${round + 1}/${rounds}: ${err.message}; node logs in ${t.dir}`
      throw err
    } finally {
      console.log(`receipts by the number of nodes (0..4) that had their block on disk at the crash: ${durableOn.join(',')}`)
    }
    const logErrors = all.map(i => readFileSync(join(nodeHome(t.dir, i), 'node.log'), 'utf8').split('\n').filter(l => /"level":(50|60)/.test(l)))
    console.log(`error/fatal lines in the node logs: ${logErrors.map(l => l.length).join(',')}${logErrors.flat().length > 0 ? `, e.g. ${logErrors.flat()[0].slice(0, 400)}` : ''}`)
    console.log(`e2e-crash seed ${seed}: ${load.receipts.length} receipts over ${rounds} rounds, all on chain; submissions without receipt: ${JSON.stringify(Object.fromEntries(load.errors))}, e.g. ${JSON.stringify(Object.fromEntries(load.examples))}`)
    expect(load.receipts.length).toBeGreaterThan(0)
    failed = false
  }, 200_000)
})
