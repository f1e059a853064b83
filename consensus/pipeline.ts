// The pipeline: the one piece of code that turns a replica's effects into
// I/O. It owns the serial input queue, the order of publish, safety record
// and appends, the commit waiters and the back-pressure on the disk. It
// reaches the world only through ports (network, safety record, chain store,
// clock) and is written with completion callbacks, not promises, so that the
// seeded simulator drives exactly this code, deterministically, with its own
// ports (simulated network, storage that loses unsynced writes, skewed
// clocks), and a node drives it with libp2p, the disk and the system clock.
//
// The rules it keeps, each one a hole the simulator found in an earlier
// driver (see README.md):
// 1. A safety record for height h is written only once the chain is durable
//    up to h - 1. The record of height h - 1 holds the prepared certificate
//    (or the votes) of the block committed there; overwriting it before that
//    block is on disk would let a crash forget both, and a restarted replica
//    would sign a second, different vote at that height, or the network
//    would decide the height again with other content.
// 2. No message of a step leaves before every safety record of that step is
//    durable, whatever the order the replica listed them in: a VIEW-CHANGE
//    counted by others must never be followed, after a crash, by votes in
//    the old view.
// 3. A client's commit waiter is answered once the block is durable in the
//    local chain store, never at the in-memory commit.
// 4. While a safety record is being written, no further input is stepped,
//    so messages always leave in step order.
import { toHex } from '../protocols/bytes.ts'
import type { OpenedBlock } from '../protocols/block.ts'
import type { CheckedTransaction } from '../protocols/tx.ts'
import { txStepBatchMax } from './constants.ts'
import type { Replica } from './replica.ts'
import type { Effect, Input, SafetyState, TxAdmission } from './types.ts'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** An input as the pipeline takes it: the clock is the pipeline's to read. */
export type PipelineInput = DistributiveOmit<Exclude<Input, { kind: 'tx' }>, 'nowMs'>

export interface NetworkPort {
  /** A signed consensus message to every other validator. */
  broadcast: (bytes: Uint8Array) => void
  /** A signed consensus message to one validator. */
  send: (to: number, bytes: Uint8Array) => void
  /** A client transaction to relay to the other validators. */
  gossipTx: (bytes: Uint8Array) => void
  /** Ask validator `from` for committed blocks from `fromHeight` on; they come back as `synced` inputs. */
  requestSync: (from: number, fromHeight: number) => void
}

export interface SafetyPort {
  /** Make `state` durable, then call `done`. A crash before `done` may leave the previous record. */
  write: (state: SafetyState, done: () => void) => void
}

export interface ChainPort {
  /**
   * Append a committed block; call `done` once it is durable. Appends
   * complete in call order (a group commit may complete several at once).
   */
  append: (block: OpenedBlock, certificate: Uint8Array, done: () => void) => void
}

export interface ClockPort {
  /** Local wall-clock time in ms (may jump; the pipeline never lets the replica see it go back). */
  now: () => number
  /** Call `fire` at or after local time `atMs`; replaces the timer set before. */
  setTimer: (atMs: number, fire: () => void) => void
}

export interface PipelinePorts {
  network: NetworkPort
  safety: SafetyPort
  chain: ChainPort
  clock: ClockPort
}

export interface PipelineLimits {
  /** Consensus inputs (messages, ticks, synced blocks) waiting; beyond, new ones are dropped. */
  inboxMessagesMax: number
  /** Transactions waiting (client submissions and gossip together). */
  txInboxMax: number
  /** Committed blocks whose append has not completed; beyond, the queue waits for the disk. */
  appendsInFlightMax: number
  /** Clients waiting for a commit, all together. */
  commitWaitersMax: number
}

export interface PipelineEvents {
  /** A block is durable in the local chain store (tx index, logs). */
  durable?: (block: OpenedBlock, certificate: Uint8Array) => void
  /** Informational effects: evidence, view changes, rejected inputs. */
  notice?: (effect: Extract<Effect, { kind: 'evidence' | 'view' | 'rejected' }>) => void
  /** Time spent on one step (by input kind) or effect, for profiling. */
  timing?: (what: string, ms: number) => void
}

/**
 * Test only: re-create the orderings of the earlier node driver, each of
 * which the simulator proved unsafe, so that the regression seeds show the
 * checker still catches them. Never set in a node.
 */
export interface UnsafeOrderings {
  /** Write safety records without waiting for the chain to be durable below their height. */
  safetyAheadOfChain?: boolean
  /** Send messages in effect order, before a later safety record of the step is durable. */
  sendBeforePersist?: boolean
  /** Answer commit waiters at the in-memory commit. */
  receiptsAtCommit?: boolean
}

/** Where a waited-for transaction ended up: the block (durable) that holds it, and its index there. */
export type CommitCallback = (block: OpenedBlock, certificate: Uint8Array, index: number) => void

export interface Waiter { key: string, callback: CommitCallback }

interface InputItem { kind: 'input', input: PipelineInput }
type TxItem =
  | { kind: 'tx', bytes: Uint8Array, fromClient: boolean }
  | { kind: 'submit', tx: CheckedTransaction, waiter?: Waiter, done: (admission: TxAdmission, waiting: boolean) => void }

export class PipelineError extends Error {
  constructor (readonly code: 'FULL' | 'STOPPED' | 'WAITERS_FULL', message: string) {
    super(message)
    this.name = 'PipelineError'
  }
}

export class Pipeline {
  /** Two lanes: consensus inputs go first, transactions after, so a flood of transactions never delays a round. */
  private readonly queue = new Lane<InputItem>()
  private readonly txQueue = new Lane<TxItem>()
  private pumping = false
  private stopped = false
  private lastNowMs = 0
  /** The safety record being written (or waiting for the chain), and the messages held behind it. */
  private safetyInFlight?: { state: SafetyState, outbox: Effect[], writing: boolean }
  private appendsInFlight = 0
  private durable: number
  /** Heights committed in memory, not yet durable, and the transaction ids in them. */
  private readonly undurable = new Map<string, number>()
  private readonly waiters = new Map<string, Waiter[]>()
  private waiterTotal = 0
  private idleCallbacks: Array<() => void> = []
  /** Inputs dropped because a queue was full. */
  dropped = 0

  constructor (
    private readonly replica: Replica,
    private readonly ports: PipelinePorts,
    private readonly limits: PipelineLimits,
    private readonly events: PipelineEvents = {},
    private readonly unsafe: UnsafeOrderings = {}
  ) {
    this.durable = replica.head.height
  }

  /** The height the local chain store has made durable. */
  get durableHeight (): number { return this.durable }
  get waiterCount (): number { return this.waiterTotal }
  get queuedTxs (): number { return this.txQueue.length }
  get queuedInputs (): number { return this.queue.length }
  get pendingAppends (): number { return this.appendsInFlight }
  /** Nothing queued, no record being written, no append in flight. */
  get idle (): boolean {
    return this.queuedInputs === 0 && this.queuedTxs === 0 && this.safetyInFlight === undefined && this.appendsInFlight === 0
  }

  /** A consensus input (message, tick, synced block). Dropped (and counted) when the inbox is full. */
  input (input: PipelineInput): boolean {
    if (this.stopped) return false
    if (this.queuedInputs >= this.limits.inboxMessagesMax && input.kind !== 'tick') {
      this.dropped++
      return false
    }
    this.queue.push({ kind: 'input', input })
    this.pump()
    return true
  }

  /** A transaction relayed by a peer (unchecked bytes). */
  relayedTx (bytes: Uint8Array): boolean {
    if (this.stopped) return false
    if (this.queuedTxs >= this.limits.txInboxMax) {
      this.dropped++
      return false
    }
    this.txQueue.push({ kind: 'tx', bytes, fromClient: false })
    this.pump()
    return true
  }

  /**
   * A client's transaction, already checked. `done` gets the admission and
   * whether `onCommit` stays registered: it is for 'added' and 'duplicate'
   * (in the mempool), and for 'committed' while the block is not durable yet;
   * a 'committed' answer with `waiting` false means the block is durable
   * already (look it up in the store). Throws PipelineError when full.
   */
  submit (tx: CheckedTransaction, done: (admission: TxAdmission, waiting: boolean) => void, onCommit?: CommitCallback): Waiter | undefined {
    if (this.stopped) throw new PipelineError('STOPPED', 'the node is stopping')
    if (this.queuedTxs >= this.limits.txInboxMax) throw new PipelineError('FULL', 'too many transactions waiting')
    let waiter: Waiter | undefined
    if (onCommit !== undefined) {
      if (this.waiterTotal >= this.limits.commitWaitersMax) throw new PipelineError('WAITERS_FULL', 'too many clients waiting for commits')
      waiter = { key: toHex(tx.id), callback: onCommit }
      this.addWaiter(waiter)
    }
    this.txQueue.push({ kind: 'submit', tx, waiter, done })
    this.pump()
    return waiter
  }

  /** Forget a waiter (its client gave up). */
  cancel (waiter: Waiter): void {
    const list = this.waiters.get(waiter.key)
    if (list === undefined) return
    const i = list.indexOf(waiter)
    if (i === -1) return
    list.splice(i, 1)
    this.waiterTotal--
    if (list.length === 0) this.waiters.delete(waiter.key)
  }

  /** Stop stepping; `done` once the record being written and the appends in flight have completed. */
  stop (done: () => void): void {
    this.stopped = true
    if (this.safetyInFlight?.writing !== true && this.appendsInFlight === 0) {
      done()
      return
    }
    this.idleCallbacks.push(done)
  }

  // ---------------------------------------------------------------- the queue

  private get blocked (): boolean {
    return this.stopped || this.safetyInFlight !== undefined || this.appendsInFlight >= this.limits.appendsInFlightMax
  }

  private pump (): void {
    if (this.pumping) return
    this.pumping = true
    try {
      while (!this.blocked) {
        const item = this.queue.shift()
        if (item !== undefined) {
          this.stepOne(item)
          continue
        }
        if (this.txQueue.length === 0) break
        const txs: TxItem[] = []
        while (txs.length < txStepBatchMax) {
          const tx = this.txQueue.shift()
          if (tx === undefined) break
          txs.push(tx)
        }
        this.stepTxs(txs)
      }
    } finally {
      this.pumping = false
    }
  }

  private nowMs (): number {
    this.lastNowMs = Math.max(this.lastNowMs, this.ports.clock.now())
    return this.lastNowMs
  }

  private stepOne (item: InputItem): void {
    const t0 = performance.now()
    const input = { ...item.input, nowMs: this.nowMs() } as Input
    const effects = this.replica.step(input)
    this.events.timing?.(`step:${input.kind}`, performance.now() - t0)
    this.execute(effects)
  }

  /** Transactions admitted together, so that a proposal they trigger holds all of them. */
  private stepTxs (items: TxItem[]): void {
    const t0 = performance.now()
    const { admissions, effects } = this.replica.submitMany(this.nowMs(), items.map(item =>
      item.kind === 'submit' ? { tx: item.tx, fromClient: true } : { tx: item.bytes, fromClient: item.fromClient }))
    this.events.timing?.('step:txs', performance.now() - t0)
    items.forEach((item, i) => {
      if (item.kind !== 'submit') return
      const admission = admissions[i]
      let waiting = false
      if (item.waiter !== undefined) {
        waiting = admission === 'added' || admission === 'duplicate' || (admission === 'committed' && this.undurable.has(item.waiter.key))
        if (!waiting) this.cancel(item.waiter)
      }
      item.done(admission, waiting)
    })
    this.execute(effects)
  }

  // ---------------------------------------------------------------- effects

  private execute (effects: Effect[]): void {
    let safety: SafetyState | undefined
    const outbox: Effect[] = []
    for (const e of effects) {
      switch (e.kind) {
        case 'broadcast':
        case 'send':
          // The earlier driver: effects in order, each safety record a barrier only for what follows it.
          if (this.unsafe.sendBeforePersist === true && safety === undefined) this.sendOne(e)
          else outbox.push(e)
          break
        case 'persist':
          // Each record is the whole safety state: the last one of a step supersedes the others.
          safety = e.safety
          break
        case 'gossip-tx':
          this.ports.network.gossipTx(e.bytes)
          break
        case 'commit':
          this.append(e.block, e.certificate)
          break
        case 'sync':
          this.ports.network.requestSync(e.from, e.fromHeight)
          break
        case 'timer':
          this.ports.clock.setTimer(e.atMs, () => { this.input({ kind: 'tick' }) })
          break
        case 'evidence':
        case 'view':
        case 'rejected':
          this.events.notice?.(e)
          break
      }
    }
    if (safety === undefined) {
      for (const e of outbox) this.sendOne(e)
      return
    }
    this.safetyInFlight = { state: safety, outbox, writing: false }
    this.writeSafetyWhenReady()
  }

  private sendOne (e: Effect): void {
    if (e.kind === 'broadcast') this.ports.network.broadcast(e.bytes)
    else if (e.kind === 'send') this.ports.network.send(e.to, e.bytes)
  }

  /** Rule 1: the record of height h waits for the chain to be durable up to h - 1. */
  private writeSafetyWhenReady (): void {
    const pending = this.safetyInFlight
    if (pending === undefined || pending.writing) return
    if (this.unsafe.safetyAheadOfChain !== true && this.durable < pending.state.height - 1) return
    pending.writing = true
    const t0 = performance.now()
    this.ports.safety.write(pending.state, () => {
      this.events.timing?.('persist', performance.now() - t0)
      this.safetyInFlight = undefined
      for (const e of pending.outbox) this.sendOne(e)
      this.checkIdle()
      this.pump()
    })
  }

  private append (block: OpenedBlock, certificate: Uint8Array): void {
    const height = block.header.height
    this.appendsInFlight++
    for (const id of block.txIds) {
      const key = toHex(id)
      if (!this.undurable.has(key)) this.undurable.set(key, height)
    }
    if (this.unsafe.receiptsAtCommit === true) this.answerWaiters(block, certificate)
    const t0 = performance.now()
    this.ports.chain.append(block, certificate, () => {
      this.events.timing?.('append', performance.now() - t0)
      if (height !== this.durable + 1) throw new Error(`assertion: appends complete in order (${height} after ${this.durable})`)
      this.durable = height
      this.appendsInFlight--
      for (const id of block.txIds) {
        const key = toHex(id)
        if (this.undurable.get(key) === height) this.undurable.delete(key)
      }
      if (this.unsafe.receiptsAtCommit !== true) this.answerWaiters(block, certificate)
      this.events.durable?.(block, certificate)
      this.writeSafetyWhenReady()
      this.checkIdle()
      this.pump()
    })
  }

  private answerWaiters (block: OpenedBlock, certificate: Uint8Array): void {
    if (this.waiterTotal === 0) return
    block.txIds.forEach((id, index) => {
      const key = toHex(id)
      const list = this.waiters.get(key)
      if (list === undefined) return
      this.waiters.delete(key)
      this.waiterTotal -= list.length
      for (const w of list) w.callback(block, certificate, index)
    })
  }

  private addWaiter (waiter: Waiter): void {
    const list = this.waiters.get(waiter.key)
    if (list === undefined) this.waiters.set(waiter.key, [waiter])
    else list.push(waiter)
    this.waiterTotal++
  }

  private checkIdle (): void {
    if (this.idleCallbacks.length === 0 || this.safetyInFlight?.writing === true || this.appendsInFlight > 0) return
    const callbacks = this.idleCallbacks
    this.idleCallbacks = []
    for (const cb of callbacks) cb()
  }
}

/**
 * A FIFO with a moving head, compacted now and then: no O(n) shift per item.
 * A slot is cleared as its item leaves: until the next compaction it would
 * otherwise keep the item alive, and with it the network buffer its bytes are
 * a view of (thousands of transactions' 8 KiB buffer slabs, measured).
 */
class Lane<T> {
  private items: Array<T | undefined> = []
  private head = 0
  get length (): number { return this.items.length - this.head }
  push (item: T): void { this.items.push(item) }
  shift (): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }
}
