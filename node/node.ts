// A certification node: the chain store, the replica and its serial queue,
// the libp2p host and the protocols it serves. Everything that changes
// consensus state goes through one queue, one input at a time; protocol
// handlers only validate, enqueue and wait.
import { gossipsub, StrictSign, TopicValidatorResult, type GossipSub, type Message } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { KEEP_ALIVE, type Connection, type Libp2p, type PeerId, type Stream } from '@libp2p/interface'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import type { Logger } from 'pino'
import { bytesEqual, fromHex, toHex } from '../protocols/bytes.ts'
import { makeValidatorSet, type ValidatorSet } from '../protocols/certificate.ts'
import { decodeStoredBlock, encode } from '../protocols/codec.ts'
import { nodeEd25519 } from '../protocols/ed25519-node.ts'
import { CertchainError } from '../protocols/errors.ts'
import { genesisHash, validatorPublicKeys } from '../protocols/genesis.ts'
import { merkleProver, type MerkleProof } from '../protocols/merkle.ts'
import {
  consensusTopic, ControlRequest, ControlResponse, decodeControlRequest, decodeQueryRequest, decodeSubmitTxRequest, decodeSyncRequest,
  decodeSyncResponse, ProtocolId, QueryKind, QueryResponse, Status, SubmitTxResponse, SyncRequest, SyncResponse, syncResponseBytesMax,
  txTopic, blockHashesMax, controlRequestBytesMax, decodeTxBatch, TxBatch, txBatchBytesMax, txBatchCountMax, queryRequestBytesMax, submitRequestBytesMax, syncRequestBytesMax, type NodeStatus, type Receipt
} from '../protocols/node-protocols.ts'
import type { OpenedBlock } from '../protocols/block.ts'
import { exchange, serve } from '../protocols/rpc.ts'
import { SignTag, verifyTagged, type KeyPair } from '../protocols/sign.ts'
import { byzantineBroadcast, type Forger } from '../consensus/byzantine.ts'
import { checkParams, defaultConsensusParams } from '../consensus/constants.ts'
import { Replica } from '../consensus/replica.ts'
import type { Effect, Input, TxAdmission } from '../consensus/types.ts'
import type { CheckedTransaction } from '../protocols/tx.ts'
import { ChainStore } from './store/chain-store.ts'
import { CertApp } from './state/cert-app.ts'
import { attemptsPerQueryMax } from './state/constants.ts'
import { homePaths, publicKeyOf, seedOf, type Home } from './config.ts'
import { SafetyStore } from './safety-store.ts'
import * as L from './constants.ts'
import { PeerRateLimiter } from '../protocols/rate-limit.ts'

type QueueItem =
  | { kind: 'input', input: DistributiveOmit<Input, 'nowMs'> }
  | { kind: 'submit', tx: CheckedTransaction, resolve: (a: TxAdmission) => void }

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

interface TxLocation { height: number, index: number }

export interface NodeOptions {
  log: Logger
}

export class CertNode {
  readonly home: Home
  private readonly log: Logger
  private readonly paths: ReturnType<typeof homePaths>
  private readonly set: ValidatorSet
  private readonly validatorIds: string[]
  private readonly validatorPeers: PeerId[]
  /** The configured validator addresses, parsed once: those with a /p2p/<PeerId>. */
  private readonly peers: Array<{ id: string, address: Multiaddr }>
  private readonly validatorIndex = new Map<string, number>()
  private readonly index: number
  private readonly key: KeyPair
  private store!: ChainStore
  private safety!: SafetyStore
  private app!: CertApp
  private replica!: Replica
  libp2p!: Libp2p<{ pubsub: GossipSub }>
  /**
   * Two queues: consensus inputs (messages, ticks, synced blocks) go first,
   * transactions after, so a flood of transactions never delays a round.
   */
  private readonly queue: QueueItem[] = []
  private readonly txQueue: QueueItem[] = []
  private txQueueHead = 0
  /** Transactions to relay to the other validators, sent as one gossip batch. */
  private gossipBatch: Uint8Array[] = []
  private gossipBatchBytes = 0
  private gossipTimer?: NodeJS.Timeout
  private draining = false
  private stopping = false
  private timer?: NodeJS.Timeout
  private timerAtMs = Infinity
  private reconnect?: NodeJS.Timeout
  private readonly txIndex = new Map<string, TxLocation>()
  private readonly waiters = new Map<string, Array<(r: Receipt) => void>>()
  private waiterCount = 0
  private syncing = false
  private readonly blocked = new Set<string>()
  private readonly txLimiter = new PeerRateLimiter(L.txRatePerPeerPerSecond, L.txBurstPerPeer)
  private readonly queryLimiter = new PeerRateLimiter(L.queryRatePerPeerPerSecond, L.queryBurstPerPeer)
  private readonly startedMs = Date.now()
  private lastControlMs = 0
  private droppedMessages = 0
  private readonly forger?: Forger

  constructor (home: Home, options: NodeOptions) {
    this.home = home
    this.log = options.log
    this.paths = homePaths(home.dir)
    const keys = validatorPublicKeys(home.genesis)
    this.set = makeValidatorSet(home.genesis.chainId, keys)
    this.validatorPeers = keys.map(k => peerIdFromPublicKey(publicKeyFromRaw(k)))
    this.validatorIds = this.validatorPeers.map(p => p.toString())
    this.validatorIds.forEach((id, i) => this.validatorIndex.set(id, i))
    this.key = { secretKey: seedOf(home.key), publicKey: publicKeyOf(home.key) }
    this.peers = home.config.peers.flatMap(addr => {
      const address = multiaddr(addr)
      const id = address.getComponents().find(c => c.name === 'p2p')?.value
      return id === undefined ? [] : [{ id, address }]
    })
    this.index = keys.findIndex(k => bytesEqual(k, this.key.publicKey))
    if (this.index === -1) throw new Error('this node key is not a validator of the genesis')
    if (home.config.testnet?.byzantine !== undefined) {
      this.forger = { ed: nodeEd25519, key: this.key, chainId: this.set.chainId, random: Math.random }
    }
  }

  get peerId (): PeerId { return this.libp2p.peerId }
  get validatorPosition (): number { return this.index }

  async start (): Promise<void> {
    const { genesis } = this.home
    const t0 = Date.now()
    this.store = await ChainStore.open(this.paths.chain, genesis, nodeEd25519, {
      onProgress: p => { if (p.height % 10_000 === 0 && p.height > 0) this.log.info({ height: p.height }, 'verifying chain store') }
    })
    this.app = new CertApp(nodeEd25519, genesis)
    for await (const b of this.store.blocks(1)) {
      this.app.commit(b.block)
      b.block.txIds.forEach((id, i) => { this.indexTx(toHex(id), { height: b.height, index: i }) })
    }
    const head = this.store.head()
    this.log.info({ height: head.height, ms: Date.now() - t0 }, 'chain store verified and state rebuilt')
    const opened = await SafetyStore.open(this.paths.safety)
    this.safety = opened.store
    const params = checkParams({ ...defaultConsensusParams, ...(this.home.config.consensus ?? {}) })
    this.replica = new Replica({
      index: this.index, key: this.key, validators: this.set, genesisHash: genesisHash(genesis), genesisTimeMs: genesis.genesisTimeMs,
      ed: nodeEd25519, app: this.app, params
    }, { head, safety: opened.state })
    await this.startLibp2p()
    this.enqueue({ kind: 'input', input: { kind: 'tick' } })
    this.log.info({ index: this.index, peerId: this.peerId.toString(), listen: this.libp2p.getMultiaddrs().map(String), byzantine: this.home.config.testnet?.byzantine }, 'node started')
  }

  private async startLibp2p (): Promise<void> {
    const validators = new Set(this.validatorIds)
    const isTestnet = this.home.config.testnet !== undefined
    this.libp2p = await createLibp2p({
      privateKey: this.home.key,
      addresses: { listen: this.home.config.listen },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: {
        // Local testnets run every node and client on one IP; the default of
        // 5 inbound connections per second per host would refuse them.
        allow: isTestnet ? ['/ip4/127.0.0.1/ipcidr/32'] : [],
        maxConnections: 1024
      },
      connectionGater: {
        denyDialPeer: async (peer: PeerId) => this.blocked.has(peer.toString()),
        denyInboundEncryptedConnection: async (peer: PeerId) => this.blocked.has(peer.toString()),
        denyOutboundEncryptedConnection: async (peer: PeerId) => this.blocked.has(peer.toString())
      },
      services: {
        identify: identify(),
        pubsub: gossipsub({
          globalSignaturePolicy: StrictSign,
          allowPublishToZeroTopicPeers: true,
          emitSelf: false,
          maxInboundDataLength: 4 * 1024 * 1024,
          scoreParams: {
            IPColocationFactorWhitelist: new Set(['127.0.0.1']),
            // Clients may connect, but only validators take part in gossip.
            appSpecificScore: (p: string) => validators.has(p) ? 0 : -1000
          }
        })
      }
    }) as unknown as Libp2p<{ pubsub: GossipSub }>
    const pubsub = this.libp2p.services.pubsub
    const onlyValidators = (_peer: PeerId, msg: Message): TopicValidatorResult =>
      msg.type === 'signed' && validators.has(msg.from.toString()) && !this.blocked.has(msg.from.toString())
        ? TopicValidatorResult.Accept
        : TopicValidatorResult.Reject
    const cTopic = consensusTopic(this.set.chainId)
    const tTopic = txTopic(this.set.chainId)
    pubsub.topicValidators.set(cTopic, onlyValidators)
    pubsub.topicValidators.set(tTopic, onlyValidators)
    pubsub.addEventListener('message', (e) => {
      const m = e.detail
      if (m.topic === cTopic) {
        if (this.queue.length >= L.inboxMessagesMax) { this.droppedMessages++; return }
        this.enqueue({ kind: 'input', input: { kind: 'message', bytes: m.data } })
      } else if (m.topic === tTopic) {
        let batch
        try {
          batch = decodeTxBatch(m.data)
        } catch (err) {
          this.log.debug({ err: (err as Error).message }, 'bad transaction batch')
          return
        }
        if (this.queuedTxs + batch.txs.length > L.txInboxMax) { this.droppedMessages += batch.txs.length; return }
        for (const bytes of batch.txs) this.enqueue({ kind: 'input', input: { kind: 'tx', bytes, fromClient: false } })
      }
    })
    pubsub.subscribe(cTopic)
    pubsub.subscribe(tTopic)
    await this.libp2p.handle(ProtocolId.tx, (s, c) => { void this.serveTx(s, c) }, { maxInboundStreams: L.txStreamsPerConnectionMax })
    await this.libp2p.handle(ProtocolId.query, (s, c) => { void this.serveQuery(s, c) }, { maxInboundStreams: L.queryStreamsPerConnectionMax })
    await this.libp2p.handle(ProtocolId.sync, (s, c) => { void this.serveSync(s, c) }, { maxInboundStreams: L.syncStreamsPerConnectionMax })
    if (isTestnet) await this.libp2p.handle(ProtocolId.control, (s, c) => { void this.serveControl(s, c) }, { maxInboundStreams: L.controlStreamsPerConnectionMax })
    for (const { id, address } of this.peers) {
      await this.libp2p.peerStore.merge(peerIdFromString(id), { multiaddrs: [address.decapsulateCode(421)], tags: { [KEEP_ALIVE]: { value: 1 } } })
    }
    this.reconnect = setInterval(() => { void this.dialValidators() }, L.reconnectIntervalMs)
    void this.dialValidators()
  }

  /** Keeps a connection to every validator, whatever the length of an outage. */
  private async dialValidators (): Promise<void> {
    if (this.stopping) return
    const connected = new Set(this.libp2p.getConnections().map(c => c.remotePeer.toString()))
    await Promise.all(this.peers.map(async ({ id, address }) => {
      if (this.blocked.has(id) || connected.has(id)) return
      try {
        await this.libp2p.dial(address, { signal: AbortSignal.timeout(L.dialTimeoutMs) })
      } catch (err) {
        this.log.debug({ peer: id, err: (err as Error).message }, 'dial failed')
      }
    }))
  }

  async stop (): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    clearInterval(this.reconnect)
    clearTimeout(this.timer)
    clearTimeout(this.gossipTimer)
    // Let the queue finish the input in hand, so the store is never left mid-append.
    while (this.draining) await new Promise(resolve => setTimeout(resolve, 5))
    await this.libp2p?.stop()
    await this.appending
    await this.store?.close()
    await this.safety?.close()
    this.log.info('node stopped')
  }

  // ------------------------------------------------------------------ the serial queue

  private enqueue (item: QueueItem): void {
    if (this.stopping) return
    if (item.kind === 'submit' || (item.kind === 'input' && item.input.kind === 'tx')) this.txQueue.push(item)
    else this.queue.push(item)
    if (!this.draining) void this.drain()
  }

  private get queuedTxs (): number { return this.txQueue.length - this.txQueueHead }

  private nextItem (): QueueItem | undefined {
    if (this.queue.length > 0) return this.queue.shift()
    if (this.txQueueHead < this.txQueue.length) {
      const item = this.txQueue[this.txQueueHead++]
      if (this.txQueueHead > 4096 && this.txQueueHead * 2 > this.txQueue.length) {
        this.txQueue.splice(0, this.txQueueHead)
        this.txQueueHead = 0
      }
      return item
    }
    return undefined
  }

  private async drain (): Promise<void> {
    this.draining = true
    try {
      for (;;) {
        if (this.stopping) break
        if (this.appendsInFlight >= L.appendsInFlightMax) await this.appending
        const item = this.nextItem()
        if (item === undefined) break
        const now = Date.now()
        const t0 = performance.now()
        if (item.kind === 'submit') {
          const { admission, effects } = this.replica.submit(now, item.tx, true)
          this.time('step:submit', t0)
          item.resolve(admission)
          await this.execute(effects)
        } else {
          const effects = this.replica.step({ ...item.input, nowMs: now } as Input)
          this.time(`step:${item.input.kind}`, t0)
          await this.execute(effects)
        }
      }
    } catch (err) {
      // A broken invariant: stop rather than continue from a state we cannot trust.
      this.log.fatal({ err }, 'invariant broken in the consensus queue; exiting')
      process.exitCode = 70
      void this.stop().finally(() => process.exit(70))
    } finally {
      this.draining = false
    }
  }

  /** Where the queue spends its time, by step and effect kind (ms): logged with progress, shown in status. */
  readonly timings = new Map<string, { count: number, ms: number }>()
  private time (what: string, since: number): void {
    const t = this.timings.get(what) ?? { count: 0, ms: 0 }
    t.count++
    t.ms += performance.now() - since
    this.timings.set(what, t)
  }

  private async execute (effects: Effect[]): Promise<void> {
    for (const e of effects) {
      const t0 = performance.now()
      await this.executeOne(e)
      this.time(e.kind, t0)
    }
  }

  private async executeOne (e: Effect): Promise<void> {
    {
      switch (e.kind) {
        case 'broadcast':
        case 'send':
          this.publish(consensusTopic(this.set.chainId), e.bytes, true)
          break
        case 'gossip-tx':
          this.queueGossip(e.bytes)
          break
        case 'persist':
          await this.safety.write(e.safety)
          break
        case 'commit':
          this.onCommit(e.block, e.certificate)
          break
        case 'sync':
          void this.fetchBlocks(e.from, e.fromHeight)
          break
        case 'timer':
          this.armTimer(e.atMs)
          break
        case 'evidence':
          this.log.warn({ offender: e.offender, reason: e.reason, evidence: toHex(e.evidence).slice(0, 64) }, 'evidence of a faulty validator')
          break
        case 'view':
          this.log.info({ view: e.view, changing: e.changing, reason: e.reason }, e.changing ? 'view change' : 'new view')
          break
        case 'rejected':
          this.log.debug({ code: e.code, reason: e.reason }, 'input rejected')
          break
      }
    }
  }

  private publish (topic: string, bytes: Uint8Array, consensus: boolean): void {
    const mode = this.home.config.testnet?.byzantine
    const out = consensus && mode !== undefined && this.forger !== undefined ? byzantineBroadcast(mode, this.forger, bytes) : [bytes]
    for (const b of out) {
      this.libp2p.services.pubsub.publish(topic, b).catch(err => this.log.debug({ err: (err as Error).message }, 'publish failed'))
    }
  }

  private queueGossip (tx: Uint8Array): void {
    if (this.gossipBatch.length >= txBatchCountMax || this.gossipBatchBytes + tx.length > txBatchBytesMax) this.flushGossip()
    this.gossipBatch.push(tx)
    this.gossipBatchBytes += tx.length + 4
    this.gossipTimer ??= setTimeout(() => { this.flushGossip() }, L.txGossipDelayMs)
  }

  private flushGossip (): void {
    clearTimeout(this.gossipTimer)
    this.gossipTimer = undefined
    if (this.gossipBatch.length === 0) return
    const batch = TxBatch.encode({ txs: this.gossipBatch })
    this.gossipBatch = []
    this.gossipBatchBytes = 0
    this.publish(txTopic(this.set.chainId), batch, false)
  }

  private armTimer (atMs: number): void {
    if (atMs >= this.timerAtMs && this.timer !== undefined) return
    clearTimeout(this.timer)
    this.timerAtMs = atMs
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.timerAtMs = Infinity
      this.enqueue({ kind: 'input', input: { kind: 'tick' } })
    }, Math.max(0, atMs - Date.now()))
  }

  /**
   * Appends run in the background, in order (the store serializes them), so
   * the next round starts while the disk syncs; receipts and the tx index
   * wait for the append. The queue waits when too many are in flight.
   */
  private appending: Promise<void> = Promise.resolve()
  private appendsInFlight = 0

  private onCommit (block: OpenedBlock, certificate: Uint8Array): void {
    // Clients waiting for a commit get their receipt now, not after our own
    // disk sync: the commit certificate makes it final and checkable by
    // anyone, whether or not this node has written the block yet (if it
    // crashes first, it fetches the block again from the others).
    this.answerWaiters(block, certificate)
    this.appendsInFlight++
    const append = this.store.append(block.bytes, certificate)
    this.appending = append.then(() => {
      this.appendsInFlight--
      this.afterAppend(block)
    }, (err: unknown) => {
      this.log.fatal({ err, height: block.header.height }, 'appending a committed block failed; exiting')
      process.exit(70)
    })
  }

  private afterAppend (block: OpenedBlock): void {
    const height = block.header.height
    block.txIds.forEach((id, index) => { this.indexTx(toHex(id), { height, index }) })
    if (height % L.progressLogEveryBlocks === 0) {
      const timings = Object.fromEntries([...this.timings].map(([k, v]) => [k, { count: v.count, avgMs: Number((v.ms / v.count).toFixed(3)) }]))
      this.log.info({ height, view: this.replica.currentView, timings }, 'committed')
    } else {
      this.log.debug({ height, txs: block.header.txCount }, 'committed')
    }
  }

  /**
   * The first block that holds a transaction is where it executed; a faulty
   * primary may include it again later (it executes as a duplicate there).
   */
  private indexTx (key: string, loc: TxLocation): void {
    if (!this.txIndex.has(key)) this.txIndex.set(key, loc)
  }

  private answerWaiters (block: OpenedBlock, certificate: Uint8Array): void {
    if (this.waiterCount === 0) return
    let provers: Provers | undefined
    block.txIds.forEach((id, index) => {
      const key = toHex(id)
      const waiting = this.waiters.get(key)
      if (waiting !== undefined) {
        this.waiters.delete(key)
        this.waiterCount -= waiting.length
        provers ??= proversOf(block)
        const receipt = receiptOf(block, certificate, index, provers)
        for (const w of waiting) w(receipt)
      }
    })
  }

  // ------------------------------------------------------------------ sync (client side)

  private async fetchBlocks (from: number, fromHeight: number): Promise<void> {
    if (this.syncing || this.stopping) return
    this.syncing = true
    try {
      let next = fromHeight
      for (;;) {
        const stream = await this.libp2p.dialProtocol(this.validatorPeers[from], ProtocolId.sync, { signal: AbortSignal.timeout(L.dialTimeoutMs) })
        const response = decodeSyncResponse(await exchange(stream, SyncRequest.encode({ fromHeight: next, blocksMax: L.syncServeBlocksMax }), syncResponseBytesMax, L.streamIoTimeoutMs))
        if (response.status !== Status.OK || response.blocks.length === 0) break
        for (const bytes of response.blocks) {
          const stored = decodeStoredBlock(bytes)
          this.enqueue({ kind: 'input', input: { kind: 'synced', block: stored.block, certificate: stored.certificate } })
        }
        next += response.blocks.length
        this.log.info({ from, fetched: next - 1, head: response.headHeight }, 'syncing')
        if (next > response.headHeight || this.stopping) break
        // Let the queue catch up before fetching more, so memory stays bounded.
        while (this.queue.length > L.syncServeBlocksMax && !this.stopping) await new Promise(resolve => setTimeout(resolve, 10))
      }
    } catch (err) {
      this.log.info({ from, err: (err as Error).message }, 'sync request failed')
    } finally {
      this.syncing = false
    }
  }

  // ------------------------------------------------------------------ protocol handlers

  private async serveTx (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    await serve(stream, submitRequestBytesMax, L.streamIoTimeoutMs, async (bytes) => {
      const fail = (status: Status, error: string): Uint8Array => SubmitTxResponse.encode({ status, error, txId: new Uint8Array(0) })
      if (this.stopping) return fail(Status.UNAVAILABLE, 'node is stopping')
      if (!this.txLimiter.take(peer, Date.now())) return fail(Status.RATE_LIMITED, 'too many transactions from this peer')
      let request
      try {
        request = decodeSubmitTxRequest(bytes)
      } catch (err) {
        return fail(Status.MALFORMED, (err as Error).message)
      }
      let checked
      try {
        checked = this.app.checkTx(request.tx)
      } catch (err) {
        const code = err instanceof CertchainError && err.name === 'SignatureError' ? Status.BAD_SIGNATURE : Status.MALFORMED
        return fail(code, (err as Error).message)
      }
      const refused = this.app.admissionError(checked)
      if (refused !== undefined) return fail(Status.UNAUTHORIZED, refused)
      const key = toHex(checked.id)
      const txId = checked.id
      const existing = this.txIndex.get(key)
      if (existing !== undefined) {
        const receipt = request.wait ? await this.receiptAt(existing) : undefined
        return SubmitTxResponse.encode({ status: Status.ALREADY_COMMITTED, error: '', txId, receipt })
      }
      let committed: Promise<Receipt | undefined> | undefined
      if (request.wait) {
        if (this.waiterCount >= L.commitWaitersMax) return fail(Status.UNAVAILABLE, 'too many clients waiting for commits')
        if (this.queuedTxs >= L.txInboxMax) return fail(Status.MEMPOOL_FULL, 'too many transactions waiting; try later')
        const timeoutMs = Math.min(request.timeoutMs === 0 ? L.commitWaitDefaultMs : request.timeoutMs, L.commitWaitMaxMs)
        committed = this.waitForCommit(key, timeoutMs)
      }
      const admission = await new Promise<TxAdmission>(resolve => this.enqueue({ kind: 'submit', tx: checked, resolve }))
      if (admission === 'full') return fail(Status.MEMPOOL_FULL, 'the mempool is full; try later')
      if (admission === 'invalid') return fail(Status.MALFORMED, 'transaction refused')
      if (admission === 'committed') {
        // Committed by the replica but perhaps not on disk yet: wait for the appends in flight, then prove it.
        await this.appending
        const loc = this.txIndex.get(key)
        const receipt = request.wait && loc !== undefined ? await this.receiptAt(loc) : undefined
        return SubmitTxResponse.encode({ status: Status.ALREADY_COMMITTED, error: '', txId, receipt })
      }
      if (committed === undefined) return SubmitTxResponse.encode({ status: Status.OK, error: '', txId })
      const receipt = await committed
      if (receipt === undefined) return SubmitTxResponse.encode({ status: Status.TIMEOUT, error: 'not committed within the timeout; it may still commit', txId })
      return SubmitTxResponse.encode({ status: Status.OK, error: '', txId, receipt })
    }, () => SubmitTxResponse.encode({ status: Status.OVERSIZED, error: `request over ${submitRequestBytesMax} bytes`, txId: new Uint8Array(0) }))
  }

  private async waitForCommit (key: string, timeoutMs: number): Promise<Receipt | undefined> {
    return await new Promise<Receipt | undefined>(resolve => {
      let done = false
      const finish = (r: Receipt | undefined): void => {
        if (done) return
        done = true
        clearTimeout(t)
        resolve(r)
      }
      const t = setTimeout(() => {
        const list = this.waiters.get(key)
        if (list !== undefined) {
          const i = list.indexOf(finish)
          if (i !== -1) { list.splice(i, 1); this.waiterCount-- }
          if (list.length === 0) this.waiters.delete(key)
        }
        finish(undefined)
      }, timeoutMs)
      const list = this.waiters.get(key) ?? []
      list.push(finish)
      this.waiters.set(key, list)
      this.waiterCount++
    })
  }

  private async receiptAt (loc: TxLocation): Promise<Receipt | undefined> {
    const b = await this.store.getBlock(loc.height)
    return b === undefined ? undefined : receiptOf(b.block, b.certificateBytes, loc.index)
  }

  private async serveQuery (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    await serve(stream, queryRequestBytesMax, L.streamIoTimeoutMs, async (bytes) => {
      const fail = (status: Status, error: string): Uint8Array => QueryResponse.encode({ status, error })
      if (!this.queryLimiter.take(peer, Date.now())) return fail(Status.RATE_LIMITED, 'too many queries from this peer')
      let request
      try {
        request = decodeQueryRequest(bytes)
      } catch (err) {
        return fail(Status.MALFORMED, (err as Error).message)
      }
      switch (request.kind) {
        case QueryKind.STATUS:
          return QueryResponse.encode({ status: Status.OK, error: '', nodeStatus: this.status() })
        case QueryKind.BLOCK: {
          const b = request.height >= 1 ? await this.store.getBlock(request.height) : undefined
          if (b === undefined) return fail(Status.NOT_FOUND, `no block at height ${request.height}`)
          return QueryResponse.encode({ status: Status.OK, error: '', block: { block: b.block.bytes, certificate: b.certificateBytes } })
        }
        case QueryKind.TX: {
          const loc = this.txIndex.get(toHex(request.txId))
          const receipt = loc === undefined ? undefined : await this.receiptAt(loc)
          if (receipt === undefined) return fail(Status.NOT_FOUND, 'no committed transaction with this id')
          return QueryResponse.encode({ status: Status.OK, error: '', receipt })
        }
        case QueryKind.BLOCK_HASHES: {
          const hashes: Uint8Array[] = []
          const last = Math.min(this.store.height(), request.height + Math.min(request.count, blockHashesMax) - 1)
          if (request.height >= 1) for await (const b of this.store.blocks(request.height, last)) hashes.push(b.hash)
          return QueryResponse.encode({ status: Status.OK, error: '', blockHashes: hashes })
        }
        case QueryKind.REGISTRATION: {
          const registration = this.app.registration(request.id)
          if (registration === undefined) return fail(Status.NOT_FOUND, 'no such registration')
          return QueryResponse.encode({ status: Status.OK, error: '', registration, heightAt: this.app.height })
        }
        case QueryKind.DEVICE: {
          const device = this.app.device(request.id)
          if (device === undefined) return fail(Status.NOT_FOUND, 'no such device')
          return QueryResponse.encode({ status: Status.OK, error: '', device, heightAt: this.app.height })
        }
        case QueryKind.INTEGRITY: {
          if (request.integrity === undefined) return fail(Status.MALFORMED, 'INTEGRITY needs an integrity key')
          return QueryResponse.encode({ status: Status.OK, error: '', verdict: this.app.checkIntegrity(request.id, request.integrity), heightAt: this.app.height })
        }
        case QueryKind.ATTEMPTS: {
          const all = this.app.attempts(request.id)
          const page = all.slice(request.offset, request.offset + Math.min(request.count === 0 ? attemptsPerQueryMax : request.count, attemptsPerQueryMax))
          // A page reads up to 64 blocks: it costs as many queries.
          if (!this.queryLimiter.take(peer, Date.now(), page.length)) return fail(Status.RATE_LIMITED, 'too many queries from this peer')
          const receipts: Receipt[] = []
          let cached: { height: number, block: OpenedBlock, certificate: Uint8Array, provers: Provers } | undefined
          for (const loc of page) {
            // The index is updated at commit, the store after the append: serve only what is on disk.
            if (loc.height > this.store.height()) break
            if (cached?.height !== loc.height) {
              const b = await this.store.getBlock(loc.height)
              if (b === undefined) break
              cached = { height: loc.height, block: b.block, certificate: b.certificateBytes, provers: proversOf(b.block) }
            }
            receipts.push(receiptOf(cached.block, cached.certificate, loc.index, cached.provers))
          }
          return QueryResponse.encode({ status: Status.OK, error: '', receipts, total: all.length })
        }
        default:
          return fail(Status.MALFORMED, 'unknown query kind')
      }
    }, () => QueryResponse.encode({ status: Status.OVERSIZED, error: 'query too large' }))
  }

  status (): NodeStatus {
    // The durable head: receipts and queries serve only what is on disk.
    const head = this.store.head()
    const connected = new Set(this.libp2p.getConnections().map(c => c.remotePeer.toString()))
    const mesh = new Set(this.libp2p.services.pubsub.getSubscribers(consensusTopic(this.set.chainId)).map(p => p.toString()))
    return {
      chainId: this.set.chainId,
      genesisHash: genesisHash(this.home.genesis),
      index: this.index,
      height: head.height,
      view: this.replica.currentView,
      viewChanging: this.replica.isViewChanging,
      tipHash: head.hash,
      validators: this.validatorIds,
      connectedValidators: this.validatorIds.filter(id => connected.has(id)),
      pendingTxs: this.replica.pendingTxCount,
      stableCheckpoint: this.replica.stableCheckpoint,
      byzantineMode: this.home.config.testnet?.byzantine ?? '',
      blockedPeers: [...this.blocked],
      uptimeMs: Date.now() - this.startedMs,
      meshPeers: this.validatorIds.filter(id => mesh.has(id)).length,
      stateDigest: this.app.height === head.height ? this.app.digest() : new Uint8Array(0)
    }
  }

  private async serveSync (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    await serve(stream, syncRequestBytesMax, L.streamIoTimeoutMs, async (bytes) => {
      const fail = (status: Status, error: string): Uint8Array => SyncResponse.encode({ status, error, blocks: [], headHeight: 0 })
      if (!this.validatorIndex.has(peer) || this.blocked.has(peer)) return fail(Status.UNAUTHORIZED, 'sync is for validators')
      let request
      try {
        request = decodeSyncRequest(bytes)
      } catch (err) {
        return fail(Status.MALFORMED, (err as Error).message)
      }
      const headHeight = this.store.height()
      const blocks: Uint8Array[] = []
      let size = 0
      const last = Math.min(headHeight, request.fromHeight + Math.min(request.blocksMax, L.syncServeBlocksMax) - 1)
      if (request.fromHeight >= 1) {
        for await (const b of this.store.blocks(request.fromHeight, last)) {
          const record = encode.storedBlock({ block: b.block.bytes, certificate: b.certificateBytes })
          if (blocks.length > 0 && size + record.length > syncResponseBytesMax - 64 * 1024) break
          blocks.push(record)
          size += record.length + 8
        }
      }
      return SyncResponse.encode({ status: Status.OK, error: '', blocks, headHeight })
    })
  }

  private async serveControl (stream: Stream, _connection: Connection): Promise<void> {
    await serve(stream, controlRequestBytesMax, L.streamIoTimeoutMs, async (bytes) => {
      const fail = (status: Status, error: string): Uint8Array => ControlResponse.encode({ status, error })
      const operator = this.home.config.testnet?.operatorPublicKey
      if (operator === undefined) return fail(Status.UNAUTHORIZED, 'not a testnet node')
      let request: ControlRequest
      try {
        request = decodeControlRequest(bytes)
      } catch (err) {
        return fail(Status.MALFORMED, (err as Error).message)
      }
      const body = ControlRequest.encode({ ...request, signature: new Uint8Array(0) })
      if (!verifyTagged(nodeEd25519, fromHex(operator), SignTag.testnetControl, this.set.chainId, body, request.signature)) {
        return fail(Status.UNAUTHORIZED, 'not signed by the testnet operator')
      }
      const now = Date.now()
      if (Math.abs(now - request.issuedMs) > L.controlFreshnessMs || request.issuedMs <= this.lastControlMs) {
        return fail(Status.UNAUTHORIZED, 'stale or replayed control request')
      }
      this.lastControlMs = request.issuedMs
      this.blocked.clear()
      for (const p of request.blockedPeers) if (p !== this.peerId.toString()) this.blocked.add(p)
      for (const c of this.libp2p.getConnections()) if (this.blocked.has(c.remotePeer.toString())) await c.close().catch(() => {})
      this.log.warn({ blocked: [...this.blocked] }, 'testnet fault injection: blocked peers set')
      if (this.blocked.size === 0) void this.dialValidators()
      return ControlResponse.encode({ status: Status.OK, error: '' })
    })
  }
}

interface Provers { tx: (index: number) => MerkleProof, result: (index: number) => MerkleProof }

const proversOf = (block: OpenedBlock): Provers => ({ tx: merkleProver(block.block.txs), result: merkleProver(block.block.results) })

export function receiptOf (block: OpenedBlock, certificate: Uint8Array, index: number, provers: Provers = proversOf(block)): Receipt {
  return {
    header: block.headerBytes,
    certificate,
    tx: block.block.txs[index],
    txProof: provers.tx(index),
    result: block.block.results[index],
    resultProof: provers.result(index)
  }
}
