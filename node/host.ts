// The libp2p host of a node: TCP + Noise + yamux, gossipsub for the
// validators' consensus and transaction topics, identify, a connection gater
// for the peers a testnet operator blocks and the validators refused for
// running another genesis, and the dial loop that keeps a connection to
// every validator whatever the length of an outage.
import { createHash, randomBytes } from 'node:crypto'
import { gossipsub, StrictNoSign, TopicValidatorResult, type GossipSub, type Message } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { KEEP_ALIVE, type Libp2p, type PeerId, type PrivateKey } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import type { Logger } from 'pino'
import { prometheusMetrics } from '@libp2p/prometheus-metrics'
import type { Registry } from 'prom-client'
import { gossipNonceBytes } from '../protocols/constants.ts'
import { unwrapGossip, wrapGossip } from '../protocols/node-protocols.ts'
import * as L from './constants.ts'

/** A gossip message's id: the SHA-256 of its envelope, nonce included (node:crypto: it runs for every copy received). */
export function gossipMessageId (msg: Message): Uint8Array {
  return new Uint8Array(createHash('sha256').update(msg.data).digest())
}

export interface HostOptions {
  privateKey: PrivateKey
  listen: string[]
  /** Addresses told to peers instead of the listen addresses (empty: the listen addresses). */
  announce?: string[]
  /** Where libp2p's own metrics go (connections, streams by protocol), when the node exports metrics. */
  metricsRegistry?: Registry
  /** Multiaddrs (with /p2p/<PeerId>) of the other validators. */
  peers: string[]
  /** PeerIds of every validator: only they take part in gossip. */
  validators: Set<string>
  /** Peers refused (testnet fault injection). */
  blocked: Set<string>
  /** Testnets run every node and client on one IP: no per-host connection rate limit there. */
  testnet: boolean
  log: Logger
}

/**
 * Validators refused for a while, each until a time (ms): those that run
 * another genesis (node/genesis-handshake.ts). Apart from the testnet's
 * blocked set, which an operator's heal clears; a refusal ends only by
 * running out, and then the peer is asked again.
 */
class Refusals {
  private readonly until = new Map<string, number>()

  constructor (private readonly validators: Set<string>) {}

  /** Only validators are judged by genesis, so the map holds at most one entry per validator. */
  add (peer: string, forMs: number): boolean {
    if (!this.validators.has(peer)) return false
    this.until.set(peer, Date.now() + forMs)
    return true
  }

  has (peer: string): boolean {
    const until = this.until.get(peer)
    if (until === undefined) return false
    if (Date.now() < until) return true
    this.until.delete(peer)
    return false
  }
}

export class Host {
  private reconnect?: NodeJS.Timeout
  private stopped = false
  /** The configured validator addresses, parsed once: those with a /p2p/<PeerId>. */
  private readonly peers: Array<{ id: string, address: Multiaddr }>

  private constructor (readonly libp2p: Libp2p<{ pubsub: GossipSub }>, private readonly o: HostOptions, private readonly refusals: Refusals) {
    this.peers = o.peers.flatMap(addr => {
      const address = multiaddr(addr)
      const id = address.getComponents().find(c => c.name === 'p2p')?.value
      return id === undefined ? [] : [{ id, address }]
    })
  }

  static async create (o: HostOptions): Promise<Host> {
    const refusals = new Refusals(o.validators)
    // Refused validators (another genesis) stay connectable: they must be able to ask our STATUS and learn
    // that their genesis is not the network's. Their gossip (other topics anyway) and sync are refused.
    const blocked = (peer: PeerId): boolean => o.blocked.has(peer.toString())
    const libp2p = await createLibp2p({
      privateKey: o.privateKey,
      addresses: { listen: o.listen, ...(o.announce !== undefined && o.announce.length > 0 ? { announce: o.announce } : {}) },
      ...(o.metricsRegistry === undefined ? {} : { metrics: prometheusMetrics({ registry: o.metricsRegistry, collectDefaultMetrics: false }) }),
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: {
        allow: o.testnet ? ['/ip4/127.0.0.1/ipcidr/32'] : [],
        maxConnections: L.connectionsMax
      },
      connectionGater: {
        denyDialPeer: async (peer: PeerId) => blocked(peer),
        denyInboundEncryptedConnection: async (peer: PeerId) => blocked(peer),
        denyOutboundEncryptedConnection: async (peer: PeerId) => blocked(peer)
      },
      services: {
        identify: identify(),
        pubsub: gossipsub({
          // No gossipsub signatures: what we gossip is signed already (protocols/node-protocols.ts wrapGossip).
          globalSignaturePolicy: StrictNoSign,
          msgIdFn: gossipMessageId,
          allowPublishToZeroTopicPeers: true,
          emitSelf: false,
          maxInboundDataLength: L.gossipMessageBytesMax,
          scoreParams: {
            IPColocationFactorWhitelist: new Set(['127.0.0.1']),
            // Clients may connect, but only validators take part in gossip.
            appSpecificScore: (p: string) => o.validators.has(p) ? 0 : -1000
          }
        })
      }
    }) as unknown as Libp2p<{ pubsub: GossipSub }>
    return new Host(libp2p, o, refusals)
  }

  /**
   * Subscribes to `topic`, accepting gossip envelopes relayed by validators
   * only (gossipsub carries no origin without its signatures: the relaying
   * peer is the one we can judge, and what it relays must still pass the
   * message's own signature checks); `onMessage` gets the message.
   */
  subscribe (topic: string, onMessage: (data: Uint8Array) => void): void {
    const pubsub = this.libp2p.services.pubsub
    pubsub.topicValidators.set(topic, (relayer: PeerId, msg: Message): TopicValidatorResult => {
      const peer = relayer.toString()
      return msg.type === 'unsigned' && msg.data.length > gossipNonceBytes &&
        this.o.validators.has(peer) && !this.o.blocked.has(peer) && !this.refusals.has(peer)
        ? TopicValidatorResult.Accept
        : TopicValidatorResult.Reject
    })
    pubsub.addEventListener('message', (e) => { if (e.detail.topic === topic) onMessage(unwrapGossip(e.detail.data)) })
    pubsub.subscribe(topic)
  }

  /** Publishes `message` on `topic` in a gossip envelope with a fresh nonce. */
  async publish (topic: string, message: Uint8Array): Promise<void> {
    await this.libp2p.services.pubsub.publish(topic, wrapGossip(message, randomBytes(gossipNonceBytes)))
  }

  /** Remembers the validators' addresses (kept alive) and starts the dial loop. */
  async connectValidators (): Promise<void> {
    for (const { id, address } of this.peers) {
      await this.libp2p.peerStore.merge(peerIdFromString(id), { multiaddrs: [address.decapsulateCode(421)], tags: { [KEEP_ALIVE]: { value: 1 } } })
    }
    this.reconnect = setInterval(() => { void this.dialValidators() }, L.reconnectIntervalMs)
    void this.dialValidators()
  }

  /** Keeps a connection to every validator we are not connected to. */
  async dialValidators (): Promise<void> {
    if (this.stopped) return
    const connected = new Set(this.libp2p.getConnections().map(c => c.remotePeer.toString()))
    await Promise.all(this.peers.map(async ({ id, address }) => {
      if (this.o.blocked.has(id) || this.refusals.has(id) || connected.has(id)) return
      try {
        await this.libp2p.dial(address, { signal: AbortSignal.timeout(L.dialTimeoutMs) })
      } catch (err) {
        this.o.log.debug({ peer: id, err: (err as Error).message }, 'dial failed')
      }
    }))
  }

  /** Testnet fault injection: refuse these peers from now on and close what is open to them. */
  async setBlocked (peers: string[]): Promise<void> {
    const self = this.libp2p.peerId.toString()
    this.o.blocked.clear()
    for (const p of peers) if (p !== self) this.o.blocked.add(p)
    for (const c of this.libp2p.getConnections()) if (this.o.blocked.has(c.remotePeer.toString())) await c.close().catch(() => {})
    this.o.log.warn({ blocked: [...this.o.blocked] }, 'testnet fault injection: blocked peers set')
    if (this.o.blocked.size === 0) void this.dialValidators()
  }

  /**
   * Refuses validator `peer` for `forMs` (it runs another genesis): its
   * gossip is dropped, it is not served sync and not dialled; then it is
   * asked again. Its connections stay, so that it can ask our STATUS and
   * learn that it is the odd one out (and exit). A peer that is no validator
   * is left alone (returns false): only validators are judged by genesis.
   */
  async refuse (peer: string, forMs: number): Promise<boolean> {
    return peer !== this.libp2p.peerId.toString() && this.refusals.add(peer, forMs)
  }

  isRefused (peer: string): boolean { return this.refusals.has(peer) }

  async stop (): Promise<void> {
    this.stopped = true
    clearInterval(this.reconnect)
    await this.libp2p.stop()
  }
}
