// A certification node: it wires the chain store, the safety record, the
// certification state, the replica and the pipeline that drives it
// (consensus/pipeline.ts, the same code the simulator runs), the libp2p host
// and the protocol services. Everything that changes consensus state goes
// through the pipeline's one queue; the services only validate, read and
// hand work over.
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p, PeerId } from '@libp2p/interface'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import type { Logger } from 'pino'
import { bytesEqual, toHex } from '../protocols/bytes.ts'
import { makeValidatorSet, type ValidatorSet } from '../protocols/certificate.ts'
import { nodeEd25519, withVerifiedCache } from '../protocols/ed25519-node.ts'
import { genesisHash, validatorPublicKeys } from '../protocols/genesis.ts'
import { consensusTopic, decodeTxBatch, txTopic, type NodeStatus } from '../protocols/node-protocols.ts'
import type { KeyPair } from '../protocols/sign.ts'
import type { OpenedBlock } from '../protocols/block.ts'
import { Pipeline } from '../consensus/pipeline.ts'
import { Replica } from '../consensus/replica.ts'
import { ChainStore } from './store/chain-store.ts'
import { StoreError } from './store/errors.ts'
import { CertApp, stateDigestOrigin } from './state/cert-app.ts'
import * as SC from './state/constants.ts'
import { StateStore, type LoadedState } from './state/state-store.ts'
import { homePaths, publicKeyOf, seedOf, validatorPeersOf, type Home } from './config.ts'
import { SafetyStore } from './safety-store.ts'
import { GenesisHandshake, genesisHandshakeDefaults, type GenesisMismatchError } from './genesis-handshake.ts'
import { Host } from './host.ts'
import { chainPort, GossipNetwork, safetyPort, SystemClock } from './ports.ts'
import { NodeMetrics } from './metrics.ts'
import { txOutcomes } from './tx-outcomes.ts'
import { ControlService } from './services/control.ts'
import { QueryService, queryServiceDefaults } from './services/query.ts'
import type { ProtocolService } from './services/service.ts'
import { SyncService, syncServiceDefaults } from './services/sync.ts'
import { HttpService, httpServiceDefaults } from './services/http.ts'
import { RpcService, rpcServiceDefaults } from './services/rpc.ts'
import { TxService, txServiceDefaults } from './services/tx.ts'
import { SyncVerifier } from './sync-verifier.ts'
import * as L from './constants.ts'

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
  private readonly index: number
  private readonly key: KeyPair
  private readonly blocked = new Set<string>()
  private readonly clock = new SystemClock()
  private readonly startedMs = Date.now()
  private store!: ChainStore
  private state!: StateStore
  private safety!: SafetyStore
  private app!: CertApp
  private replica!: Replica
  private pipeline!: Pipeline
  private host!: Host
  private network!: GossipNetwork
  private services: ProtocolService[] = []
  private genesisHandshake?: GenesisHandshake
  /** Prometheus metrics, kept when the node serves them (config.json `http`): served at /metrics. */
  private readonly metrics?: NodeMetrics
  /** The HTTP API, when served: told of every durable block (its event stream). */
  private http?: HttpService
  private readonly genesisHash: Uint8Array
  private stopping = false
  /** Where the queue spends its time, by step and effect kind (ms): logged with progress. */
  readonly timings = new Map<string, { count: number, ms: number }>()
  /** Every signature check of this node (not libp2p's), each valid signature checked once. */
  private readonly ed = withVerifiedCache(nodeEd25519, L.verifiedSignaturesCachedMax)

  constructor (home: Home, options: NodeOptions) {
    this.home = home
    this.log = options.log
    this.paths = homePaths(home.dir)
    const keys = validatorPublicKeys(home.genesis)
    this.set = makeValidatorSet(home.genesis.chainId, keys)
    this.validatorPeers = keys.map(k => peerIdFromPublicKey(publicKeyFromRaw(k)))
    this.validatorIds = this.validatorPeers.map(p => p.toString())
    this.key = { secretKey: seedOf(home.key), publicKey: publicKeyOf(home.key) }
    this.index = keys.findIndex(k => bytesEqual(k, this.key.publicKey))
    if (this.index === -1) throw new Error('this node key is not a validator of the genesis')
    this.genesisHash = genesisHash(home.genesis)
    if (home.config.http !== undefined) {
      // Read at each scrape; not status(), which computes the state digest.
      this.metrics = new NodeMetrics(() => {
        const connected = new Set(this.libp2p.getConnections().map(c => c.remotePeer.toString()))
        return {
          view: this.replica.currentView,
          viewChanging: this.replica.isViewChanging,
          pendingTxs: this.replica.pendingTxCount,
          connectedValidators: this.validatorIds.filter(id => connected.has(id)).length,
          stableCheckpoint: this.replica.stableCheckpoint,
          syncing: this.network.sync.active,
          syncBehindBlocks: Math.max(0, this.network.sync.headHeight - this.store.height())
        }
      })
    }
  }

  get libp2p (): Libp2p<{ pubsub: GossipSub }> { return this.host.libp2p }
  get peerId (): PeerId { return this.libp2p.peerId }
  get validatorPosition (): number { return this.index }

  async start (): Promise<void> {
    await this.openState()
    const opened = await SafetyStore.open(this.paths.safety)
    this.safety = opened.store
    const head = this.store.head()
    if (opened.state !== undefined && opened.state.height > head.height + 1) {
      // The record of height h is written only once h - 1 is durable (consensus/pipeline.ts):
      // a chain that ends below that lost blocks it had made durable. Never continue from it.
      throw new StoreError('TRUNCATED', `the chain store ends at height ${head.height}, but this node's safety record shows heights up to ` +
        `${opened.state.height - 1} were durable: heights ${head.height + 1}..${opened.state.height - 1} are lost`, { height: head.height + 1 })
    }
    const params = this.home.params
    this.replica = new Replica({
      index: this.index, key: this.key, validators: this.set, genesisHash: genesisHash(this.home.genesis), genesisTimeMs: this.home.genesis.genesisTimeMs,
      ed: this.ed, app: this.app, params
    }, { head, safety: opened.state })
    await this.startHost()
    this.pipeline = this.makePipeline()
    await this.startServices()
    this.startGenesisHandshake()
    await this.host.connectValidators()
    this.pipeline.input({ kind: 'tick' })
    const waitMs = this.home.genesis.genesisTimeMs - Date.now()
    if (waitMs > 0) {
      this.log.warn({ genesisTime: new Date(this.home.genesis.genesisTimeMs).toISOString(), waitMs },
        'the genesis time is still to come: the network commits no block before it')
    }
    this.log.info({ index: this.index, peerId: this.peerId.toString(), listen: this.home.config.listen, addresses: this.libp2p.getMultiaddrs().map(String), byzantine: this.home.config.testnet?.byzantine }, 'node started')
  }

  /**
   * Opens the state store and loads the state it holds (at height S), opens
   * the chain store verifying the blocks above S (all of them when there is
   * no state, or it is not this chain's), then replays the blocks above S
   * into the state. Start time grows with the blocks since the last state
   * write (none after a clean stop), not with the chain.
   */
  private async openState (): Promise<void> {
    const t0 = Date.now()
    const fatal = (err: Error): void => { this.fatal(err, 'writing the state store') }
    this.state = await StateStore.open(this.paths.state, this.home.genesis, fatal, msg => { this.log.warn(msg) })
    let loaded: LoadedState | undefined
    try {
      loaded = await this.state.load()
    } catch (err) {
      if (!(err instanceof StoreError)) throw err
      this.log.warn({ code: err.code, err: err.message }, 'the state store is damaged: it is rebuilt from the chain')
      await this.state.clear()
      loaded = undefined
    }
    const tLoaded = Date.now()
    this.store = await ChainStore.open(this.paths.chain, this.home.genesis, this.ed, {
      ...(loaded === undefined ? {} : { verifiedPrefix: { height: loaded.height, hash: loaded.blockHash } }),
      onProgress: p => { if (p.height % 10_000 === 0 && p.height > 0) this.log.info({ height: p.height }, 'verifying chain store') }
    })
    if (loaded !== undefined && this.store.verifiedPrefixHeight !== loaded.height) {
      if (loaded.height > this.store.height()) {
        // The state is written only once its block is durable: a chain below it lost blocks it had made durable.
        throw new StoreError('TRUNCATED', `the chain store ends at height ${this.store.height()}, but the state store was applied up to ${loaded.height}: ` +
          `heights ${this.store.height() + 1}..${loaded.height} were durable and are lost (to accept the shorter chain, remove the chain store's ` +
          `DURABLE-HEAD.* files and the state directory ${this.paths.state}; it is rebuilt)`, { height: this.store.height() + 1 })
      }
      this.log.warn({ stateHeight: loaded.height }, 'the state store holds the state of another chain at its height: it is rebuilt from this chain')
      await this.state.clear()
      loaded = undefined
    }
    const tOpened = Date.now()
    // The records are read from the state store as execution needs them, whether it was loaded or starts empty.
    const restored = loaded ?? { height: 0, digest: stateDigestOrigin(this.home.genesis.chainId), committedCount: 0, nonces: [], records: this.state }
    this.app = new CertApp(this.ed, this.home.genesis, { keepChanges: true, restored })
    const from = this.app.height + 1
    for await (const b of this.store.blocks(from)) {
      this.app.commit(b.block)
      this.state.write(this.app.takeChanges(b.height))
      // A replay runs faster than LevelDB lands batches: wait for them, so that what waits stays bounded.
      if (this.state.queuedChangeSets >= SC.replayQueuedChangeSetsMax) await this.state.settled()
      if ((b.height - from + 1) % SC.replayProgressBlocks === 0) this.log.info({ height: b.height, head: this.store.height() }, 'replaying the chain into the state')
    }
    this.log.info({
      height: this.store.height(),
      ms: Date.now() - t0,
      stateLoadMs: tLoaded - t0,
      chainOpenMs: tOpened - tLoaded,
      replayMs: Date.now() - tOpened,
      stateHeight: loaded?.height ?? 0,
      verifiedFrom: this.store.verifiedPrefixHeight + 1,
      replayedBlocks: this.store.height() - from + 1
    }, 'chain store verified and state rebuilt')
  }

  private async startHost (): Promise<void> {
    const testnet = this.home.config.testnet
    this.host = await Host.create({
      privateKey: this.home.key,
      listen: this.home.config.listen,
      peers: validatorPeersOf(this.home.genesis, this.home.config, this.validatorIds[this.index]),
      announce: this.home.config.announce ?? [],
      ...(this.metrics === undefined || this.home.config.http?.libp2pMetrics === false ? {} : { metricsRegistry: this.metrics.registry }),
      validators: new Set(this.validatorIds),
      blocked: this.blocked,
      testnet: testnet !== undefined,
      log: this.log
    })
    this.network = new GossipNetwork({
      libp2p: this.libp2p,
      publish: async (topic, message) => { await this.host.publish(topic, message) },
      chainId: this.set.chainId,
      genesisHash: this.genesisHash,
      validatorPeers: this.validatorPeers,
      log: this.log,
      synced: (block, certificate) => { this.guard(() => this.pipeline.input({ kind: 'synced', block, certificate })) },
      queuedInputs: () => this.pipeline.queuedInputs,
      preverify: new SyncVerifier(this.home.genesis, this.ed, L.syncVerifyThreads),
      byzantine: testnet?.byzantine === undefined
        ? undefined
        : { mode: testnet.byzantine, forger: { ed: nodeEd25519, key: this.key, chainId: this.set.chainId, random: Math.random } }
    })
    const consensus = consensusTopic(this.set.chainId, this.genesisHash)
    this.host.subscribe(consensus, data => {
      this.guard(() => { if (!this.pipeline.input({ kind: 'message', bytes: data })) this.log.debug('consensus inbox full: message dropped') })
    })
    // A validator that (re)subscribes can hear us again: the replica tells it our head, so that a node
    // restarted behind, or one that was cut off, syncs at once rather than at the next idle status (5 s).
    this.host.libp2p.services.pubsub.addEventListener('subscription-change', (e) => {
      if (!e.detail.subscriptions.some(s => s.subscribe && s.topic === consensus)) return
      const replica = this.validatorIds.indexOf(e.detail.peerId.toString())
      if (replica < 0 || replica === this.index) return
      this.guard(() => { this.pipeline.input({ kind: 'peer-up', replica }) })
    })
    this.host.subscribe(txTopic(this.set.chainId, this.genesisHash), data => {
      let batch
      try {
        batch = decodeTxBatch(data)
      } catch (err) {
        this.log.debug({ err: (err as Error).message }, 'bad transaction batch')
        return
      }
      this.guard(() => { for (const bytes of batch.txs) this.pipeline.relayedTx(bytes) })
    })
  }

  private makePipeline (): Pipeline {
    const fatal = (err: unknown, what: string): void => { this.fatal(err, what) }
    return new Pipeline(this.replica, {
      network: this.network,
      safety: safetyPort(this.safety, fatal),
      chain: chainPort(this.store, fatal),
      clock: this.clock
    }, {
      inboxMessagesMax: L.inboxMessagesMax,
      txInboxMax: L.txInboxMax,
      appendsInFlightMax: L.appendsInFlightMax,
      commitWaitersMax: L.commitWaitersMax
    }, {
      durable: (block) => { this.afterAppend(block) },
      notice: (e) => {
        if (e.kind === 'evidence') {
          this.metrics?.evidenceOf(e.reason)
          this.log.warn({ offender: e.offender, reason: e.reason, evidence: toHex(e.evidence).slice(0, 64) }, 'evidence of a faulty validator')
        } else if (e.kind === 'view') {
          if (e.changing) this.metrics?.viewChange(e.reason)
          this.log.info({ view: e.view, changing: e.changing, reason: e.reason }, e.changing ? 'view change' : 'new view')
        } else {
          this.metrics?.refusedInput(e.code)
          this.log.debug({ code: e.code, reason: e.reason }, 'input rejected')
        }
      },
      timing: (what, ms) => { this.time(what, ms) }
    })
  }

  private async startServices (): Promise<void> {
    const query = new QueryService(queryServiceDefaults, {
      libp2p: this.libp2p, store: () => this.store, app: () => this.app, state: () => this.state, status: () => this.status()
    })
    const tx = new TxService(txServiceDefaults, {
      libp2p: this.libp2p,
      pipeline: () => this.pipeline,
      app: () => this.app,
      state: () => this.state,
      receiptAt: async loc => await query.receiptAt(loc),
      stopping: () => this.stopping
    })
    this.services = [
      tx,
      query,
      new RpcService(rpcServiceDefaults, { libp2p: this.libp2p, tx, query, log: this.log }),
      new SyncService(syncServiceDefaults, {
        libp2p: this.libp2p, store: () => this.store, isValidator: peer => this.validatorIds.includes(peer) && !this.blocked.has(peer) && !this.host.isRefused(peer)
      })
    ]
    const http = this.home.config.http
    if (http !== undefined) {
      this.http = new HttpService({ ...httpServiceDefaults, ...http.listen, requestsPerMinutePerClient: http.requestsPerMinutePerClient ?? httpServiceDefaults.requestsPerMinutePerClient }, {
        store: () => this.store, app: () => this.app, state: () => this.state, status: () => this.status(), genesis: this.home.genesis,
        receiptAt: async loc => await query.receiptAt(loc), log: this.log, metrics: this.metrics
      })
      this.services.push(this.http)
    }
    const testnet = this.home.config.testnet
    if (testnet !== undefined) {
      this.services.push(new ControlService({ ...ControlService.limits, operatorPublicKey: testnet.operatorPublicKey, chainId: this.set.chainId }, {
        libp2p: this.libp2p, setBlocked: async peers => { await this.host.setBlocked(peers) }
      }))
    }
    for (const s of this.services) await s.start()
  }

  /** Asks every validator that connects for its genesis: one of another genesis is refused; a quorum of them means ours is wrong. */
  private startGenesisHandshake (): void {
    this.genesisHandshake = new GenesisHandshake({
      ...genesisHandshakeDefaults,
      ours: { chainId: this.set.chainId, genesisHash: this.genesisHash },
      validators: this.validatorIds.filter((_, i) => i !== this.index),
      quorum: this.set.quorum
    }, {
      libp2p: this.libp2p,
      refuse: async (peer, forMs) => await this.host.refuse(peer, forMs),
      log: this.log,
      exit: err => { this.exitWrongGenesis(err) }
    })
    this.genesisHandshake.start()
  }

  /** This node's genesis is not the network's: it must not take part. Exit code 2, like any other invalid home. */
  private exitWrongGenesis (err: GenesisMismatchError): void {
    this.log.fatal({ code: err.code, ourGenesisHash: toHex(err.ours.genesisHash), networkGenesisHash: toHex(err.network.genesisHash), answers: err.answers }, err.message)
    process.exitCode = L.wrongGenesisExitCode
    void this.stop().finally(() => process.exit(L.wrongGenesisExitCode))
  }

  async stop (): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    this.genesisHandshake?.stop()
    this.clock.stop()
    this.network?.stop()
    // Let the record being written and the appends in flight finish, so the store is never left mid-append.
    if (this.pipeline !== undefined) await new Promise<void>(resolve => { this.pipeline.stop(resolve) })
    for (const s of this.services) await s.stop().catch(() => {})
    await this.host?.stop()
    await this.store?.close()
    await this.state?.close()
    await this.safety?.close()
    this.log.info('node stopped')
  }

  /** Runs a pipeline entry point: a broken invariant there is fatal. */
  private guard (fn: () => void): void {
    try {
      fn()
    } catch (err) {
      this.fatal(err, 'in the consensus pipeline')
    }
  }

  private fatal (err: unknown, what: string): void {
    // A broken invariant or a failed write: stop rather than continue from a state we cannot trust.
    this.log.fatal({ err }, `${what}: invariant broken or storage failed; exiting`)
    process.exitCode = 70
    void this.stop().finally(() => process.exit(70))
  }

  private time (what: string, ms: number): void {
    if (what === 'append') this.metrics?.fsyncSeconds('chain', ms)
    else if (what === 'persist') this.metrics?.fsyncSeconds('safety', ms)
    const t = this.timings.get(what) ?? { count: 0, ms: 0 }
    t.count++
    t.ms += ms
    this.timings.set(what, t)
  }

  private afterAppend (block: OpenedBlock): void {
    const height = block.header.height
    // Only now: the state store never holds a height the chain store may still lose.
    this.state.write(this.app.takeChanges(height))
    if (this.metrics !== undefined || this.http !== undefined) {
      const outcomes = txOutcomes(block)
      this.metrics?.durable(block, outcomes, Date.now())
      this.http?.durable(block, outcomes)
    }
    if (height % L.progressLogEveryBlocks === 0) {
      const timings = Object.fromEntries([...this.timings].map(([k, v]) => [k, { count: v.count, avgMs: Number((v.ms / v.count).toFixed(3)) }]))
      this.log.info({ height, view: this.replica.currentView, timings }, 'committed')
    } else {
      this.log.debug({ height, txs: block.header.txCount }, 'committed')
    }
  }

  status (): NodeStatus {
    // The durable head: receipts and queries serve only what is on disk.
    const head = this.store.head()
    const connected = new Set(this.libp2p.getConnections().map(c => c.remotePeer.toString()))
    const mesh = new Set(this.libp2p.services.pubsub.getSubscribers(consensusTopic(this.set.chainId, this.genesisHash)).map(p => p.toString()))
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
}
