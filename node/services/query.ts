// /certchain/query/1.0.0: read-only questions, answered from what is durable
// (the chain store, the tx index) or from the committed certification state.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import type { OpenedBlock } from '../../protocols/block.ts'
import {
  blockHashesMax, decodeQueryRequest, ProtocolId, QueryKind, QueryResponse, queryRequestBytesMax, Status, type NodeStatus, type QueryRequest, type Receipt
} from '../../protocols/node-protocols.ts'
import { PeerRateLimiter } from '../../protocols/rate-limit.ts'
import { serve } from '../../protocols/rpc.ts'
import type { CertApp } from '../state/cert-app.ts'
import { attemptsPerQueryMax } from '../state/constants.ts'
import type { ChainStore } from '../store/chain-store.ts'
import type { TxLocation } from '../state/cert-app.ts'
import type { StateStore } from '../state/state-store.ts'
import { proversOf, receiptOf, type Provers } from '../receipts.ts'
import * as L from '../constants.ts'
import { register, type ProtocolService } from './service.ts'

export interface QueryServiceInit {
  maxInboundStreams: number
  ratePerPeerPerSecond: number
  burstPerPeer: number
  streamIoTimeoutMs: number
}

export const queryServiceDefaults: QueryServiceInit = {
  maxInboundStreams: L.queryStreamsPerConnectionMax,
  ratePerPeerPerSecond: L.queryRatePerPeerPerSecond,
  burstPerPeer: L.queryBurstPerPeer,
  streamIoTimeoutMs: L.streamIoTimeoutMs
}

export interface QueryServiceComponents {
  libp2p: Libp2p
  store: () => ChainStore
  app: () => CertApp
  /** The state store: where each committed transaction is, each device's attempts. */
  state: () => StateStore
  status: () => NodeStatus
}

const fail = (status: Status, error: string): Uint8Array => QueryResponse.encode({ status, error })
const ok = (fields: Partial<QueryResponse>): Uint8Array => QueryResponse.encode({ status: Status.OK, error: '', ...fields })

export class QueryService implements ProtocolService {
  private readonly limiter: PeerRateLimiter
  private unregister?: () => Promise<void>

  constructor (private readonly init: QueryServiceInit, private readonly c: QueryServiceComponents) {
    this.limiter = new PeerRateLimiter(init.ratePerPeerPerSecond, init.burstPerPeer)
  }

  async start (): Promise<void> {
    this.unregister = await register(this.c.libp2p, ProtocolId.query, this.init, async (s, c) => { await this.handle(s, c) })
  }

  async stop (): Promise<void> { await this.unregister?.() }

  /** The receipt of a transaction whose block is durable. */
  async receiptAt (loc: TxLocation): Promise<Receipt | undefined> {
    const b = await this.c.store().getBlock(loc.height)
    return b === undefined ? undefined : receiptOf(b.block, b.certificateBytes, loc.index)
  }

  private async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    await serve(stream, queryRequestBytesMax, this.init.streamIoTimeoutMs, async (bytes) => await this.respond(peer, bytes), () => fail(Status.OVERSIZED, 'query too large'))
  }

  /** The answer (a QueryResponse) to one QueryRequest from `peer`: on its own stream, or a frame of /certchain/rpc/1.0.0. */
  async respond (peer: string, bytes: Uint8Array): Promise<Uint8Array> {
    if (!this.limiter.take(peer, Date.now())) return fail(Status.RATE_LIMITED, 'too many queries from this peer')
    let request
    try {
      request = decodeQueryRequest(bytes)
    } catch (err) {
      return fail(Status.MALFORMED, (err as Error).message)
    }
    return await this.answer(peer, request)
  }

  private async answer (peer: string, request: QueryRequest): Promise<Uint8Array> {
    const store = this.c.store()
    const app = this.c.app()
    switch (request.kind) {
      case QueryKind.STATUS:
        return ok({ nodeStatus: this.c.status() })
      case QueryKind.BLOCK: {
        const b = request.height >= 1 ? await store.getBlock(request.height) : undefined
        if (b === undefined) return fail(Status.NOT_FOUND, `no block at height ${request.height}`)
        return ok({ block: { block: b.block.bytes, certificate: b.certificateBytes } })
      }
      case QueryKind.TX: {
        const loc = await this.c.state().txLocation(request.txId)
        const receipt = loc === undefined ? undefined : await this.receiptAt(loc)
        if (receipt === undefined) return fail(Status.NOT_FOUND, 'no committed transaction with this id')
        return ok({ receipt })
      }
      case QueryKind.BLOCK_HASHES: {
        const hashes: Uint8Array[] = []
        const last = Math.min(store.height(), request.height + Math.min(request.count, blockHashesMax) - 1)
        if (request.height >= 1) for await (const b of store.blocks(request.height, last)) hashes.push(b.hash)
        return ok({ blockHashes: hashes })
      }
      case QueryKind.REGISTRATION: {
        const registration = app.registration(request.id)
        if (registration === undefined) return fail(Status.NOT_FOUND, 'no such registration')
        return ok({ registration, heightAt: app.height })
      }
      case QueryKind.DEVICE: {
        const device = app.device(request.id)
        if (device === undefined) return fail(Status.NOT_FOUND, 'no such device')
        return ok({ device, heightAt: app.height })
      }
      case QueryKind.INTEGRITY:
        if (request.integrity === undefined) return fail(Status.MALFORMED, 'INTEGRITY needs an integrity key')
        return ok({ verdict: app.checkIntegrity(request.id, request.integrity), heightAt: app.height })
      case QueryKind.ATTEMPTS:
        return await this.attempts(peer, request)
      default:
        return fail(Status.MALFORMED, 'unknown query kind')
    }
  }

  private async attempts (peer: string, request: QueryRequest): Promise<Uint8Array> {
    const store = this.c.store()
    const { page, total } = await this.c.state().attempts(request.id, request.offset, Math.min(request.count === 0 ? attemptsPerQueryMax : request.count, attemptsPerQueryMax))
    // A page reads up to 64 blocks: it costs as many queries.
    if (!this.limiter.take(peer, Date.now(), page.length)) return fail(Status.RATE_LIMITED, 'too many queries from this peer')
    const receipts: Receipt[] = []
    let cached: { height: number, block: OpenedBlock, certificate: Uint8Array, provers: Provers } | undefined
    for (const loc of page) {
      // The state is updated at commit, the store after the append: serve only what is on disk.
      if (loc.height > store.height()) break
      if (cached?.height !== loc.height) {
        const b = await store.getBlock(loc.height)
        if (b === undefined) break
        cached = { height: loc.height, block: b.block, certificate: b.certificateBytes, provers: proversOf(b.block) }
      }
      receipts.push(receiptOf(cached.block, cached.certificate, loc.index, cached.provers))
    }
    return ok({ receipts, total })
  }
}
