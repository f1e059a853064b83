// The node's ports of the consensus pipeline (consensus/pipeline.ts): the
// network is libp2p gossipsub (consensus messages, batched transaction
// gossip) plus direct sync streams, storage is the WORM chain store and the
// safety record on disk, the clock is the system clock. The simulator has
// its own ports; the pipeline between is the same code.
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Logger } from 'pino'
import type { ChainPort, ClockPort, NetworkPort, SafetyPort } from '../consensus/pipeline.ts'
import { byzantineBroadcast, type ByzantineMode, type Forger } from '../consensus/byzantine.ts'
import { openBlock, type OpenedBlock } from '../protocols/block.ts'
import { decodeStoredBlock } from '../protocols/codec.ts'
import {
  consensusTopic, decodeSyncResponse, ProtocolId, Status, SyncRequest, syncResponseBytesMax, TxBatch, txBatchBytesMax, txBatchCountMax, txTopic
} from '../protocols/node-protocols.ts'
import { exchange } from '../protocols/rpc.ts'
import type { SafetyStore } from './safety-store.ts'
import type { ChainStore } from './store/chain-store.ts'
import * as L from './constants.ts'

/** A block fetched by sync, opened once where it came in, with its certificate (not yet checked). */
export interface SyncedBlock { opened: OpenedBlock, certificate: Uint8Array }

/** A broken invariant or a failed write: the node stops rather than continue from a state it cannot trust. */
export type Fatal = (err: unknown, what: string) => void

/** Runs a completion callback of the pipeline; an assertion it throws is fatal, never an unhandled rejection. */
function completing (done: () => void, fatal: Fatal, what: string): () => void {
  return () => {
    try {
      done()
    } catch (err) {
      fatal(err, what)
    }
  }
}

export function safetyPort (store: SafetyStore, fatal: Fatal): SafetyPort {
  return {
    write: (state, done) => {
      store.write(state).then(completing(done, fatal, 'after a safety record write'), err => { fatal(err, 'writing the safety record') })
    }
  }
}

export function chainPort (store: ChainStore, fatal: Fatal): ChainPort {
  return {
    // ChainStore resolves appends in call order (one group commit after another).
    append: (block, certificate, done) => {
      store.append(block, certificate).then(completing(done, fatal, 'after an append'),
        err => { fatal(err, `appending committed block ${block.header.height}`) })
    }
  }
}

export class SystemClock implements ClockPort {
  private timer?: NodeJS.Timeout
  now (): number { return Date.now() }
  setTimer (atMs: number, fire: () => void): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      fire()
    }, Math.max(0, atMs - Date.now()))
  }

  stop (): void { clearTimeout(this.timer) }
}

export interface GossipNetworkComponents {
  libp2p: Libp2p<{ pubsub: GossipSub }>
  /** Publishes a message on a topic in a gossip envelope (node/host.ts Host.publish). */
  publish: (topic: string, message: Uint8Array) => Promise<void>
  chainId: string
  /**
   * Puts the genesis hash into the topic names (protocols/node-protocols.ts
   * consensusTopic), so nodes of another genesis never share them; the
   * node subscribes to the same topics.
   */
  genesisHash: Uint8Array
  validatorPeers: PeerId[]
  log: Logger
  /** A block fetched by sync, for the pipeline. */
  synced: (block: OpenedBlock, certificate: Uint8Array) => void
  /** Consensus inputs waiting in the pipeline (sync waits while many are). */
  queuedInputs: () => number
  /**
   * Checks a fetched batch's signatures ahead of the pipeline (SyncVerifier),
   * while the batch before it is handed over; `idle` once a sync is over.
   */
  preverify?: { verify: (blocks: SyncedBlock[]) => Promise<void>, idle: () => Promise<void>, readonly threads: number }
  /** Testnet only: a byzantine validator's behaviour. */
  byzantine?: { mode: ByzantineMode, forger: Forger }
}

export class GossipNetwork implements NetworkPort {
  /** Transactions to relay to the other validators, sent as one gossip batch. */
  private batch: Uint8Array[] = []
  private batchBytes = 0
  private batchTimer?: NodeJS.Immediate
  private syncing = false
  /** The highest head a validator answered a sync request with: how far this node knows the chain goes (metrics). */
  private syncHeadHeight = 0
  private stopped = false
  private readonly consensusTopic: string
  private readonly txTopic: string

  constructor (private readonly c: GossipNetworkComponents) {
    this.consensusTopic = consensusTopic(c.chainId, c.genesisHash)
    this.txTopic = txTopic(c.chainId, c.genesisHash)
  }

  broadcast (bytes: Uint8Array): void { this.publish(this.consensusTopic, bytes, true) }
  // Gossip reaches every validator: a message for one is published to all (it is signed and small).
  send (_to: number, bytes: Uint8Array): void { this.publish(this.consensusTopic, bytes, true) }

  gossipTx (tx: Uint8Array): void {
    if (this.batch.length >= txBatchCountMax || this.batchBytes + tx.length > txBatchBytesMax) this.flush()
    this.batch.push(tx)
    this.batchBytes += tx.length + 4
    // Relayed at the end of this turn of the event loop: what arrived in the same turn goes in one batch
    // (under load, many), and a lone transaction is not held back (a timer here added its delay to every
    // light-load transaction sent to a backup).
    this.batchTimer ??= setImmediate(() => { this.flush() })
  }

  requestSync (from: number, fromHeight: number): void { void this.fetchBlocks(from, fromHeight) }

  /** Whether blocks are being fetched now, and the highest head heard of in a sync answer. */
  get sync (): { active: boolean, headHeight: number } { return { active: this.syncing, headHeight: this.syncHeadHeight } }

  stop (): void {
    this.stopped = true
    clearImmediate(this.batchTimer)
  }

  private publish (topic: string, bytes: Uint8Array, consensus: boolean): void {
    const b = this.c.byzantine
    const out = consensus && b !== undefined ? byzantineBroadcast(b.mode, b.forger, bytes) : [bytes]
    for (const m of out) {
      this.c.publish(topic, m).catch(err => { this.c.log.debug({ err: (err as Error).message }, 'publish failed') })
    }
  }

  private flush (): void {
    clearImmediate(this.batchTimer)
    this.batchTimer = undefined
    if (this.batch.length === 0 || this.stopped) return
    const batch = TxBatch.encode({ txs: this.batch })
    this.batch = []
    this.batchBytes = 0
    this.publish(this.txTopic, batch, false)
  }

  /**
   * Fetches certified blocks from one validator and hands them to the
   * pipeline. The request for the next response goes out as soon as one
   * arrives, so that the pipeline never waits for a round trip; each
   * response's signatures are checked ahead (preverify, one response per
   * verifier thread) while the pipeline works on the ones before, and each
   * is handed over once checked. Held at most: one response in flight, one
   * per verifier thread, and what the pipeline has queued (waited for below
   * syncServeBlocksMax).
   */
  private async fetchBlocks (from: number, fromHeight: number): Promise<void> {
    if (this.syncing || this.stopped) return
    this.syncing = true
    // Responses fetched, their signatures being checked, oldest first: as many as there are verifier
    // threads, so that every thread has one while the pipeline works on the one before.
    const ahead: Array<{ blocks: SyncedBlock[], checked: Promise<void> }> = []
    const handOver = async (): Promise<void> => {
      const oldest = ahead.shift()
      if (oldest === undefined) return
      await oldest.checked
      for (const stored of oldest.blocks) {
        if (this.stopped) return
        this.c.synced(stored.opened, stored.certificate)
      }
      // Let the pipeline catch up before taking in more, so memory stays bounded.
      while (this.c.queuedInputs() > L.syncServeBlocksMax && !this.stopped) await new Promise(resolve => setTimeout(resolve, 10))
    }
    // Settled into a value, so that a request failing while the one before is handed over is no unhandled rejection.
    const request = async (fromHeight: number): Promise<{ response: ReturnType<typeof decodeSyncResponse> } | { err: unknown }> => {
      try {
        const stream = await this.c.libp2p.dialProtocol(this.c.validatorPeers[from], ProtocolId.sync, { signal: AbortSignal.timeout(L.dialTimeoutMs) })
        return { response: decodeSyncResponse(await exchange(stream, SyncRequest.encode({ fromHeight, blocksMax: L.syncServeBlocksMax }), syncResponseBytesMax, L.streamIoTimeoutMs)) }
      } catch (err) {
        return { err }
      }
    }
    try {
      let next = fromHeight
      let inFlight = request(next)
      for (;;) {
        const answer = await inFlight
        if (this.stopped) break
        if ('err' in answer) throw answer.err
        const { response } = answer
        if (response.status !== Status.OK || response.blocks.length === 0) break
        this.syncHeadHeight = Math.max(this.syncHeadHeight, response.headHeight)
        // Decoded and opened once, here (the verifier, the replica and the chain store all take the
        // opened block); a block that does not open ends the sync after the ones before it.
        const blocks: SyncedBlock[] = []
        let undecodable: unknown
        for (const bytes of response.blocks) {
          try {
            const stored = decodeStoredBlock(bytes)
            blocks.push({ opened: openBlock(stored.block), certificate: stored.certificate })
          } catch (err) { undecodable = err; break }
        }
        next += response.blocks.length
        const more = undecodable === undefined && next <= response.headHeight && !this.stopped
        if (more) inFlight = request(next)
        ahead.push({ blocks, checked: this.c.preverify?.verify(blocks) ?? Promise.resolve() })
        if (undecodable !== undefined) throw undecodable
        this.c.log.info({ from, fetched: next - 1, head: response.headHeight }, 'syncing')
        if (!more) break
        while (ahead.length > (this.c.preverify?.threads ?? 0)) await handOver()
      }
      while (ahead.length > 0) await handOver()
    } catch (err) {
      this.c.log.info({ from, err: (err as Error).message }, 'sync request failed')
      // What was fetched before the failure is certified blocks all the same.
      while (ahead.length > 0) await handOver().catch(() => {})
    } finally {
      this.syncing = false
      await this.c.preverify?.idle().catch(() => {})
    }
  }
}
