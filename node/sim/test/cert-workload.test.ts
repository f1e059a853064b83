// The certification workload of the simulator, run through CertApp alone:
// in generation order every transaction gets the result it is labelled
// with (so the traffic really reaches the verdicts it names), the same seed
// gives the same bytes and the same state, any order and any repetition
// (what a faulty network and retrying clients make of it) still commits
// every transaction, and a replay of the chain gives the live state.
import { describe, expect, test } from 'vitest'
import { buildBlock, type OpenedBlock } from '../../../protocols/block.ts'
import { toHex } from '../../../protocols/bytes.ts'
import { decodeAuthVerdict, Verdict } from '../../../protocols/cert.ts'
import { decodeTxResult } from '../../../protocols/codec.ts'
import { nodeEd25519 } from '../../../protocols/ed25519-node.ts'
import { makeGenesis, type Genesis } from '../../../protocols/genesis.ts'
import { ResultCode, type CheckedTransaction } from '../../../protocols/tx.ts'
import type { SimAppPlugin as ConsensusSimAppPlugin } from '../../../consensus/sim/app-plugin.ts'
import { CertApp } from '../../state/cert-app.ts'
import { certAppPlugin, certWorkload, type GeneratedTx } from '../cert-workload.ts'

const ed = nodeEd25519
/** The simulator's first instant (consensus/sim/simulator.ts startMs). */
const startMs = 60_000

/** mulberry32: a seeded [0,1) source, as the simulator hands the workload. */
function seeded (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The genesis the simulator makes: its validators, the plugin's vendors and params over its defaults. */
function genesisOf (chainId: string): Genesis {
  const extra = certAppPlugin.genesis(chainId)
  return makeGenesis(chainId, [new Uint8Array(32).fill(9)], 0, { lockoutFailures: 5, ...extra.params }, extra.vendors)
}

interface Generated extends GeneratedTx { atMs: number }

function generate (seed: number, count: number, chainId = `sim-${seed}`): Generated[] {
  const random = seeded(seed)
  const clock = seeded(seed ^ 0x7e11)
  const w = certWorkload(ed, chainId, random)
  let now = startMs
  return Array.from({ length: count }, () => {
    now += 20 + Math.floor(clock() * 280)
    return { ...w.generate(now), atMs: now }
  })
}

/** One application's chain, as cert-app.test.ts builds it: execute, build, commit. */
class Chain {
  readonly app: CertApp
  readonly blocks: OpenedBlock[] = []
  /** The state digest after each height. */
  readonly digests: string[] = []
  private lastMs = 0
  constructor (readonly chainId: string) { this.app = certAppPlugin.makeApp(ed, genesisOf(chainId)) as CertApp }

  /** Blocks of 1-5 transactions, each stamped `offsetMs` from the generation time of its last one (monotonic, as checkLink wants). */
  feed (txs: Generated[], offsetMs: number, seed = 1): Array<{ code: number, data: Uint8Array }> {
    const sizes = seeded(seed ^ 0xb10c)
    const results: Array<{ code: number, data: Uint8Array }> = []
    for (let i = 0; i < txs.length;) {
      const batch = txs.slice(i, i + 1 + Math.floor(sizes() * 5))
      i += batch.length
      this.lastMs = Math.max(this.lastMs + 1, (batch.at(-1) as Generated).atMs + offsetMs)
      const checked: CheckedTransaction[] = batch.map(t => this.app.checkTx(t.bytes))
      const ctx = { height: this.blocks.length + 1, timestampMs: this.lastMs }
      const out = this.app.execute(ctx, checked)
      const block = buildBlock({ chainId: this.chainId, height: ctx.height, prevHash: new Uint8Array(32), timestampMs: ctx.timestampMs, proposer: 0, view: 0 },
        batch.map(t => t.bytes), out)
      this.app.commit(block)
      this.blocks.push(block)
      this.digests.push(toHex(this.app.digest()))
      results.push(...out.map(r => decodeTxResult(r)))
    }
    return results
  }

  /** A fresh state from the blocks alone (commit without execute: sync and restarts). */
  replay (): CertApp {
    const fresh = certAppPlugin.makeApp(ed, genesisOf(this.chainId)) as CertApp
    for (const b of this.blocks) fresh.commit(b)
    return fresh
  }
}

const outcome = (r: { code: number, data: Uint8Array }, t: GeneratedTx): string =>
  'verdict' in t.expected ? (r.code === ResultCode.ok ? decodeAuthVerdict(r.data).verdict : `code ${r.code}`) : (r.code === ResultCode.ok ? 'ok' : r.code === ResultCode.rejected ? 'rejected' : `code ${r.code}`)
const wanted = (t: GeneratedTx): string => 'verdict' in t.expected ? t.expected.verdict : t.expected.code

describe('the certification workload through CertApp', () => {
  const chainId = 'sim-7'
  const txs = generate(7, 200, chainId)

  test('is the simulator\'s plugin (the same interface as consensus/sim/app-plugin.ts)', () => {
    const plugin: ConsensusSimAppPlugin = certAppPlugin
    const app = plugin.makeApp(ed, genesisOf(chainId))
    expect(app.digest()).toHaveLength(32)
    expect(genesisOf(chainId).params.lockoutFailures).toBe(3)
  })

  // Block times at the generation time, lagging by 45 s (a faulty network) or leading by 5 s (a proposer's skew).
  for (const offsetMs of [0, 1500, -45_000, 5000]) {
    test(`in generation order, every transaction gets its expected result (block times ${offsetMs} ms off)`, () => {
      const results = new Chain(chainId).feed(txs, offsetMs)
      const got = results.map((r, i) => `${i} ${txs[i].label}: ${outcome(r, txs[i])}`)
      expect(got).toEqual(txs.map((t, i) => `${i} ${t.label}: ${wanted(t)}`))
    })
  }

  test('covers every kind and verdict: grants, failures, lock-out and unlock, every revocation', () => {
    const results = new Chain(chainId).feed(txs, 1000)
    const verdicts = new Set<string>()
    let locks = 0
    results.forEach((r, i) => {
      if (!('verdict' in txs[i].expected)) return
      const v = decodeAuthVerdict(r.data)
      verdicts.add(v.verdict)
      if (v.locked && v.verdict !== Verdict.LOCKED) locks++
    })
    const all = Object.values(Verdict).filter(v => typeof v === 'string' && v !== Verdict.VERDICT_UNSPECIFIED)
    expect([...verdicts].sort()).toEqual([...all].sort())
    expect(locks).toBeGreaterThan(0)
    const labels = new Set(txs.map(t => t.label))
    for (const l of ['cert:publish-release', 'cert:register-device', 'cert:register-user', 'cert:register-user-unlock', 'cert:register-user-update',
      'cert:revoke-registration', 'cert:revoke-device', 'cert:revoke-release', 'cert:attempt-while-locked', 'cert:attempt-replayed']) {
      expect(labels).toContain(l)
    }
    const unlocks = txs.flatMap((t, i) => t.label === 'cert:register-user-unlock' ? [results[i].code] : [])
    expect(unlocks.length).toBeGreaterThan(0)
    expect(unlocks.every(c => c === ResultCode.ok)).toBe(true)
  })

  test('counts what it generated, by kind; holds a bounded client state however long it runs', () => {
    const w = certWorkload(ed, chainId, seeded(7))
    const sizes: number[] = []
    for (let i = 0; i < 3000; i++) {
      w.next(startMs + i * 100)
      sizes.push(w.size())
    }
    const counts = w.counts()
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3000)
    expect(Object.keys(counts).every(k => k.startsWith('cert:'))).toBe(true)
    // At most 4 releases of each of the 2 shared apps, about 2 x 12 devices and pairings, 3 episodes and what they hold.
    expect(Math.max(...sizes)).toBeLessThan(60)
    expect(Math.max(...sizes.slice(2000))).toBeLessThanOrEqual(Math.max(...sizes.slice(0, 1000)) + 10)
  })
})

describe('determinism', () => {
  test('the same seed gives the same bytes and the same state digest at every height; another seed differs', () => {
    const a = generate(11, 200)
    const b = generate(11, 200)
    expect(b.map(t => toHex(t.bytes))).toEqual(a.map(t => toHex(t.bytes)))
    const digests = (txs: Generated[]): string[] => { const c = new Chain('sim-11'); c.feed(txs, 800); return c.digests }
    expect(digests(b)).toEqual(digests(a))
    expect(generate(12, 20, 'sim-11').map(t => toHex(t.bytes))).not.toEqual(a.slice(0, 20).map(t => toHex(t.bytes)))
  })

  test('replaying the blocks into a fresh CertApp gives the same digest (commit without execute, as sync and restarts do)', () => {
    const live = new Chain('sim-13')
    live.feed(generate(13, 200), 700)
    const fresh = live.replay()
    expect(toHex(fresh.digest())).toBe(toHex(live.app.digest()))
    expect(fresh.height).toBe(live.app.height)
  })
})

describe('what the simulator makes of it', () => {
  test('in any order, with repeats: every transaction is executed and committed (the liveness check), the same on a replay', () => {
    const chainId = 'sim-21'
    const txs = generate(21, 200, chainId)
    // Shuffled within windows of 20 (delay and reordering), with a tenth sent again later (a retry after a lost receipt).
    const order = seeded(99)
    const shuffled: Generated[] = []
    for (let i = 0; i < txs.length; i += 20) {
      const window = txs.slice(i, i + 20)
      for (let j = window.length - 1; j > 0; j--) {
        const k = Math.floor(order() * (j + 1))
        ;[window[j], window[k]] = [window[k], window[j]]
      }
      shuffled.push(...window)
    }
    const again = txs.filter(() => order() < 0.1)
    const live = new Chain(chainId)
    const firstResults = live.feed(shuffled, 2000, 3)
    const retried = live.feed(again.map(t => ({ ...t, atMs: t.atMs + 30_000 })), 2000, 4)
    expect(retried.every(r => r.code === ResultCode.duplicate)).toBe(true)
    for (const t of txs) expect(live.app.isCommitted(live.app.checkTx(t.bytes).id)).toBe(true)
    expect(live.app.committedCount).toBe(txs.length)
    // Out of order, many results differ from the labels (a failing result is fine), yet some grants still happen.
    expect(firstResults.some((r, i) => 'verdict' in shuffled[i].expected && decodeAuthVerdict(r.data).verdict === Verdict.GRANTED)).toBe(true)
    expect(toHex(live.replay().digest())).toBe(toHex(live.app.digest()))
  })
})
