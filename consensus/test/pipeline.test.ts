// The pipeline's ordering rules, one at a time, on a one-validator network
// whose ports complete only when the test says so: a safety record waits for
// the chain below its height, messages wait for the record of their step,
// commit waiters wait for the disk, refused submissions leave no waiter, and
// stop() waits for the I/O in flight. (The simulator drives the same code
// under crashes; these pin each rule down where it can be read.)
import { sha256 } from '@noble/hashes/sha2.js'
import { describe, expect, it } from 'vitest'
import { utf8 } from '../../protocols/bytes.ts'
import type { OpenedBlock } from '../../protocols/block.ts'
import { makeValidatorSet } from '../../protocols/certificate.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { genesisHash, makeGenesis } from '../../protocols/genesis.ts'
import { keyPairFromSeed } from '../../protocols/sign.ts'
import { signTransaction, TxKind, type CheckedTransaction } from '../../protocols/tx.ts'
import { OpaqueApp } from '../app.ts'
import { defaultConsensusParams } from '../constants.ts'
import { Pipeline, PipelineError } from '../pipeline.ts'
import { Replica } from '../replica.ts'
import type { SafetyState, TxAdmission } from '../types.ts'

const chainId = 'pipeline-test'

/** Validator `index` of `n` (alone, n = 1, it commits by itself; a backup of 4 only collects transactions). */
function setup (limits: Partial<{ commitWaitersMax: number, pendingTxCountMax: number }> = {}, n = 1, index = 0) {
  const keys = Array.from({ length: n }, (_, i) => keyPairFromSeed(sha256(utf8(`pipeline-validator-${i}`)), nodeEd25519))
  const key = keys[index]
  const set = makeValidatorSet(chainId, keys.map(k => k.publicKey))
  const gh = genesisHash(makeGenesis(chainId, keys.map(k => k.publicKey), 0))
  const app = new OpaqueApp(nodeEd25519, chainId)
  const replica = new Replica({
    index, key, validators: set, genesisHash: gh, genesisTimeMs: 0, ed: nodeEd25519, app,
    params: { ...defaultConsensusParams, pendingTxCountMax: limits.pendingTxCountMax ?? defaultConsensusParams.pendingTxCountMax }
  }, { head: { height: 0, hash: gh, timestampMs: 0 } })
  const sent: Uint8Array[] = []
  const safetyWrites: Array<{ state: SafetyState, done: () => void }> = []
  const appends: Array<{ block: OpenedBlock, done: () => void }> = []
  let now = 1000
  const pipeline = new Pipeline(replica, {
    network: { broadcast: b => { sent.push(b) }, send: (_to, b) => { sent.push(b) }, gossipTx: () => {}, requestSync: () => {} },
    safety: { write: (state, done) => { safetyWrites.push({ state, done }) } },
    chain: { append: (block, _certificate, done) => { appends.push({ block, done }) } },
    clock: { now: () => now, setTimer: () => {} }
  }, { inboxMessagesMax: 100, txInboxMax: 100, appendsInFlightMax: 8, commitWaitersMax: limits.commitWaitersMax ?? 100 })
  let nonce = 0
  const client = keyPairFromSeed(sha256(utf8('pipeline-client')), nodeEd25519)
  const tx = (): CheckedTransaction => app.checkTx(signTransaction(nodeEd25519, client, chainId, { kind: TxKind.opaque, nonce: ++nonce, payload: utf8('x') }))
  return { pipeline, sent, safetyWrites, appends, tx, tick: (ms: number) => { now += ms } }
}

describe('pipeline', () => {
  it('holds the messages of a step until its safety record is durable, and a receipt until the block is', () => {
    const t = setup()
    const admissions: TxAdmission[] = []
    const receipts: number[] = []
    t.pipeline.submit(t.tx(), a => { admissions.push(a) }, block => { receipts.push(block.header.height) })
    expect(admissions).toEqual(['added'])
    // One validator: propose, prepare, commit in one step; its record is being written.
    expect(t.safetyWrites).toHaveLength(1)
    expect(t.safetyWrites[0].state.height).toBe(1)
    expect(t.sent).toHaveLength(0)
    expect(t.appends).toHaveLength(1)
    expect(receipts).toEqual([])
    t.appends[0].done()
    expect(receipts).toEqual([1])
    expect(t.sent).toHaveLength(0)
    t.safetyWrites[0].done()
    expect(t.sent.length).toBeGreaterThan(0)
  })

  it('writes the record of height h only once the chain is durable up to h - 1', () => {
    const t = setup()
    t.pipeline.submit(t.tx(), () => {})
    t.safetyWrites[0].done()
    expect(t.appends).toHaveLength(1)
    // Height 1 is committed, not yet durable: the proposal of height 2 must wait for it.
    t.tick(5)
    t.pipeline.submit(t.tx(), () => {})
    expect(t.pipeline.queuedTxs).toBe(0)
    expect(t.safetyWrites).toHaveLength(1)
    t.appends[0].done()
    expect(t.safetyWrites).toHaveLength(2)
    expect(t.safetyWrites[1].state.height).toBe(2)
  })

  it('steps nothing more while a record is being written: messages leave in step order', () => {
    const t = setup()
    t.pipeline.submit(t.tx(), () => {})
    const admissions: TxAdmission[] = []
    t.pipeline.submit(t.tx(), a => { admissions.push(a) })
    expect(admissions).toEqual([])
    expect(t.pipeline.queuedTxs).toBe(1)
    t.safetyWrites[0].done()
    expect(admissions).toEqual(['added'])
  })

  it('admits the transactions queued behind a blocked step together: the next block holds them all', () => {
    const t = setup()
    t.pipeline.submit(t.tx(), () => {})
    // Height 1's record is being written; ten more arrive meanwhile.
    const admissions: TxAdmission[] = []
    for (let i = 0; i < 10; i++) t.pipeline.submit(t.tx(), a => { admissions.push(a) })
    expect(t.pipeline.queuedTxs).toBe(10)
    t.safetyWrites[0].done()
    t.appends[0].done()
    // One step admitted all ten, then one proposal of height 2 with all of them (not ten blocks of one).
    expect(admissions).toEqual(Array(10).fill('added'))
    expect(t.appends).toHaveLength(2)
    expect(t.appends[1].block.header.height).toBe(2)
    expect(t.appends[1].block.block.txs).toHaveLength(10)
  })

  it('a submission refused as full leaves no waiter; the waiter cap is enforced', () => {
    // A backup of a 4-validator network that hears from no one: its mempool fills.
    const t = setup({ pendingTxCountMax: 2, commitWaitersMax: 3 }, 4, 1)
    const admissions: TxAdmission[] = []
    for (let i = 0; i < 3; i++) t.pipeline.submit(t.tx(), a => { admissions.push(a) }, () => {})
    expect(admissions).toEqual(['added', 'added', 'full'])
    expect(t.pipeline.waiterCount).toBe(2)
    t.pipeline.submit(t.tx(), a => { admissions.push(a) }, () => {})
    expect(admissions[3]).toBe('full')
    expect(t.pipeline.waiterCount).toBe(2)
    // Without a commit callback nothing is registered.
    t.pipeline.submit(t.tx(), () => {})
    expect(t.pipeline.waiterCount).toBe(2)
    const capped = setup({ commitWaitersMax: 1 }, 4, 1)
    capped.pipeline.submit(capped.tx(), () => {}, () => {})
    expect(() => capped.pipeline.submit(capped.tx(), () => {}, () => {})).toThrow(PipelineError)
  })

  it('stop() waits for the record and the appends in flight', () => {
    const t = setup()
    t.pipeline.submit(t.tx(), () => {})
    let stopped = false
    t.pipeline.stop(() => { stopped = true })
    expect(stopped).toBe(false)
    t.safetyWrites[0].done()
    expect(stopped).toBe(false)
    t.appends[0].done()
    expect(stopped).toBe(true)
  })
})
