// The deterministic simulator: n real Replicas, each driven by the real
// Pipeline (consensus/pipeline.ts) the nodes run, in one process, in
// simulated time. Its ports are simulated: a seeded network that loses,
// duplicates, delays and reorders messages, partitions that come and heal;
// storage that makes a write durable only when its sync completes and loses
// every unsynced write in a crash (disk.ts); a clock per replica with skew,
// drift and jumps. Any subset of replicas crashes at any instant (all at
// once included, and at the moment a write is in flight), byzantine
// replicas misbehave, and the application is a parameter (the generic
// OpaqueApp, or the certification state machine through a plugin).
// Invariants are checked after every step; a run is a pure function of its
// seed and options.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual, toHex, utf8 } from '../../protocols/bytes.ts'
import type { OpenedBlock } from '../../protocols/block.ts'
import { makeValidatorSet, verifyCommitCertificate, type ValidatorSet } from '../../protocols/certificate.ts'
import { decodeCommitCertificate, decodeConsensusMessage, decodeNewViewBody, decodeTransaction, decodeViewChangeBody, decodeVoteBody, MessageType } from '../../protocols/codec.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { genesisHash, makeGenesis, type Genesis } from '../../protocols/genesis.ts'
import { keyPairFromSeed, type KeyPair } from '../../protocols/sign.ts'
import { txIdOf, type CheckedTransaction } from '../../protocols/tx.ts'
import { CertchainError } from '../../protocols/errors.ts'
import { defaultConsensusParams, knownBlocksMax, type ConsensusParams } from '../constants.ts'
import { Pipeline, PipelineError, type UnsafeOrderings } from '../pipeline.ts'
import { Replica, SafetyAheadError } from '../replica.ts'
import type { Head } from '../types.ts'
import { byzantineModes, conflictingVote, equivocation, shiftedVote, withBadSignature, type ByzantineMode, type Forger } from '../byzantine.ts'
import { opaquePlugin, type SimAppPlugin, type SimApplication, type SimWorkload } from './app-plugin.ts'
import { drawDiskProfile, SimDisk } from './disk.ts'
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
  /** Test only: the earlier driver's unsafe orderings (see UnsafeOrderings), to prove the simulator finds them. */
  unsafe?: UnsafeOrderings
  /** Force byzantine replicas (otherwise drawn from the seed). */
  byzantine?: ByzantineMode[]
  /** The application and its client traffic (default: opaque transactions). */
  app?: SimAppPlugin
  /** Disable classes of faults. */
  noCrashes?: boolean
  noPartitions?: boolean
  noClockFaults?: boolean
  trace?: (line: string) => void
}

export interface SimResult {
  seed: number
  n: number
  f: number
  app: string
  byzantine: Array<{ replica: number, mode: ByzantineMode }>
  faults: Record<string, number>
  /** Lowest committed (durable) height among honest replicas at the end. */
  height: number
  txSubmitted: number
  txCommitted: number
  /** Receipts handed to clients (each checked against every later commit at its height). */
  receipts: number
  violations: string[]
  simulatedMs: number
  steps: number
  viewChanges: number
  /** Simulated ms from the end of faults until everything was committed everywhere. */
  recoveryMs?: number
}

type Event =
  | { k: 'message', to: number, epoch: number, bytes: Uint8Array }
  | { k: 'tx', to: number, epoch: number, bytes: Uint8Array }
  | { k: 'client-tx', to: number, epoch: number, tx: number }
  | { k: 'tick', to: number, epoch: number, timer: number }
  | { k: 'synced', to: number, epoch: number, block: OpenedBlock, certificate: Uint8Array }
  | { k: 'io', to: number, epoch: number, complete: () => void }
  | { k: 'crash', nodes: number[], downMs: number, reason: string }
  | { k: 'arm-crash', at: number, nodes: number[], downMs: number, chainOnly: boolean }
  | { k: 'restart', node: number }
  | { k: 'clock-jump', node: number, byMs: number }
  | { k: 'partition', groups: number[][], healMs: number }
  | { k: 'heal' }
  | { k: 'submit', tx: number }
  | { k: 'retry' }
  | { k: 'end-faults' }
  | { k: 'check' }

/** A replica's clock: local = sim time + skew + drift (ppm) of sim time. */
interface SimClock { skewMs: number, driftPpm: number }

interface SimNode {
  index: number
  key: KeyPair
  replica?: Replica
  pipeline?: Pipeline
  app?: SimApplication
  epoch: number
  disk: SimDisk
  clock: SimClock
  byzantine?: ByzantineMode
  /** byzantine 'replay': messages seen, to send again later. */
  seen: Uint8Array[]
  /** The timer the pipeline asked for last; older tick events are stale. */
  timer: number
  /** Crash at the n-th write (of any kind, or a chain append) that starts from now, with these replicas. */
  crashOnWrite?: { after: number, nodes: number[], downMs: number, chainOnly: boolean }
  /** What the pipeline's current timer calls. */
  tickFire?: () => void
  /** Schedules an I/O completion of the current boot (stale after a crash). */
  schedule?: (afterMs: number, complete: () => void) => void
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
const startMs = 60_000
/** A replica keeps validated blocks of the open height only: its bound, and the prepared one besides. */
export const knownBlocksBound = knownBlocksMax + 1

export function pickValidatorCount (seed: number): number {
  const r = new Rng(seed ^ 0x5eed).int(0, 99)
  return r < 60 ? 4 : r < 85 ? 7 : 10
}

/** What one honest replica signed, across its restarts: the invariant that it never signs two different things for one slot. */
class SignatureLedger {
  private readonly slots = new Map<string, string>()
  private readonly viewChangeMax = new Map<number, number>()

  /** Returns a violation, or undefined. */
  record (replica: number, bytes: Uint8Array): string | undefined {
    const m = decodeConsensusMessage(bytes)
    switch (m.type) {
      case MessageType.PRE_PREPARE:
      case MessageType.PREPARE:
      case MessageType.COMMIT: {
        const v = decodeVoteBody(m.body)
        const asked = this.viewChangeMax.get(replica) ?? -1
        if (v.view < asked) return `r${replica} sent a ${m.type} in view ${v.view} at height ${v.height} after asking for view ${asked}`
        return this.slot(replica, `${m.type} view ${v.view} height ${v.height}`, toHex(v.blockHash))
      }
      case MessageType.VIEW_CHANGE: {
        const vc = decodeViewChangeBody(m.body)
        this.viewChangeMax.set(replica, Math.max(this.viewChangeMax.get(replica) ?? -1, vc.newView))
        let prepared = 'none'
        if (vc.prepared !== undefined && vc.prepared.prePrepare.length > 0) {
          const pp = decodeVoteBody(decodeConsensusMessage(vc.prepared.prePrepare).body)
          prepared = `view ${pp.view} ${toHex(pp.blockHash).slice(0, 16)}`
        }
        return this.slot(replica, `VIEW_CHANGE to view ${vc.newView} from height ${vc.committedHeight}`, prepared)
      }
      case MessageType.NEW_VIEW: {
        const nv = decodeNewViewBody(m.body)
        return this.slot(replica, `NEW_VIEW view ${nv.view}`, `${nv.height}/${toHex(nv.blockHash)}`)
      }
      case MessageType.CHECKPOINT:
        return undefined
    }
    return undefined
  }

  private slot (replica: number, what: string, content: string): string | undefined {
    const key = `${replica}/${what}`
    const before = this.slots.get(key)
    if (before === undefined) {
      this.slots.set(key, content)
      return undefined
    }
    return before === content ? undefined : `r${replica} signed two different ${what}: ${before.slice(0, 24)} and ${content.slice(0, 24)}`
  }
}

export class Simulation {
  readonly opts: Required<Omit<SimOptions, 'trace' | 'byzantine' | 'n' | 'app' | 'unsafe'>> & { n: number }
  private readonly rng: Rng
  private readonly ioRng: Rng
  private readonly queue = new EventQueue<Event>()
  private readonly ed = cachingEd25519(nodeEd25519)
  private readonly nodes: SimNode[] = []
  private readonly set: ValidatorSet
  private readonly replicaSet: ValidatorSet
  private readonly chainId: string
  private readonly genesis: Genesis
  private readonly genesisHash: Uint8Array
  private readonly genesisTimeMs = 0
  private readonly plugin: SimAppPlugin
  private readonly workload: SimWorkload
  private readonly unsafe: UnsafeOrderings
  /** Simulated time starts a minute after genesis, so that no replica's clock, skewed as it may be, reads before it. */
  private now = startMs
  private steps = 0
  private readonly faults: Record<string, number> = {}
  private readonly violations: string[] = []
  /** Height -> the block hash the first honest replica committed there (in memory or durable). */
  private readonly committed = new Map<number, string>()
  /** Height -> the state digest after that height, on the first honest replica that computed it. */
  private readonly digests = new Map<number, string>()
  private readonly receipts: Array<{ height: number, hash: string, tx: number }> = []
  private readonly ledger = new SignatureLedger()
  private groups?: number[][]
  private faultsOn = true
  private net = { lossP: 0, dupP: 0, delayMinMs: 1, delayMaxMs: 10 }
  private readonly txs: Array<{ bytes: Uint8Array, id: Uint8Array }> = []
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
      // A tenth of the seeds run under sustained load: records and appends then lag each other most.
      txCount: options.txCount ?? (new Rng(options.seed ^ 0x10ad).chance(0.1) ? 300 : 40),
      brokenQuorum: options.brokenQuorum ?? false,
      noCrashes: options.noCrashes ?? false,
      noPartitions: options.noPartitions ?? false,
      noClockFaults: options.noClockFaults ?? false
    }
    this.trace = options.trace
    this.unsafe = options.unsafe ?? {}
    this.plugin = options.app ?? opaquePlugin
    this.rng = new Rng(options.seed)
    // I/O latencies draw from their own stream, so that the fault plan of a seed does not shift with them.
    this.ioRng = new Rng(options.seed ^ 0x10d15c)
    this.chainId = `sim-${options.seed >>> 0}`
    const keys = Array.from({ length: n }, (_, i) => keyPairFromSeed(sha256(utf8(`${this.chainId}/validator/${i}`)), nodeEd25519))
    const extra = this.plugin.genesis(this.chainId)
    this.genesis = makeGenesis(this.chainId, keys.map(k => k.publicKey), this.genesisTimeMs, { lockoutFailures: 5, ...extra.params }, extra.vendors)
    this.genesisHash = genesisHash(this.genesis)
    this.set = makeValidatorSet(this.chainId, keys.map(k => k.publicKey))
    this.replicaSet = this.opts.brokenQuorum ? { ...this.set, quorum: this.set.f + 1 } : this.set
    const workloadRng = new Rng(options.seed ^ 0x3c1e47)
    this.workload = this.plugin.makeWorkload(this.ed, this.chainId, () => workloadRng.next())
    const byzantine = this.chooseByzantine(options.byzantine)
    const clocks = this.chooseClocks(byzantine.size)
    // Half the seeds put every replica on disks alike (one machine, or one room of them), the rest draw a disk each.
    const shared = this.rng.chance(0.5) ? drawDiskProfile(this.rng) : undefined
    for (let i = 0; i < n; i++) {
      const disk = new SimDisk(shared ?? drawDiskProfile(this.rng), this.ioRng, (kind, by) => { this.count(kind, by) })
      this.nodes.push({ index: i, key: keys[i], epoch: 0, disk, clock: clocks[i], seen: [], timer: 0, byzantine: byzantine.get(i) })
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

  /**
   * Every replica gets skew and drift within what the protocol tolerates
   * (pairwise well inside timestampDriftMaxMs); the replicas the fault
   * budget allows beyond the byzantine ones (f in all) may be far off, past
   * timestampDriftMaxMs: they then act faulty, and the rest must cope.
   */
  private chooseClocks (byzantineCount: number): SimClock[] {
    const drift = simParams.timestampDriftMaxMs
    const clocks = Array.from({ length: this.opts.n }, (): SimClock => ({ skewMs: 0, driftPpm: 0 }))
    if (this.opts.noClockFaults || !this.rng.chance(0.7)) return clocks
    for (const c of clocks) {
      c.skewMs = this.rng.int(-Math.floor(drift / 4), Math.floor(drift / 4))
      c.driftPpm = this.rng.int(-2000, 2000)
    }
    this.count('clock:skewed-replicas', clocks.length)
    const beyond = this.rng.int(0, this.set.f - byzantineCount)
    for (const i of this.rng.shuffle([...Array(this.opts.n).keys()]).slice(0, beyond)) {
      clocks[i].skewMs = (this.rng.chance(0.5) ? 1 : -1) * this.rng.int(drift + 1, 3 * drift)
      clocks[i].driftPpm = this.rng.int(-20_000, 20_000)
      this.count('clock:beyond-drift')
    }
    return clocks
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
    if (!this.opts.noCrashes) this.planCrashes(start)
    if (!this.opts.noClockFaults && r.chance(0.3)) {
      const node = r.int(0, this.opts.n - 1)
      this.queue.push(start + r.int(0, faultPhaseMs), { k: 'clock-jump', node, byMs: r.int(-3000, 3000) })
    }
    this.queue.push(start + faultPhaseMs, { k: 'end-faults' })
    this.queue.push(start + 1000, { k: 'retry' })
  }

  /**
   * Crash episodes: one replica, any subset, or all of them at once; at a
   * random instant, or at the moment a chosen replica starts a write (so
   * that the crash lands between the start of an I/O and its completion).
   */
  private planCrashes (start: number): void {
    const r = this.rng
    const n = this.opts.n
    const episodes = r.int(0, 4)
    for (let i = 0; i < episodes; i++) {
      const kind = r.int(0, 9)
      const nodes = kind < 3 ? [...Array(n).keys()] : kind < 6 ? [r.int(0, n - 1)] : r.shuffle([...Array(n).keys()]).slice(0, r.int(1, n))
      const downMs = r.int(50, 3000)
      const atMs = start + r.int(0, this.opts.faultPhaseMs)
      if (r.chance(0.5)) this.queue.push(atMs, { k: 'crash', nodes, downMs, reason: 'at a random instant' })
      else this.queue.push(atMs, { k: 'arm-crash', at: r.pick(nodes), nodes, downMs, chainOnly: r.chance(0.5) })
    }
  }

  private count (kind: string, by = 1): void { this.faults[kind] = (this.faults[kind] ?? 0) + by }
  private log (line: string): void { this.trace?.(`${String(this.now).padStart(7)} ${line}`) }

  private localNow (node: SimNode): number {
    return this.now + node.clock.skewMs + Math.floor(this.now * node.clock.driftPpm / 1e6)
  }

  /** The first simulated time at which the replica's clock reads at least `localMs`. */
  private simTimeOf (node: SimNode, localMs: number): number {
    const { skewMs, driftPpm } = node.clock
    let t = Math.max(this.now, Math.ceil((localMs - skewMs) * 1e6 / (1e6 + driftPpm)))
    while (t + skewMs + Math.floor(t * driftPpm / 1e6) < localMs) t++
    return t
  }

  private boot (node: SimNode): void {
    const { app, replayed } = this.restoreApp(node)
    const last = node.disk.chain[node.disk.chain.length - 1]
    const head: Head = last === undefined
      ? { height: 0, hash: this.genesisHash, timestampMs: this.genesisTimeMs }
      : { height: last.block.header.height, hash: last.block.hash, timestampMs: last.block.header.timestampMs }
    let safety = node.disk.safety
    if (safety !== undefined && safety.height > head.height + 1) {
      if (this.unsafe.safetyAheadOfChain !== true) {
        this.violation(`durability: r${node.index} restarts with a safety record at height ${safety.height} but a durable chain of ${head.height}`)
      }
      // The earlier restore: keep the view, forget the votes of a height the chain has not reached.
      safety = { view: safety.view, viewChanging: safety.viewChanging, height: head.height + 1 }
    }
    node.epoch++
    const epoch = node.epoch
    const wrapped = this.observedApp(node, app)
    node.app = app
    let replica: Replica
    try {
      replica = new Replica({
        index: node.index, key: node.key, validators: this.replicaSet, genesisHash: this.genesisHash, genesisTimeMs: this.genesisTimeMs,
        ed: this.ed, app: wrapped, params: simParams
      }, { head, safety })
    } catch (err) {
      if (!(err instanceof SafetyAheadError)) throw err
      this.violation(`durability: ${err.message}`)
      return
    }
    node.replica = replica
    const schedule = (afterMs: number, complete: () => void): void => {
      this.queue.push(this.now + afterMs, { k: 'io', to: node.index, epoch, complete })
    }
    node.schedule = schedule
    // The change sets of the blocks replayed at start, written as the node writes them.
    for (const changes of replayed) node.disk.writeState(changes, schedule)
    node.pipeline = new Pipeline(replica, {
      network: {
        broadcast: bytes => { this.outgoing(node, bytes, [...Array(this.opts.n).keys()].filter(i => i !== node.index)) },
        send: (to, bytes) => { this.outgoing(node, bytes, [to]) },
        gossipTx: bytes => {
          if (node.byzantine === 'silent') return
          for (let to = 0; to < this.opts.n; to++) {
            if (to !== node.index) this.transmit(node.index, to, e => ({ k: 'tx', to, epoch: e, bytes }))
          }
        },
        requestSync: (from, fromHeight) => { this.serveSync(node, from, fromHeight) }
      },
      safety: { write: (state, done) => { node.disk.writeSafety(state, done, schedule) } },
      chain: { append: (block, certificate, done) => { node.disk.append({ block, certificate }, done, schedule) } },
      clock: {
        now: () => this.localNow(node),
        setTimer: (atMs, fire) => {
          const timer = ++node.timer
          this.queue.push(this.simTimeOf(node, atMs), { k: 'tick', to: node.index, epoch, timer })
          node.tickFire = fire
        }
      }
    }, { inboxMessagesMax: 100_000, txInboxMax: 100_000, appendsInFlightMax: this.rng.pick([1, 4, 64]), commitWaitersMax: 10_000 }, {
      durable: (block) => { this.onDurable(node, block) },
      notice: e => {
        if (e.kind === 'evidence') {
          this.count('evidence-recorded')
          this.log(`r${node.index} evidence against r${e.offender}: ${e.reason}`)
        } else if (e.kind === 'view') {
          this.log(`r${node.index} view ${e.view}${e.changing ? ' (changing)' : ''}: ${e.reason}`)
        } else {
          this.count('rejected-input')
        }
      }
    }, this.unsafe)
    node.disk.onWriteStart = (latencyMs, what) => { this.maybeCrashOnWrite(node, latencyMs, what) }
    this.queue.push(this.now, { k: 'tick', to: node.index, epoch, timer: -1 })
  }

  /**
   * The node's application at start: without persistence, the chain replayed
   * into a fresh one; with it, the state that landed (heights 1..S) restored,
   * checked against a fresh replay of the chain up to S (the whole state,
   * record for record), and the blocks above S replayed, their change sets
   * to be written.
   */
  private restoreApp (node: SimNode): { app: SimApplication, replayed: unknown[] } {
    const p = this.plugin.persistence
    const chain = node.disk.chain
    if (p === undefined) {
      const app = this.plugin.makeApp(this.ed, this.genesis)
      for (const r of chain) app.commit(r.block)
      return { app, replayed: [] }
    }
    const persisted = node.disk.state
    if (persisted.length > chain.length) {
      this.violation(`durability: r${node.index} restarts with its state at height ${persisted.length} but a durable chain of ${chain.length}`)
    }
    const app = p.makeApp(this.ed, this.genesis, persisted)
    if (persisted.length > 0) {
      this.count('state:restored-starts')
      const replay = this.plugin.makeApp(this.ed, this.genesis)
      for (const r of chain.slice(0, persisted.length)) replay.commit(r.block)
      if (!bytesEqual(p.recordsDigest(app), p.recordsDigest(replay))) {
        this.violation(`state: r${node.index} restored its state at height ${persisted.length}, and it is not the state a replay of its chain gives`)
      }
    }
    const replayed: unknown[] = []
    for (const r of chain.slice(persisted.length)) {
      app.commit(r.block)
      replayed.push(p.take(app, r.block.header.height))
    }
    return { app, replayed }
  }

  /** The application as the replica sees it, with the digest check after every commit. */
  private observedApp (node: SimNode, app: SimApplication): SimApplication {
    return {
      checkTx: bytes => app.checkTx(bytes),
      isCommitted: id => app.isCommitted(id),
      execute: (block, txs) => app.execute(block, txs),
      digest: () => app.digest(),
      commit: block => {
        app.commit(block)
        this.onCommit(node, block, app.digest())
      }
    }
  }

  private maybeCrashOnWrite (node: SimNode, latencyMs: number, what: 'safety' | 'chain'): void {
    const armed = node.crashOnWrite
    if (armed === undefined || !this.faultsOn || (armed.chainOnly && what !== 'chain')) return
    if (--armed.after > 0) return
    node.crashOnWrite = undefined
    this.count('crash:during-write')
    // Strictly before the write completes.
    this.queue.push(this.now + this.rng.int(0, latencyMs - 1), { k: 'crash', nodes: armed.nodes, downMs: armed.downMs, reason: `while r${node.index} was writing` })
  }

  /** Ends a partition; the replicas on either side of it hear of each other again (as a node does on reconnecting). */
  private healLinks (): void {
    if (this.groups === undefined) return
    const cut: Array<[number, number]> = []
    for (let a = 0; a < this.opts.n; a++) for (let b = a + 1; b < this.opts.n; b++) if (!this.connected(a, b)) cut.push([a, b])
    this.groups = undefined
    this.peersUp(cut)
  }

  /** The link between each pair is up again: both replicas that run get a peer-up input for the other. */
  private peersUp (pairs: Array<[number, number]>): void {
    for (const [a, b] of pairs) {
      this.nodes[a].pipeline?.input({ kind: 'peer-up', replica: b })
      this.nodes[b].pipeline?.input({ kind: 'peer-up', replica: a })
    }
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
    if (this.violations.length === 0) this.checkReceiptsAtEnd()
    return this.result()
  }

  private describeProgress (): string {
    return this.honest().map(n => `r${n.index}: h=${n.disk.chain.length} v=${n.replica?.currentView ?? '-'}${n.replica?.isViewChanging === true ? '*' : ''} pending=${n.replica?.pendingTxCount ?? '-'} committed=${this.txs.filter(t => n.app?.isCommitted(t.id) === true).length}`).join(', ')
  }

  private honest (): SimNode[] { return this.nodes.filter(n => n.byzantine === undefined) }

  private result (): SimResult {
    const honest = this.honest()
    for (const [k, v] of Object.entries(this.workload.counts())) this.count(`workload:${k}`, v)
    return {
      seed: this.opts.seed,
      n: this.opts.n,
      f: this.set.f,
      app: this.plugin.name,
      byzantine: this.nodes.filter(n => n.byzantine !== undefined).map(n => ({ replica: n.index, mode: n.byzantine as ByzantineMode })),
      faults: { ...this.faults },
      height: Math.min(...honest.map(n => n.disk.chain.length)),
      txSubmitted: this.txs.length,
      txCommitted: this.txs.filter(t => honest.every(n => n.app?.isCommitted(t.id) === true)).length,
      receipts: this.receipts.length,
      violations: this.violations,
      simulatedMs: this.now - startMs,
      steps: this.steps,
      viewChanges: this.nodes.reduce((s, n) => s + (n.replica?.stats.viewChanges ?? 0), 0),
      recoveryMs: this.recoveryMs
    }
  }

  private handle (e: Event): void {
    switch (e.k) {
      case 'message':
      case 'tx':
      case 'client-tx':
      case 'tick':
      case 'synced':
      case 'io': {
        const node = this.nodes[e.to]
        if (node.pipeline === undefined || node.epoch !== e.epoch) return
        this.deliver(node, e)
        this.steps++
        this.checkBounds(node)
        return
      }
      case 'crash': {
        if (!this.faultsOn) return
        this.count(e.nodes.length === this.opts.n ? 'crash:all-at-once' : 'crash')
        for (const i of e.nodes) {
          const node = this.nodes[i]
          if (node.pipeline === undefined) continue
          this.count('crash:replicas')
          this.log(`crash r${i} (${e.reason})`)
          node.disk.crash()
          node.replica = undefined
          node.pipeline = undefined
          node.crashOnWrite = undefined
          node.epoch++
          this.queue.push(this.now + e.downMs, { k: 'restart', node: i })
        }
        return
      }
      case 'arm-crash':
        if (this.faultsOn) this.nodes[e.at].crashOnWrite = { after: this.rng.int(1, e.chainOnly ? 8 : 40), nodes: e.nodes, downMs: e.downMs, chainOnly: e.chainOnly }
        return
      case 'restart': {
        const node = this.nodes[e.node]
        if (node.pipeline !== undefined) return
        this.log(`restart r${node.index} at height ${node.disk.chain.length}`)
        this.boot(node)
        this.peersUp(this.nodes.filter(o => o !== node).map(o => [node.index, o.index]))
        return
      }
      case 'clock-jump':
        if (!this.faultsOn) return
        this.count('clock:jump')
        this.nodes[e.node].clock.skewMs += e.byMs
        this.log(`clock of r${e.node} jumps ${e.byMs} ms`)
        return
      case 'partition':
        if (!this.faultsOn) return
        this.count('partition')
        this.groups = e.groups
        this.log(`partition ${JSON.stringify(e.groups)}`)
        this.queue.push(this.now + e.healMs, { k: 'heal' })
        return
      case 'heal':
        this.healLinks()
        this.log('heal')
        return
      case 'submit':
        this.submitTx()
        return
      case 'retry':
        this.retryTxs()
        this.queue.push(this.now + 1000, { k: 'retry' })
        return
      case 'end-faults':
        this.faultsOn = false
        this.healLinks()
        this.log('faults end: network healed, crashed replicas restart')
        for (const node of this.nodes) {
          node.crashOnWrite = undefined
          if (node.pipeline === undefined) {
            this.boot(node)
            this.peersUp(this.nodes.filter(o => o !== node).map(o => [node.index, o.index]))
          }
        }
        this.queue.push(this.now + 100, { k: 'check' })
        return
      case 'check': {
        const honest = this.honest()
        if (this.txs.length === this.opts.txCount && this.txs.every(t => honest.every(n => n.app?.isCommitted(t.id) === true && n.pipeline !== undefined && n.pipeline.idle))) {
          this.recoveryMs = this.now - (startMs + this.opts.faultPhaseMs)
          this.done = true
          return
        }
        this.queue.push(this.now + 100, { k: 'check' })
      }
    }
  }

  private deliver (node: SimNode, e: Event & { to: number }): void {
    const pipeline = node.pipeline as Pipeline
    switch (e.k) {
      case 'message':
        if (node.byzantine === 'replay' && node.seen.length < 512) node.seen.push(e.bytes)
        pipeline.input({ kind: 'message', bytes: e.bytes })
        return
      case 'tx':
        pipeline.relayedTx(e.bytes)
        return
      case 'client-tx':
        this.clientSubmit(node, e.tx)
        return
      case 'tick':
        if (e.timer === -1) pipeline.input({ kind: 'tick' })
        else if (e.timer === node.timer) node.tickFire?.()
        return
      case 'synced':
        pipeline.input({ kind: 'synced', block: e.block, certificate: e.certificate })
        return
      case 'io':
        e.complete()
    }
  }

  private submitTx (): void {
    const bytes = this.workload.next(this.now)
    this.txs.push({ bytes, id: txIdOf(decodeTransaction(bytes).body) })
    this.sendToRandomNode(this.txs.length - 1)
  }

  /** A client whose transaction did not commit sends it again, to some node. */
  private retryTxs (): void {
    const honest = this.honest()
    this.txs.forEach((t, i) => {
      if (!honest.every(n => n.app?.isCommitted(t.id) === true)) this.sendToRandomNode(i)
    })
  }

  private sendToRandomNode (tx: number): void {
    const to = this.rng.int(0, this.opts.n - 1)
    const node = this.nodes[to]
    if (this.faultsOn && this.rng.chance(this.net.lossP)) { this.count('loss'); return }
    this.queue.push(this.now + this.rng.int(1, 5), { k: 'client-tx', to, epoch: node.epoch, tx })
  }

  /** What a node's tx service does: check, submit with a commit waiter; the receipt is what the client keeps. */
  private clientSubmit (node: SimNode, txIndex: number): void {
    const app = node.app as SimApplication
    let checked: CheckedTransaction
    try {
      checked = app.checkTx(this.txs[txIndex].bytes)
    } catch (err) {
      if (!(err instanceof CertchainError)) throw err
      this.count('client-tx-refused')
      return
    }
    try {
      node.pipeline?.submit(checked, () => {}, (block, certificate) => { this.onReceipt(node, txIndex, block, certificate) })
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err
      this.count(`client-tx-${err.code.toLowerCase()}`)
    }
  }

  private onReceipt (node: SimNode, tx: number, block: OpenedBlock, certificate: Uint8Array): void {
    const height = block.header.height
    const hash = toHex(block.hash)
    if (node.byzantine !== undefined) return
    this.receipts.push({ height, hash, tx })
    try {
      verifyCommitCertificate(this.ed, this.set, decodeCommitCertificate(certificate), { height, blockHash: block.hash })
    } catch (err) {
      this.violation(`receipt: r${node.index} handed out a receipt for height ${height} without a valid certificate: ${(err as Error).message}`)
    }
    const known = this.committed.get(height)
    if (known !== undefined && known !== hash) this.violation(`receipt: r${node.index} handed out a receipt for block ${hash.slice(0, 12)} at height ${height}, but ${known.slice(0, 12)} was committed there`)
  }

  /** After the run: every receipt a client holds is what every honest replica has on disk at its height. */
  private checkReceiptsAtEnd (): void {
    for (const r of this.receipts) {
      for (const node of this.honest()) {
        const stored = node.disk.chain[r.height - 1]
        if (stored === undefined) continue
        if (toHex(stored.block.hash) !== r.hash) {
          this.violation(`receipt contradicted: a client holds block ${r.hash.slice(0, 12)} at height ${r.height}, r${node.index} has ${toHex(stored.block.hash).slice(0, 12)} on disk`)
          return
        }
      }
    }
  }

  /** An in-memory commit (the replica applied the block): agreement, certificate, state digest. */
  private onCommit (node: SimNode, block: OpenedBlock, digest: Uint8Array): void {
    const height = block.header.height
    this.log(`r${node.index} commit ${height} ${toHex(block.hash).slice(0, 12)} (${block.header.txCount} txs)`)
    if (node.byzantine !== undefined) return
    const hash = toHex(block.hash)
    const known = this.committed.get(height)
    if (known === undefined) this.committed.set(height, hash)
    else if (known !== hash) this.violation(`agreement: two honest replicas committed different blocks at height ${height} (${known.slice(0, 12)} vs ${hash.slice(0, 12)} by r${node.index})`)
    const d = toHex(digest)
    const knownDigest = this.digests.get(height)
    if (knownDigest === undefined) this.digests.set(height, d)
    else if (knownDigest !== d && known === hash) this.violation(`state: r${node.index} computes state digest ${d.slice(0, 12)} at height ${height}, another honest replica ${knownDigest.slice(0, 12)}`)
  }

  private onDurable (node: SimNode, block: OpenedBlock): void {
    const height = block.header.height
    const chain = node.disk.chain
    const stored = chain[height - 1]
    if (stored === undefined || stored.block.hash !== block.hash) {
      this.violation(`r${node.index} reports height ${height} durable but its disk holds ${chain.length} blocks`)
      return
    }
    // As the node does: the block's state changes are written once it is durable, never before.
    const p = this.plugin.persistence
    if (p !== undefined && node.app !== undefined && node.schedule !== undefined) node.disk.writeState(p.take(node.app, height), node.schedule)
    const prev = chain[height - 2]
    if (!bytesEqual(block.header.prevHash, prev === undefined ? this.genesisHash : prev.block.hash)) {
      this.violation(`r${node.index} stored block ${height} that does not link to its previous block`)
    }
    if (node.byzantine !== undefined) return
    try {
      verifyCommitCertificate(this.ed, this.set, decodeCommitCertificate(stored.certificate), { height, blockHash: block.hash })
    } catch (err) {
      this.violation(`certificate: r${node.index} stored block ${height} without a valid commit certificate: ${(err as Error).message}`)
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
    if (s.knownBlocks > knownBlocksBound) this.violation(`bounds: r${node.index} keeps ${s.knownBlocks} validated blocks`)
  }

  private serveSync (node: SimNode, from: number, fromHeight: number): void {
    const source = this.nodes[from]
    if (source.pipeline === undefined || source.byzantine === 'silent' || !this.connected(node.index, from)) return
    // A node serves what it has on disk.
    const records = source.disk.chain.slice(fromHeight - 1, fromHeight - 1 + syncBatchBlocks)
    this.count('sync-blocks', records.length)
    let at = this.now + this.rng.int(1, 10)
    for (const r of records) {
      this.queue.push(at++, { k: 'synced', to: node.index, epoch: node.epoch, block: r.block, certificate: r.certificate })
    }
  }

  // ------------------------------------------------------------ byzantine behaviour

  private outgoing (node: SimNode, bytes: Uint8Array, targets: number[]): void {
    const send = (to: number, b: Uint8Array): void => this.transmit(node.index, to, epoch => ({ k: 'message', to, epoch, bytes: b }))
    switch (node.byzantine) {
      case undefined: {
        const broken = this.ledger.record(node.index, bytes)
        if (broken !== undefined) this.violation(`signing: ${broken}`)
        for (const to of targets) send(to, bytes)
        return
      }
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
