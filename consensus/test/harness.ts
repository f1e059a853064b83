// A tiny in-process driver for unit tests of the replica: instant, lossless
// delivery in FIFO order unless a test intercepts messages.
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8 } from '../../protocols/bytes.ts'
import { makeValidatorSet, type ValidatorSet } from '../../protocols/certificate.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { genesisHash, makeGenesis } from '../../protocols/genesis.ts'
import { keyPairFromSeed, type KeyPair } from '../../protocols/sign.ts'
import { signTransaction, TxKind } from '../../protocols/tx.ts'
import { OpaqueApp } from '../app.ts'
import { defaultConsensusParams, type ConsensusParams } from '../constants.ts'
import { Replica } from '../replica.ts'
import type { Effect, Head, SafetyState } from '../types.ts'
import type { OpenedBlock } from '../../protocols/block.ts'

export const chainId = 'unit-chain'
export const params: ConsensusParams = { ...defaultConsensusParams, viewTimeoutMs: 1000, resendMs: 300, checkpointIntervalBlocks: 2, windowBlocks: 4 }

export interface Wire { from: number, to: number, bytes: Uint8Array }

export class Cluster {
  readonly keys: KeyPair[]
  readonly set: ValidatorSet
  readonly genesisHash: Uint8Array
  readonly replicas: Replica[] = []
  readonly apps: OpaqueApp[] = []
  readonly commits: Array<Array<{ block: OpenedBlock, certificate: Uint8Array }>> = []
  readonly safety: Array<SafetyState | undefined> = []
  readonly effects: Effect[][] = []
  readonly wire: Wire[] = []
  now = 1000
  /** Return false to drop a message. */
  filter: (w: Wire) => boolean = () => true
  private nonce = 0
  private readonly clientKey = keyPairFromSeed(sha256(utf8('unit-client')), nodeEd25519)

  constructor (readonly n: number) {
    this.keys = Array.from({ length: n }, (_, i) => keyPairFromSeed(sha256(utf8(`unit-validator-${i}`)), nodeEd25519))
    this.set = makeValidatorSet(chainId, this.keys.map(k => k.publicKey))
    this.genesisHash = genesisHash(makeGenesis(chainId, this.keys.map(k => k.publicKey), 0))
    for (let i = 0; i < n; i++) {
      this.commits.push([])
      this.effects.push([])
      this.safety.push(undefined)
      this.apps.push(new OpaqueApp(nodeEd25519, chainId))
      this.replicas.push(this.make(i, { height: 0, hash: this.genesisHash, timestampMs: 0 }))
    }
  }

  make (i: number, head: Head, safety?: SafetyState): Replica {
    return new Replica({ index: i, key: this.keys[i], validators: this.set, genesisHash: this.genesisHash, genesisTimeMs: 0, ed: nodeEd25519, app: this.apps[i], params }, { head, safety })
  }

  /** Restarts replica i from its commits and persisted safety state. */
  restart (i: number): void {
    this.apps[i] = new OpaqueApp(nodeEd25519, chainId)
    for (const c of this.commits[i]) this.apps[i].commit(c.block)
    const last = this.commits[i].at(-1)
    const head = last === undefined ? { height: 0, hash: this.genesisHash, timestampMs: 0 } : { height: last.block.header.height, hash: last.block.hash, timestampMs: last.block.header.timestampMs }
    this.replicas[i] = this.make(i, head, this.safety[i])
  }

  tx (payload = 'x'): Uint8Array {
    return signTransaction(nodeEd25519, this.clientKey, chainId, { kind: TxKind.opaque, nonce: ++this.nonce, payload: utf8(payload) })
  }

  apply (i: number, effects: Effect[]): void {
    this.effects[i].push(...effects)
    for (const e of effects) {
      if (e.kind === 'broadcast') for (let to = 0; to < this.n; to++) { if (to !== i) this.wire.push({ from: i, to, bytes: e.bytes }) }
      if (e.kind === 'send') this.wire.push({ from: i, to: e.to, bytes: e.bytes })
      if (e.kind === 'gossip-tx') for (let to = 0; to < this.n; to++) { if (to !== i) this.apply(to, this.replicas[to].step({ kind: 'tx', nowMs: this.now, bytes: e.bytes, fromClient: false })) }
      if (e.kind === 'persist') this.safety[i] = e.safety
      if (e.kind === 'commit') this.commits[i].push({ block: e.block, certificate: e.certificate })
    }
  }

  submit (to: number, bytes: Uint8Array): void {
    this.apply(to, this.replicas[to].step({ kind: 'tx', nowMs: this.now, bytes, fromClient: true }))
  }

  /** Delivers queued messages until none is left (bounded). */
  run (down: Set<number> = new Set(), stepsMax = 100_000): void {
    let steps = 0
    while (this.wire.length > 0) {
      if (++steps > stepsMax) throw new Error('message storm')
      const w = this.wire.shift() as Wire
      if (down.has(w.to) || down.has(w.from) || !this.filter(w)) continue
      this.apply(w.to, this.replicas[w.to].step({ kind: 'message', nowMs: this.now, bytes: w.bytes }))
    }
  }

  /** Advances time by `ms` in ticks of `stepMs`, delivering messages in between. */
  advance (ms: number, down: Set<number> = new Set(), stepMs = 50): void {
    const end = this.now + ms
    while (this.now < end) {
      this.now += stepMs
      for (let i = 0; i < this.n; i++) if (!down.has(i)) this.apply(i, this.replicas[i].step({ kind: 'tick', nowMs: this.now }))
      this.run(down)
    }
  }

  heights (): number[] { return this.replicas.map(r => r.head.height) }
}
