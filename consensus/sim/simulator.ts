// The deterministic simulator: n real Replicas in one process, simulated
// time, a seeded network that loses, duplicates, delays and reorders
// messages, partitions that come and heal, crashes with restarts from the
// replica's persisted state, and byzantine replicas. Invariants are checked
// after every step; a run is a pure function of its seed and options.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual, toHex, utf8 } from '../../protocols/bytes.ts'
import type { OpenedBlock } from '../../protocols/block.ts'
import { makeValidatorSet, verifyCommitCertificate, type ValidatorSet } from '../../protocols/certificate.ts'
import { decodeCommitCertificate, decodeTransaction } from '../../protocols/codec.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { genesisHash, makeGenesis } from '../../protocols/genesis.ts'
import { keyPairFromSeed, type KeyPair } from '../../protocols/sign.ts'
import { signTransaction, TxKind, txIdOf } from '../../protocols/tx.ts'
import { OpaqueApp } from '../app.ts'
import { defaultConsensusParams, type ConsensusParams } from '../constants.ts'
import { Replica } from '../replica.ts'
import type { Effect, Head, SafetyState } from '../types.ts'
import { byzantineModes, conflictingVote, equivocation, shiftedVote, withBadSignature, type ByzantineMode, type Forger } from '../byzantine.ts'
import { EventQueue } from './queue.ts'
import { Rng } from './rng.ts'
import { cachingEd25519 } from './verify-cache.ts'

export { byzantineModes, type ByzantineMode }

export interface SimOptions {
  seed: number
  /** Validators; by default drawn from the seed among 4, 7 and 10. */
  n?: number
  /** Simulated time during which faults happen. */
  faultPhaseMs?: number
  /** After the faults end, every transaction must be committed everywhere within this. */
  livenessBoundMs?: number
  txCount?: number
  /** Test only: replicas use a quorum of f+1 (a deliberately broken rule) to prove the simulator finds bugs. */
  brokenQuorum?: boolean
  /** Force byzantine replicas (otherwise drawn from the seed). */
  byzantine?: ByzantineMode[]
  /** Disable classes of faults. */
  noCrashes?: boolean
  noPartitions?: boolean
  trace?: (line: string) => void
}

export interface SimResult {
  seed: number
  n: number
  f: number
  byzantine: Array<{ replica: number, mode: ByzantineMode }>
  faults: Record<string, number>
  /** Lowest committed height among honest replicas at the end. */
  height: number
  txSubmitted: number
  txCommitted: number
  violations: string[]
  simulatedMs: number
  steps: number
  viewChanges: number
  /** Simulated ms from the end of faults until everything was committed everywhere. */
  recoveryMs?: number
}

type Event =
  | { k: 'message', to: number, epoch: number, bytes: Uint8Array }
  | { k: 'tx', to: number, epoch: number, bytes: Uint8Array, fromClient: boolean }
  | { k: 'tick', to: number, epoch: number }
  | { k: 'synced', to: number, epoch: number, block: Uint8Array, certificate: Uint8Array }
  | { k: 'crash', node: number, downMs: number }
  | { k: 'restart', node: number }
  | { k: 'partition', groups: number[][], healMs: number }
  | { k: 'heal' }
  | { k: 'submit', tx: number }
  | { k: 'retry' }
  | { k: 'end-faults' }
  | { k: 'check' }

interface StoredRecord { block: OpenedBlock, certificate: Uint8Array }

interface SimNode {
  index: number
  key: KeyPair
  replica?: Replica
  epoch: number
  app: OpaqueApp
  /** What survives a crash: the chain store and the safety record. */
  store: StoredRecord[]
  safety?: SafetyState
  byzantine?: ByzantineMode
  /** byzantine 'replay': messages seen, to send again later. */
  seen: Uint8Array[]
  timerAtMs: number
}

const simParams: ConsensusParams = {
  ...defaultConsensusParams,
  blockTxCountMax: 64,
  viewTimeoutMs: 400,
  viewTimeoutMaxMs: 3200,
  resendMs: 200,
  checkpointIntervalBlocks: 4,
  windowBlocks: 8,
  syncRetryMs: 300,
  deferredPerReplicaMax: 32,
  evidenceCountMax: 32
}

const syncBatchBlocks = 16

export function pickValidatorCount (seed: number): number {
  const r = new Rng(seed ^ 0x5eed).int(0, 99)
  return r < 60 ? 4 : r < 85 ? 7 : 10
}

export class Simulation {
  readonly opts: Required<Omit<SimOptions, 'trace' | 'byzantine' | 'n'>> & { n: number }
  private readonly rng: Rng
  private readonly queue = new EventQueue<Event>()
  private readonly ed = cachingEd25519(nodeEd25519)
  private readonly nodes: SimNode[] = []
  private readonly set: ValidatorSet
  private readonly replicaSet: ValidatorSet
  private readonly chainId: string
  private readonly genesisHash: Uint8Array
  private readonly genesisTimeMs = 0
  private now = 1000
  private steps = 0
  private readonly faults: Record<string, number> = {}
  private readonly violations: string[] = []
  private readonly committed = new Map<number, string>()
  private groups?: number[][]
  private faultsOn = true
  private net = { lossP: 0, dupP: 0, delayMinMs: 1, delayMaxMs: 10 }
  private readonly txs: Array<{ bytes: Uint8Array, id: Uint8Array }> = []
  private readonly clientKey: KeyPair
  private recoveryMs?: number
  private done = false
  private readonly trace?: (line: string) => void

  constructor (options: SimOptions) {
    const n = options.n ?? pickValidatorCount(options.seed)
    this.opts = {
      seed: options.seed,
      n,
      faultPhaseMs: options.faultPhaseMs ?? 6000,
      livenessBoundMs: options.livenessBoundMs ?? 40_000,
      txCount: options.txCount ?? 40,
      brokenQuorum: options.brokenQuorum ?? false,
      noCrashes: options.noCrashes ?? false,
      noPartitions: options.noPartitions ?? false
    }
    this.trace = options.trace
    this.rng = new Rng(options.seed)
    this.chainId = `sim-${options.seed >>> 0}`
    const keys = Array.from({ length: n }, (_, i) => keyPairFromSeed(sha256(utf8(`${this.chainId}/validator/${i}`)), nodeEd25519))
    this.clientKey = keyPairFromSeed(sha256(utf8(`${this.chainId}/client`)), nodeEd25519)
    const genesis = makeGenesis(this.chainId, keys.map(k => k.publicKey), this.genesisTimeMs)
    this.genesisHash = genesisHash(genesis)
    this.set = makeValidatorSet(this.chainId, keys.map(k => k.publicKey))
    this.replicaSet = this.opts.brokenQuorum ? { ...this.set, quorum: this.set.f + 1 } : this.set
    const byzantine = this.chooseByzantine(options.byzantine)
    for (let i = 0; i < n; i++) {
      this.nodes.push({ index: i, key: keys[i], epoch: 0, app: new OpaqueApp(this.ed, this.chainId), store: [], seen: [], timerAtMs: -1, byzantine: byzantine.get(i) })
    }
    for (const node of this.nodes) this.boot(node)
    this.planFaults()
  }

  private chooseByzantine (forced?: ByzantineMode[]): Map<number, ByzantineMode> {
    const out = new Map<number, ByzantineMode>()
    const modes = forced ?? (this.rng.chance(0.6) ? Array.from({ length: this.rng.int(1, this.set.f) }, () => this.rng.pick(byzantineModes)) : [])
    const order = this.rng.shuffle([...Array(this.opts.n).keys()])
    modes.slice(0, this.set.f).forEach((mode, i) => {
      out.set(order[i], mode)
      this.count(`byzantine:${mode}`)
    })
    return out
  }

  private planFaults (): void {
    const { faultPhaseMs, txCount } = this.opts
    const r = this.rng
    this.net = {
      lossP: r.chance(0.7) ? r.next() * 0.25 : 0,
      dupP: r.chance(0.5) ? r.next() * 0.2 : 0,
      delayMinMs: r.int(1, 5),
      delayMaxMs: r.int(5, r.chance(0.3) ? 300 : 60)
    }
    const start = this.now
    for (let i = 0; i < txCount; i++) this.queue.push(start + r.int(0, faultPhaseMs), { k: 'submit', tx: i })
    if (!this.opts.noPartitions) {
      const episodes = r.int(0, 3)
      for (let i = 0; i < episodes; i++) {
        const order = r.shuffle([...Array(this.opts.n).keys()])
        const cut = r.int(1, this.opts.n - 1)
        this.queue.push(start + r.int(0, faultPhaseMs), { k: 'partition', groups: [order.slice(0, cut), order.slice(cut)], healMs: r.int(200, 3000) })
      }
    }
    if (!this.opts.noCrashes) {
      const episodes = r.int(0, 3)
      for (let i = 0; i < episodes; i++) {
        this.queue.push(start + r.int(0, faultPhaseMs), { k: 'crash', node: r.int(0, this.opts.n - 1), downMs: r.int(100, 3000) })
      }
    }
    this.queue.push(start + faultPhaseMs, { k: 'end-faults' })
    this.queue.push(start + 1000, { k: 'retry' })
  }

  private count (kind: string, by = 1): void { this.faults[kind] = (this.faults[kind] ?? 0) + by }
  private log (line: string): void { this.trace?.(`${String(this.now).padStart(7)} ${line}`) }

  private boot (node: SimNode): void {
    node.app = new OpaqueApp(this.ed, this.chainId)
    for (const r of node.store) node.app.commit(r.block)
    const last = node.store[node.store.length - 1]
    const head: Head = last === undefined
      ? { height: 0, hash: this.genesisHash, timestampMs: this.genesisTimeMs }
      : { height: last.block.header.height, hash: last.block.hash, timestampMs: last.block.header.timestampMs }
    node.replica = new Replica({
      index: node.index, key: node.key, validators: this.replicaSet, genesisHash: this.genesisHash, genesisTimeMs: this.genesisTimeMs,
      ed: this.ed, app: node.app, params: simParams
    }, { head, safety: node.safety })
    node.epoch++
    node.timerAtMs = -1
    this.queue.push(this.now, { k: 'tick', to: node.index, epoch: node.epoch })
  }

  private connected (a: number, b: number): boolean {
    if (this.groups === undefined) return true
    return this.groups.some(g => g.includes(a) && g.includes(b))
  }

  /** Puts one message on the simulated wire, with this run's faults. */
  private transmit (from: number, to: number, make: (epoch: number) => Event): void {
    const target = this.nodes[to]
    if (!this.connected(from, to)) { this.count('dropped:partition'); return }
    if (this.faultsOn && this.rng.chance(this.net.lossP)) { this.count('loss'); return }
    const copies = this.faultsOn && this.rng.chance(this.net.dupP) ? 2 : 1
    if (copies === 2) this.count('duplicate')
    for (let c = 0; c < copies; c++) {
      const delay = this.faultsOn ? this.rng.int(this.net.delayMinMs, this.net.delayMaxMs) : this.rng.int(1, 5)
      this.queue.push(this.now + delay, make(target.epoch))
    }
  }

  run (): SimResult {
    const endMs = this.now + this.opts.faultPhaseMs + this.opts.livenessBoundMs
    while (!this.done) {
      const item = this.queue.pop()
      if (item === undefined) break
      if (item.atMs > endMs) break
      this.now = item.atMs
      this.handle(item.event)
      if (this.violations.length > 200) break
    }
    if (!this.done && this.violations.length === 0) {
      this.violations.push(`liveness: not every transaction committed on every honest replica within ${this.opts.livenessBoundMs} ms after faults ended (${this.describeProgress()})`)
    }
    return this.result()
  }

  private describeProgress (): string {
    return this.honest().map(n => `r${n.index}: h=${n.store.length} v=${n.replica?.currentView ?? '-'}${n.replica?.isViewChanging === true ? '*' : ''} pending=${n.replica?.pendingTxCount ?? '-'} committed=${this.txs.filter(t => n.app.isCommitted(t.id)).length}`).join(', ')
  }

  private honest (): SimNode[] { return this.nodes.filter(n => n.byzantine === undefined) }

  private result (): SimResult {
    const honest = this.honest()
    return {
      seed: this.opts.seed,
      n: this.opts.n,
      f: this.set.f,
      byzantine: this.nodes.filter(n => n.byzantine !== undefined).map(n => ({ replica: n.index, mode: n.byzantine as ByzantineMode })),
      faults: { ...this.faults },
      height: Math.min(...honest.map(n => n.store.length)),
      txSubmitted: this.txs.length,
      txCommitted: this.txs.filter(t => honest.every(n => n.app.isCommitted(t.id))).length,
      violations: this.violations,
      simulatedMs: this.now - 1000,
      steps: this.steps,
      viewChanges: this.nodes.reduce((s, n) => s + (n.replica?.stats.viewChanges ?? 0), 0),
      recoveryMs: this.recoveryMs
    }
  }

  private handle (e: Event): void {
    switch (e.k) {
      case 'message':
      case 'tx':
      case 'tick':
      case 'synced': {
        const node = this.nodes[e.to]
        if (node.replica === undefined || node.epoch !== e.epoch) return
        if (e.k === 'tick') {
          if (node.timerAtMs > this.now) return
          node.timerAtMs = -1
        }
        if (e.k === 'message' && node.byzantine === 'replay' && node.seen.length < 512) node.seen.push(e.bytes)
        const effects = node.replica.step(
          e.k === 'message' ? { kind: 'message', nowMs: this.now, bytes: e.bytes }
            : e.k === 'tx' ? { kind: 'tx', nowMs: this.now, bytes: e.bytes, fromClient: e.fromClient }
              : e.k === 'tick' ? { kind: 'tick', nowMs: this.now }
                : { kind: 'synced', nowMs: this.now, block: e.block, certificate: e.certificate })
        this.steps++
        this.apply(node, effects)
        this.checkBounds(node)
        return
      }
      case 'crash': {
        const node = this.nodes[e.node]
        if (node.replica === undefined || !this.faultsOn) return
        this.count('crash')
        this.log(`crash r${node.index}`)
        node.replica = undefined
        node.epoch++
        this.queue.push(this.now + e.downMs, { k: 'restart', node: e.node })
        return
      }
      case 'restart': {
        const node = this.nodes[e.node]
        if (node.replica !== undefined) return
        this.log(`restart r${node.index} at height ${node.store.length}`)
        this.boot(node)
        return
      }
      case 'partition':
        if (!this.faultsOn) return
        this.count('partition')
        this.groups = e.groups
        this.log(`partition ${JSON.stringify(e.groups)}`)
        this.queue.push(this.now + e.healMs, { k: 'heal' })
        return
      case 'heal':
        this.groups = undefined
        this.log('heal')
        return
      case 'submit':
        this.submitTx(e.tx)
        return
      case 'retry':
        this.retryTxs()
        this.queue.push(this.now + 1000, { k: 'retry' })
        return
      case 'end-faults':
        this.faultsOn = false
        this.groups = undefined
        this.log('faults end: network healed, crashed replicas restart')
        for (const node of this.nodes) if (node.replica === undefined) this.boot(node)
        this.queue.push(this.now + 100, { k: 'check' })
        return
      case 'check': {
        const honest = this.honest()
        if (this.txs.length === this.opts.txCount && this.txs.every(t => honest.every(n => n.app.isCommitted(t.id)))) {
          this.recoveryMs = this.now - (1000 + this.opts.faultPhaseMs)
          this.done = true
          return
        }
        this.queue.push(this.now + 100, { k: 'check' })
      }
    }
  }

  private submitTx (i: number): void {
    const payload = this.rng.bytes(this.rng.int(8, 64))
    const bytes = signTransaction(this.ed, this.clientKey, this.chainId, { kind: TxKind.opaque, nonce: i + 1, payload })
    this.txs.push({ bytes, id: txIdOf(decodeTransaction(bytes).body) })
    this.sendToRandomNode(bytes)
  }

  /** A client whose transaction did not commit sends it again, to some node. */
  private retryTxs (): void {
    const honest = this.honest()
    for (const t of this.txs) {
      if (honest.every(n => n.app.isCommitted(t.id))) continue
      this.sendToRandomNode(t.bytes)
    }
  }

  private sendToRandomNode (bytes: Uint8Array): void {
    const to = this.rng.int(0, this.opts.n - 1)
    const node = this.nodes[to]
    if (this.faultsOn && this.rng.chance(this.net.lossP)) { this.count('loss'); return }
    this.queue.push(this.now + this.rng.int(1, 5), { k: 'tx', to, epoch: node.epoch, bytes, fromClient: true })
  }

  private apply (node: SimNode, effects: Effect[]): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'broadcast':
          this.outgoing(node, effect.bytes, [...Array(this.opts.n).keys()].filter(i => i !== node.index))
          break
        case 'send':
          this.outgoing(node, effect.bytes, [effect.to])
          break
        case 'gossip-tx':
          if (node.byzantine === 'silent') break
          for (let to = 0; to < this.opts.n; to++) {
            if (to !== node.index) this.transmit(node.index, to, epoch => ({ k: 'tx', to, epoch, bytes: effect.bytes, fromClient: false }))
          }
          break
        case 'persist':
          node.safety = effect.safety
          break
        case 'commit':
          this.onCommit(node, effect.block, effect.certificate)
          break
        case 'sync':
          this.serveSync(node, effect.from, effect.fromHeight)
          break
        case 'timer':
          if (node.timerAtMs === -1 || effect.atMs < node.timerAtMs || node.timerAtMs <= this.now) {
            node.timerAtMs = effect.atMs
            this.queue.push(effect.atMs, { k: 'tick', to: node.index, epoch: node.epoch })
          }
          break
        case 'evidence':
          this.count('evidence-recorded')
          this.log(`r${node.index} evidence against r${effect.offender}: ${effect.reason}`)
          break
        case 'view':
          this.log(`r${node.index} view ${effect.view}${effect.changing ? ' (changing)' : ''}: ${effect.reason}`)
          break
        case 'rejected':
          this.count('rejected-input')
          break
      }
    }
  }

  private onCommit (node: SimNode, block: OpenedBlock, certificate: Uint8Array): void {
    const height = block.header.height
    const prev = node.store[node.store.length - 1]
    if (height !== node.store.length + 1) this.violation(`r${node.index} committed height ${height} after ${node.store.length}: heights not contiguous`)
    if (!bytesEqual(block.header.prevHash, prev === undefined ? this.genesisHash : prev.block.hash)) {
      this.violation(`r${node.index} committed block ${height} that does not link to its previous block`)
    }
    node.store.push({ block, certificate })
    this.log(`r${node.index} commit ${height} ${toHex(block.hash).slice(0, 12)} (${block.header.txCount} txs)`)
    if (node.byzantine !== undefined) return
    const hash = toHex(block.hash)
    const known = this.committed.get(height)
    if (known === undefined) this.committed.set(height, hash)
    else if (known !== hash) this.violation(`agreement: two honest replicas committed different blocks at height ${height} (${known.slice(0, 12)} vs ${hash.slice(0, 12)} by r${node.index})`)
    try {
      verifyCommitCertificate(this.ed, this.set, decodeCommitCertificate(certificate), { height, blockHash: block.hash })
    } catch (err) {
      this.violation(`certificate: r${node.index} committed block ${height} without a valid commit certificate: ${(err as Error).message}`)
    }
  }

  private violation (what: string): void {
    this.log(`VIOLATION ${what}`)
    this.violations.push(what)
  }

  private checkBounds (node: SimNode): void {
    const r = node.replica
    if (r === undefined) return
    const s = r.logSize
    const n = this.opts.n
    if (s.deferred > n * simParams.deferredPerReplicaMax) this.violation(`bounds: r${node.index} defers ${s.deferred} messages`)
    if (s.viewChanges > 3 * n) this.violation(`bounds: r${node.index} keeps ${s.viewChanges} VIEW-CHANGEs`)
    if (s.checkpointHeights > 4 * simParams.windowBlocks / simParams.checkpointIntervalBlocks + 1) this.violation(`bounds: r${node.index} tracks ${s.checkpointHeights} checkpoint heights`)
    if (s.evidence > simParams.evidenceCountMax) this.violation(`bounds: r${node.index} keeps ${s.evidence} evidence records`)
  }

  private serveSync (node: SimNode, from: number, fromHeight: number): void {
    const source = this.nodes[from]
    if (source.replica === undefined || source.byzantine === 'silent' || !this.connected(node.index, from)) return
    const records = source.store.slice(fromHeight - 1, fromHeight - 1 + syncBatchBlocks)
    this.count('sync-blocks', records.length)
    let at = this.now + this.rng.int(1, 10)
    for (const r of records) {
      this.queue.push(at++, { k: 'synced', to: node.index, epoch: node.epoch, block: r.block.bytes, certificate: r.certificate })
    }
  }

  // ------------------------------------------------------------ byzantine behaviour

  private outgoing (node: SimNode, bytes: Uint8Array, targets: number[]): void {
    const send = (to: number, b: Uint8Array): void => this.transmit(node.index, to, epoch => ({ k: 'message', to, epoch, bytes: b }))
    switch (node.byzantine) {
      case undefined:
        for (const to of targets) send(to, bytes)
        return
      case 'silent':
        this.count('byzantine-silenced')
        return
      case 'bad-signatures': {
        const forged = withBadSignature(this.forger(node), bytes)
        for (const to of targets) send(to, this.rng.chance(0.2) ? bytes : forged)
        this.count('byzantine-bad-signature')
        return
      }
      case 'equivocate':
        this.equivocate(node, bytes, targets, send)
        return
      case 'conflicting-votes':
        this.conflictingVotes(node, bytes, targets, send)
        return
      case 'stale-future':
        for (const to of targets) send(to, bytes)
        this.staleFuture(node, bytes, targets, send)
        return
      case 'replay':
        for (const to of targets) send(to, bytes)
        for (let i = 0; i < 2 && node.seen.length > 0; i++) {
          send(this.rng.pick(targets), this.rng.pick(node.seen))
          this.count('byzantine-replay')
        }
    }
  }

  private forger (node: SimNode): Forger {
    return { ed: this.ed, key: node.key, chainId: this.chainId, random: () => this.rng.next() }
  }

  private equivocate (node: SimNode, bytes: Uint8Array, targets: number[], send: (to: number, b: Uint8Array) => void): void {
    const second = equivocation(this.forger(node), bytes)
    if (second === undefined) {
      for (const to of targets) send(to, bytes)
      return
    }
    this.count('byzantine-equivocation')
    for (const to of targets) send(to, this.rng.chance(0.5) ? bytes : second)
  }

  private conflictingVotes (node: SimNode, bytes: Uint8Array, targets: number[], send: (to: number, b: Uint8Array) => void): void {
    const other = conflictingVote(this.forger(node), bytes)
    if (other === undefined) {
      for (const to of targets) send(to, bytes)
      return
    }
    this.count('byzantine-conflicting-vote')
    for (const to of targets) {
      const pick = this.rng.int(0, 2)
      if (pick !== 1) send(to, bytes)
      if (pick !== 0) send(to, other)
    }
  }

  private staleFuture (node: SimNode, bytes: Uint8Array, targets: number[], send: (to: number, b: Uint8Array) => void): void {
    const forged = shiftedVote(this.forger(node), bytes)
    if (forged === undefined) return
    this.count('byzantine-stale-future')
    for (const to of targets) if (this.rng.chance(0.5)) send(to, forged)
  }
}

export function runSeed (options: SimOptions): SimResult {
  return new Simulation(options).run()
}
