import { describe, expect, it } from 'vitest'
import { bytesEqual } from '../../protocols/bytes.ts'
import { verifyCommitCertificate } from '../../protocols/certificate.ts'
import { decodeCommitCertificate, decodeConsensusMessage, decodeVoteBody, encode, MessageType } from '../../protocols/codec.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { openConsensusMessage, signCheckpoint, signVote } from '../../protocols/messages.ts'
import { buildBlock } from '../../protocols/block.ts'
import { Cluster, chainId } from './harness.ts'
import { OpaqueApp } from '../app.ts'

describe('Replica, normal case', () => {
  it('commits a submitted transaction on every replica with a valid certificate', () => {
    const c = new Cluster(4)
    c.submit(2, c.tx('hello'))
    c.run()
    expect(c.heights()).toEqual([1, 1, 1, 1])
    for (const commits of c.commits) {
      const { block, certificate } = commits[0]
      expect(bytesEqual(block.hash, c.commits[0][0].block.hash)).toBe(true)
      expect(() => verifyCommitCertificate(nodeEd25519, c.set, decodeCommitCertificate(certificate), { height: 1, blockHash: block.hash })).not.toThrow()
      expect(bytesEqual(block.header.prevHash, c.genesisHash)).toBe(true)
    }
  })

  it('proposes as soon as there is work and batches what arrived meanwhile, within the count bound', () => {
    const c = new Cluster(4)
    // Hold the network: all 10 transactions reach replica 0 before any block goes out.
    for (let i = 0; i < 10; i++) c.submit(0, c.tx(`t${i}`))
    const first = c.commits[0].length
    c.run()
    expect(first).toBe(0)
    const txCounts = c.commits[1].map(x => x.block.header.txCount)
    expect(txCounts.reduce((a, b) => a + b, 0)).toBe(10)
    expect(txCounts[0]).toBe(1) // the first transaction was proposed at once, alone
    expect(c.heights()).toEqual([txCounts.length, txCounts.length, txCounts.length, txCounts.length])
  })

  it('does not commit without a quorum, and does once the quorum is back', () => {
    const c = new Cluster(4)
    const down = new Set([2, 3])
    c.submit(0, c.tx())
    c.run(down)
    expect(c.heights()).toEqual([0, 0, 0, 0])
    c.advance(500, new Set([3]))
    expect(c.heights().slice(0, 3)).toEqual([1, 1, 1])
  })

  it('refuses a message with a bad signature with a typed reason and changes nothing', () => {
    const c = new Cluster(4)
    const vote = signVote(nodeEd25519, c.keys[1], chainId, MessageType.PREPARE, { view: 0, height: 1, replica: 1, blockHash: new Uint8Array(32) })
    const m = decodeConsensusMessage(vote)
    const sig = m.signature.slice(); sig[0] ^= 1
    const effects = c.replicas[0].step({ kind: 'message', nowMs: 1, bytes: encode.consensusMessage({ ...m, signature: sig }) })
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'rejected', code: 'BAD_SIGNATURE' }))
    const garbage = c.replicas[0].step({ kind: 'message', nowMs: 2, bytes: new Uint8Array([1, 2, 3]) })
    expect(garbage).toContainEqual(expect.objectContaining({ kind: 'rejected', code: 'MALFORMED' }))
    expect(c.replicas[0].stats.rejected).toBe(2)
  })

  it('sends a checkpoint every interval and makes it stable with a quorum', () => {
    const c = new Cluster(4)
    for (let i = 0; i < 4; i++) { c.submit(i % 4, c.tx(`c${i}`)); c.run() }
    expect(c.heights()).toEqual([4, 4, 4, 4])
    expect(c.replicas.map(r => r.stableCheckpoint)).toEqual([4, 4, 4, 4])
  })
})

describe('Replica, view change', () => {
  it('replaces a crashed primary after the timeout and commits in the new view', () => {
    const c = new Cluster(4)
    const down = new Set([0])
    c.submit(1, c.tx('while the primary is down'))
    c.run(down)
    expect(c.heights()).toEqual([0, 0, 0, 0])
    c.advance(2500, down)
    expect(c.replicas.slice(1).map(r => r.currentView)).toEqual([1, 1, 1])
    expect(c.heights().slice(1)).toEqual([1, 1, 1])
    expect(c.commits[1][0].block.header.proposer).toBe(1)
  })

  it('re-proposes a prepared block in the new view (no prepared block is lost)', () => {
    const c = new Cluster(4)
    // Let everything through except COMMITs: replicas prepare but cannot commit in view 0.
    c.filter = w => decodeConsensusMessage(w.bytes).type !== MessageType.COMMIT
    c.submit(0, c.tx('prepared in view 0'))
    c.run()
    expect(c.heights()).toEqual([0, 0, 0, 0])
    const preparedHash = c.effects[1].find(e => e.kind === 'persist' && e.safety.prepared !== undefined)
    expect(preparedHash).toBeDefined()
    // COMMITs of view 0 stay lost (even when re-sent): only a new view can finish the height.
    c.filter = w => { const m = decodeConsensusMessage(w.bytes); return m.type !== MessageType.COMMIT || decodeVoteBody(m.body).view > 0 }
    c.advance(3000)
    expect(c.heights()).toEqual([1, 1, 1, 1])
    const committed = c.commits[2][0]
    expect(committed.block.header.view).toBe(0) // the block of view 0, committed in a later view
    expect(decodeCommitCertificate(committed.certificate).view).toBeGreaterThan(0)
  })

  it('detects an equivocating primary, keeps both signed messages as evidence and changes view', () => {
    const c = new Cluster(4)
    const tx = c.tx('a')
    c.submit(0, tx)
    const pp = c.wire.find(w => decodeConsensusMessage(w.bytes).type === MessageType.PRE_PREPARE)
    expect(pp).toBeDefined()
    c.wire.length = 0
    // A second block for the same view and height, validly signed by the primary.
    const first = openConsensusMessage(nodeEd25519, c.set, (pp as { bytes: Uint8Array }).bytes)
    if (first.type !== MessageType.PRE_PREPARE || first.block === undefined) throw new Error('expected a pre-prepare')
    const h = first.block.header
    const other = buildBlock({ chainId, height: 1, prevHash: h.prevHash, timestampMs: h.timestampMs + 1, proposer: 0, view: 0 }, first.block.block.txs, first.block.block.results)
    const second = signVote(nodeEd25519, c.keys[0], chainId, MessageType.PRE_PREPARE, { view: 0, height: 1, replica: 0, blockHash: other.hash }, other.bytes)
    c.apply(1, c.replicas[1].step({ kind: 'message', nowMs: c.now, bytes: (pp as { bytes: Uint8Array }).bytes }))
    const effects = c.replicas[1].step({ kind: 'message', nowMs: c.now, bytes: second })
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'evidence', offender: 0 }))
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'view', view: 1, changing: true }))
    expect(c.replicas[1].evidence).toHaveLength(1)
  })
  it('refuses a proposal over the genesis byte bound, even within the count bound and the wire limit', () => {
    const c = new Cluster(4)
    // 18 transactions of 60 KiB: 1.08 MB of transaction bytes, over blockTxBytesMax (1 MiB), under the count bound.
    const txs = Array.from({ length: 18 }, (_, i) => c.tx(String(i % 10).repeat(60 * 1024)))
    const app = new OpaqueApp(nodeEd25519, chainId)
    const results = app.execute({ height: 1, timestampMs: c.now }, txs.map(t => app.checkTx(t)))
    const big = buildBlock({ chainId, height: 1, prevHash: c.genesisHash, timestampMs: c.now, proposer: 0, view: 0 }, txs, results)
    const pp = signVote(nodeEd25519, c.keys[0], chainId, MessageType.PRE_PREPARE, { view: 0, height: 1, replica: 0, blockHash: big.hash }, big.bytes)
    const effects = c.replicas[1].step({ kind: 'message', nowMs: c.now, bytes: pp })
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'rejected', code: 'INVALID_PROPOSAL', reason: 'block holds more transaction bytes than the parameters allow' }))
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'view', view: 1, changing: true }))
    expect(effects.some(e => e.kind === 'broadcast' && decodeConsensusMessage(e.bytes).type === MessageType.PREPARE)).toBe(false)
  })
})

describe('Replica, restart', () => {
  it('catches up by sync after missing blocks and never votes twice differently after a restart', () => {
    const c = new Cluster(4)
    const down = new Set([3])
    for (let i = 0; i < 5; i++) { c.submit(0, c.tx(`m${i}`)); c.run(down) }
    expect(c.heights()).toEqual([5, 5, 5, 0])
    c.restart(3)
    // Replica 3 hears of height 6 and asks for what it misses.
    c.submit(0, c.tx('after restart'))
    c.run()
    const sync = c.effects[3].find(e => e.kind === 'sync')
    expect(sync).toBeDefined()
    if (sync?.kind !== 'sync') throw new Error('unreachable')
    for (const { block, certificate } of c.commits[sync.from].slice(sync.fromHeight - 1)) {
      c.apply(3, c.replicas[3].step({ kind: 'synced', nowMs: c.now, block, certificate }))
    }
    c.advance(1000)
    expect(c.heights()).toEqual([6, 6, 6, 6])
    for (let h = 0; h < 6; h++) expect(bytesEqual(c.commits[3][h].block.hash, c.commits[0][h].block.hash)).toBe(true)
  })

  it('a replica syncing far behind votes no checkpoints, unless only one (possibly faulty) replica says it is far behind', () => {
    const checkpointsSent = (claimants: number[]): number => {
      const c = new Cluster(4)
      for (let i = 0; i < 12; i++) { c.submit(0, c.tx(`t${i}`)); c.run(new Set([3])) }
      expect(c.heights()).toEqual([12, 12, 12, 0])
      // Signed claims of height 1,000 (checkpoint interval 2, window 4 in the harness).
      for (const r of claimants) {
        const claim = signCheckpoint(nodeEd25519, c.keys[r], chainId, { height: 1000, replica: r, blockHash: new Uint8Array(32).fill(r + 1) })
        c.replicas[3].step({ kind: 'message', nowMs: c.now, bytes: claim })
      }
      let sent = 0
      for (const { block, certificate } of c.commits[0]) {
        for (const e of c.replicas[3].step({ kind: 'synced', nowMs: c.now, block, certificate })) {
          if (e.kind === 'broadcast' && decodeConsensusMessage(e.bytes).type === MessageType.CHECKPOINT) sent++
        }
      }
      expect(c.replicas[3].head.height).toBe(12)
      return sent
    }
    // f + 1 = 2 replicas claim 1,000: one of them is honest, the others are past heights 2..12.
    expect(checkpointsSent([1, 2])).toBe(0)
    // One claim alone may be a lie: every checkpoint height synced is voted, as without the claim.
    expect(checkpointsSent([2])).toBe(6)
    expect(checkpointsSent([])).toBe(6)
  })

  it('refuses a synced block whose certificate does not verify', () => {
    const c = new Cluster(4)
    c.submit(0, c.tx()); c.run(new Set([3]))
    const { block, certificate } = c.commits[0][0]
    const cert = decodeCommitCertificate(certificate)
    const forged = encode.commitCertificate({ ...cert, signatures: cert.signatures.slice(0, 2) })
    const effects = c.replicas[3].step({ kind: 'synced', nowMs: c.now, block, certificate: forged })
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'rejected', code: 'NOT_ENOUGH_SIGNATURES' }))
    expect(c.replicas[3].head.height).toBe(0)
  })
})

describe('Replica, a validator reachable again (peer-up)', () => {
  it('tells it our head: a replica left behind syncs from the answer at once, without waiting for an idle status', () => {
    const c = new Cluster(4)
    const down = new Set([3])
    for (let i = 0; i < 3; i++) { c.submit(0, c.tx(`t${i}`)); c.run(down) }
    expect(c.heights()).toEqual([3, 3, 3, 0])
    // Replica 3 is at height 0 and has no head to sign; replica 0 is told 3 is up: it sends 3 its head.
    const effects = c.replicas[0].step({ kind: 'peer-up', nowMs: c.now, replica: 3 })
    const sent = effects.filter(e => e.kind === 'send')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ kind: 'send', to: 3 })
    const m = decodeConsensusMessage((sent[0] as { bytes: Uint8Array }).bytes)
    expect(m.type).toBe(MessageType.CHECKPOINT)
    // Delivered, it makes 3 ask 0 for the blocks it lacks.
    const asked = c.replicas[3].step({ kind: 'message', nowMs: c.now, bytes: (sent[0] as { bytes: Uint8Array }).bytes })
    expect(asked).toContainEqual({ kind: 'sync', from: 0, fromHeight: 1 })
    // Once per resend period per peer; never to itself; an index outside the set is a bug of the caller.
    expect(c.replicas[0].step({ kind: 'peer-up', nowMs: c.now, replica: 3 }).filter(e => e.kind === 'send')).toHaveLength(0)
    expect(c.replicas[0].step({ kind: 'peer-up', nowMs: c.now, replica: 0 }).filter(e => e.kind === 'send')).toHaveLength(0)
    expect(() => c.replicas[0].step({ kind: 'peer-up', nowMs: c.now, replica: 4 })).toThrow(RangeError)
    expect(c.replicas[3].step({ kind: 'peer-up', nowMs: c.now, replica: 0 }).filter(e => e.kind === 'send')).toHaveLength(0)
  })
})
