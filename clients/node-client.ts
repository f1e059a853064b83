// A light libp2p client of certchain nodes: no listener, no gossip, just
// Noise-secured requests to whichever node it is given: all of them on one
// long-lived stream per node (/certchain/rpc/1.0.0, many in flight), or, to a
// node that does not speak it, one stream per request (tx, query).
// Every answer that claims finality is checked offline (certificate and
// Merkle proofs against the validator set) before it is returned.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { openBlock, type OpenedBlock } from '../protocols/block.ts'
import { verifyCommitCertificate, type ValidatorSet } from '../protocols/certificate.ts'
import { decodeCommitCertificate } from '../protocols/codec.ts'
import { CertchainError } from '../protocols/errors.ts'
import {
  decodeQueryResponse, decodeRpcResponse, decodeSubmitTxResponse, ProtocolId, QueryKind, QueryRequest, queryResponseBytesMax, rpcInFlightPerStreamMax,
  rpcParkedPerStreamMax, RpcRequest, rpcResponseBytesMax, Status, SubmitTxRequest, submitResponseBytesMax, verifyReceipt, queryRequest, type NodeStatus, type Receipt,
  type RpcResponse, type VerifiedReceipt
} from '../protocols/node-protocols.ts'
import { Channel, ChannelClosedError, exchange } from '../protocols/rpc.ts'
import type { Ed25519 } from '../protocols/sign.ts'
import type { AppIntegrity, DeviceRecord, RegistrationRecord, Verdict } from '../protocols/cert.ts'

export { Status }

export type ClientErrorCode = keyof typeof Status | 'UNREACHABLE' | 'BAD_RESPONSE' | 'CLOSED'

/** A request that did not succeed: `code` says why (a node Status, UNREACHABLE, BAD_RESPONSE, or CLOSED: this client was closed). */
export class ClientError extends CertchainError {
  constructor (code: ClientErrorCode, message: string) { super('ClientError', code, message) }
}

export interface NodeClientOptions {
  /** Requests time out after this (default 10 s). */
  timeoutMs?: number
  /** A persistent identity; a fresh one otherwise. */
  privateKey?: PrivateKey
}

export interface SubmitResult {
  status: 'accepted' | 'committed' | 'already-committed' | 'timeout'
  txId: Uint8Array
  receipt?: VerifiedReceipt
  /** The receipt as received (verified when `ed` and `set` were given). */
  rawReceipt?: Receipt
}

const statusName = (s: Status): ClientErrorCode => (Object.keys(Status).find(k => (Status as Record<string, unknown>)[k] === s) ?? 'BAD_RESPONSE') as ClientErrorCode

/** Requests in flight to one node at once (each its own stream on the one connection). */
const outboundStreamsMax = 1024

const empty = new Uint8Array(0)
/** A node that did not speak rpc is asked again after this. */
const legacyRecheckMs = 60_000

export class NodeClient {
  /** Per node address: its rpc channel (opening or open), or, until a time (ms), 'legacy' for a node that did not speak /certchain/rpc/1.0.0. */
  private readonly channels = new Map<string, Promise<Channel<RpcResponse>> | { legacyUntilMs: number }>()
  private closed = false

  private constructor (readonly libp2p: Libp2p, private readonly timeoutMs: number, private readonly owned = true) {}

  /** A client over a libp2p node the caller owns (and stops): a device reaches nodes through its own host. */
  static over (libp2p: Libp2p, options: { timeoutMs?: number } = {}): NodeClient {
    return new NodeClient(libp2p, options.timeoutMs ?? 10_000, false)
  }

  static async create (options: NodeClientOptions = {}): Promise<NodeClient> {
    const libp2p = await createLibp2p({
      ...(options.privateKey === undefined ? {} : { privateKey: options.privateKey }),
      addresses: { listen: [] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { maxConnections: 256 }
    })
    return new NodeClient(libp2p, options.timeoutMs ?? 10_000)
  }

  async close (): Promise<void> {
    this.closed = true
    const open = [...this.channels.values()].filter(c => c instanceof Promise)
    this.channels.clear()
    await Promise.all(open.map(async c => { await (await c.catch(() => undefined))?.close() }))
    if (this.owned) await this.libp2p.stop()
  }

  /** The open rpc channel to `address` (opened on first use, again after it failed), or undefined when the node does not speak rpc. */
  private async channel (address: string | Multiaddr, timeoutMs: number): Promise<Channel<RpcResponse> | undefined> {
    if (this.closed) throw new ClientError('CLOSED', 'this client is closed')
    const key = String(address)
    const known = this.channels.get(key)
    if (known !== undefined && !(known instanceof Promise)) {
      // Asked again after a while: the node may have been restarted with rpc, or said "na" while it was starting.
      if (Date.now() < known.legacyUntilMs) return undefined
      this.channels.delete(key)
    } else if (known !== undefined) {
      const open = await known.catch(() => undefined)
      if (open !== undefined && !open.closed && open.stream.status === 'open') return open
      if (this.channels.get(key) === known) this.channels.delete(key)
      return await this.channel(address, timeoutMs)
    }
    const opening = (async () => {
      const stream = await this.libp2p.dialProtocol(typeof address === 'string' ? multiaddr(address) : address, ProtocolId.rpc,
        { signal: AbortSignal.timeout(Math.min(timeoutMs, this.timeoutMs)) })
      return new Channel<RpcResponse>(stream, {
        inFlightMax: rpcInFlightPerStreamMax,
        parkedMax: rpcParkedPerStreamMax,
        answerBytesMax: rpcResponseBytesMax,
        decode: frame => { const r = decodeRpcResponse(frame); return { id: r.id, answer: r } }
      })
    })()
    this.channels.set(key, opening)
    try {
      return await opening
    } catch (err) {
      if (this.channels.get(key) === opening) this.channels.delete(key)
      if ((err as Error).name === 'UnsupportedProtocolError') {
        this.channels.set(key, { legacyUntilMs: Date.now() + legacyRecheckMs })
        return undefined
      }
      throw new ClientError('UNREACHABLE', `${key}: ${(err as Error).message}`)
    }
  }

  /** One request to the node at `address`; `parked` for a submission that waits for its commit (the node counts those apart). */
  private async call (address: string | Multiaddr, protocol: typeof ProtocolId.tx | typeof ProtocolId.query, request: Uint8Array, responseBytesMax: number,
    timeoutMs = this.timeoutMs, parked = false): Promise<Uint8Array> {
    const frame = (id: number): Uint8Array => RpcRequest.encode({ id, submit: protocol === ProtocolId.tx ? request : empty, query: protocol === ProtocolId.query ? request : empty })
    const channel = await this.channel(address, timeoutMs)
    if (channel !== undefined) {
      let r: RpcResponse
      try {
        try {
          r = await channel.request(frame, timeoutMs, parked)
        } catch (err) {
          // The stream failed under it (the node restarted, the connection dropped): once more on a new one.
          // Safe for a transaction too: the same bytes are the same transaction, executed at most once.
          if (!(err instanceof ChannelClosedError) || this.closed) throw err
          const again = await this.channel(address, timeoutMs)
          if (again === undefined) throw err
          r = await again.request(frame, timeoutMs, parked)
        }
      } catch (err) {
        if (err instanceof ClientError) throw err
        throw new ClientError('UNREACHABLE', `${String(address)}: ${(err as Error).message}`)
      }
      if (r.status !== Status.OK) throw new ClientError(statusName(r.status), r.error)
      const answer = protocol === ProtocolId.tx ? r.submit : r.query
      if (answer.length > responseBytesMax) throw new ClientError('BAD_RESPONSE', `an rpc answer of ${answer.length} bytes`)
      return answer
    }
    let stream
    try {
      stream = await this.libp2p.dialProtocol(typeof address === 'string' ? multiaddr(address) : address, protocol,
        { signal: AbortSignal.timeout(Math.min(timeoutMs, this.timeoutMs)), maxOutboundStreams: outboundStreamsMax })
    } catch (err) {
      throw new ClientError('UNREACHABLE', `${String(address)}: ${(err as Error).message}`)
    }
    try {
      return await exchange(stream, request, responseBytesMax, timeoutMs)
    } catch (err) {
      throw new ClientError('UNREACHABLE', `${String(address)}: ${(err as Error).message}`)
    }
  }

  async status (address: string | Multiaddr): Promise<NodeStatus> {
    const r = await this.query(address, queryRequest({ kind: QueryKind.STATUS, height: 0, txId: new Uint8Array(0), count: 0 }))
    if (r.nodeStatus === undefined) throw new ClientError('BAD_RESPONSE', 'status answer without status')
    return r.nodeStatus
  }

  /** A block by height, checked against its certificate and the validator set. */
  async block (address: string | Multiaddr, height: number, ed: Ed25519, set: ValidatorSet): Promise<{ block: OpenedBlock, certificate: Uint8Array }> {
    const r = await this.query(address, queryRequest({ kind: QueryKind.BLOCK, height, txId: new Uint8Array(0), count: 0 }))
    if (r.block === undefined) throw new ClientError('BAD_RESPONSE', 'block answer without block')
    try {
      const block = openBlock(r.block.block)
      if (block.header.height !== height) throw new ClientError('BAD_RESPONSE', `asked for ${height}, got ${block.header.height}`)
      verifyCommitCertificate(ed, set, decodeCommitCertificate(r.block.certificate), { height, blockHash: block.hash })
      return { block, certificate: r.block.certificate }
    } catch (err) {
      if (err instanceof ClientError) throw err
      throw new ClientError('BAD_RESPONSE', `block ${height} does not verify: ${(err as Error).message}`)
    }
  }

  /** Hashes of the blocks from `fromHeight` on (as many as the node has, up to `count`). Unverified: for comparing nodes. */
  async blockHashes (address: string | Multiaddr, fromHeight: number, count: number): Promise<Uint8Array[]> {
    const r = await this.query(address, queryRequest({ kind: QueryKind.BLOCK_HASHES, height: fromHeight, txId: new Uint8Array(0), count }))
    return r.blockHashes
  }

  async receipt (address: string | Multiaddr, txId: Uint8Array, ed: Ed25519, set: ValidatorSet): Promise<VerifiedReceipt> {
    const r = await this.query(address, queryRequest({ kind: QueryKind.TX, height: 0, txId, count: 0 }))
    if (r.receipt === undefined) throw new ClientError('BAD_RESPONSE', 'answer without receipt')
    try {
      return verifyReceipt(ed, set, r.receipt, txId)
    } catch (err) {
      throw new ClientError('BAD_RESPONSE', `receipt does not verify: ${(err as Error).message}`)
    }
  }

  /** A registration's record in the node's state (unproven: the node's view; verdicts are proven by receipts). */
  async registration (address: string | Multiaddr, registrationId: Uint8Array): Promise<RegistrationRecord> {
    const r = await this.query(address, queryRequest({ kind: QueryKind.REGISTRATION, id: registrationId }))
    if (r.registration === undefined) throw new ClientError('BAD_RESPONSE', 'answer without registration')
    return r.registration
  }

  /** A device's record in the node's state (unproven, like `registration`). */
  async device (address: string | Multiaddr, deviceKey: Uint8Array): Promise<DeviceRecord> {
    const r = await this.query(address, queryRequest({ kind: QueryKind.DEVICE, id: deviceKey }))
    if (r.device === undefined) throw new ClientError('BAD_RESPONSE', 'answer without device')
    return r.device
  }

  /** Step 3 of the flow: the node's check of an app's integrity key for a registration. GRANTED when it passes. */
  async checkIntegrity (address: string | Multiaddr, registrationId: Uint8Array, integrity: AppIntegrity): Promise<Verdict> {
    const r = await this.query(address, queryRequest({ kind: QueryKind.INTEGRITY, id: registrationId, integrity }))
    if (r.verdict === undefined) throw new ClientError('BAD_RESPONSE', 'answer without verdict')
    return r.verdict
  }

  /**
   * One page of a device's AuthAttempts, oldest first, each receipt checked
   * against the validator set. `total` is how many the node knows of.
   */
  async attempts (address: string | Multiaddr, deviceKey: Uint8Array, offset: number, count: number, ed: Ed25519, set: ValidatorSet):
  Promise<{ total: number, receipts: Array<VerifiedReceipt & { tx: Uint8Array }> }> {
    const r = await this.query(address, queryRequest({ kind: QueryKind.ATTEMPTS, id: deviceKey, offset, count }))
    const receipts = r.receipts.map((rc, i) => {
      try {
        return { ...verifyReceipt(ed, set, rc), tx: rc.tx }
      } catch (err) {
        throw new ClientError('BAD_RESPONSE', `attempt ${offset + i} does not verify: ${(err as Error).message}`)
      }
    })
    return { total: r.total, receipts }
  }

  private async query (address: string | Multiaddr, q: QueryRequest): Promise<ReturnType<typeof decodeQueryResponse>> {
    let r
    try {
      r = decodeQueryResponse(await this.call(address, ProtocolId.query, QueryRequest.encode(q), queryResponseBytesMax))
    } catch (err) {
      if (err instanceof ClientError) throw err
      throw new ClientError('BAD_RESPONSE', (err as Error).message)
    }
    if (r.status !== Status.OK) throw new ClientError(statusName(r.status), r.error)
    return r
  }

  /**
   * Submits a signed transaction. With `wait`, resolves once it is committed,
   * with a receipt verified against the validator set (`ed`, `set` needed).
   */
  async submit (address: string | Multiaddr, tx: Uint8Array, options: { wait?: boolean, timeoutMs?: number, ed?: Ed25519, set?: ValidatorSet } = {}): Promise<SubmitResult> {
    const wait = options.wait === true
    const timeoutMs = options.timeoutMs ?? this.timeoutMs
    let r
    try {
      r = decodeSubmitTxResponse(await this.call(address, ProtocolId.tx, SubmitTxRequest.encode({ tx, wait, timeoutMs }), submitResponseBytesMax, timeoutMs + 2000, wait))
    } catch (err) {
      if (err instanceof ClientError) throw err
      throw new ClientError('BAD_RESPONSE', (err as Error).message)
    }
    if (r.status === Status.TIMEOUT) return { status: 'timeout', txId: r.txId }
    if (r.status !== Status.OK && r.status !== Status.ALREADY_COMMITTED) throw new ClientError(statusName(r.status), r.error)
    let receipt: VerifiedReceipt | undefined
    if (r.receipt !== undefined && options.ed !== undefined && options.set !== undefined) {
      try {
        receipt = verifyReceipt(options.ed, options.set, r.receipt, r.txId)
      } catch (err) {
        throw new ClientError('BAD_RESPONSE', `receipt does not verify: ${(err as Error).message}`)
      }
    }
    const status = r.status === Status.ALREADY_COMMITTED ? 'already-committed' : wait ? 'committed' : 'accepted'
    return { status, txId: r.txId, receipt, rawReceipt: r.receipt }
  }

  /** A committed transaction's receipt as the node sends it, unverified (the caller checks it). */
  async rawReceipt (address: string | Multiaddr, txId: Uint8Array): Promise<Receipt> {
    const r = await this.query(address, queryRequest({ kind: QueryKind.TX, txId }))
    if (r.receipt === undefined) throw new ClientError('BAD_RESPONSE', 'answer without receipt')
    return r.receipt
  }
}
