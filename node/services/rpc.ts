// /certchain/rpc/1.0.0: the tx and query protocols on one long-lived stream,
// many requests in flight at once, each answered as soon as it is ready (a
// query need not wait behind a transaction waiting for its commit). Every
// request is handled exactly as on its own protocol (TxService.answer,
// QueryService.respond: the same checks, rate limits and answers); this
// service adds only the framing and its bounds: frames capped in size, 64
// requests in flight per stream and 256 submissions waiting for their commit
// besides, the bytes of the answers they can have reserved per stream (8 MiB)
// and over the node (64 MiB); while any is full the stream is paused (not
// read, no yamux window granted). 4 such streams per connection, closed after
// a minute idle.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import type { Logger } from 'pino'
import { txBytesMax } from '../../protocols/constants.ts'
import {
  decodeQueryRequest, decodeRpcRequest, decodeSubmitTxRequest, ProtocolId, QueryKind, queryResponseBytesMax, rpcInFlightPerStreamMax,
  rpcParkedPerStreamMax, rpcRequestBytesMax, RpcRequest, RpcResponse, Status, submitResponseBytesMax
} from '../../protocols/node-protocols.ts'
import { Budget, serveMany, type ManyRequest } from '../../protocols/rpc.ts'
import * as L from '../constants.ts'
import type { QueryService } from './query.ts'
import { register, type ProtocolService } from './service.ts'
import type { TxService } from './tx.ts'

export interface RpcServiceInit {
  maxInboundStreams: number
  inFlightPerStreamMax: number
  /** Submissions waiting for their commit, per stream, apart from inFlightPerStreamMax (their node-wide cap is commitWaitersMax). */
  parkedPerStreamMax: number
  /** Bytes of answers a stream's requests may reserve, and all streams together (see protocols/rpc.ts serveMany). */
  answerBytesPerStreamMax: number
  answerBytesMax: number
  idleTimeoutMs: number
  streamIoTimeoutMs: number
}

export const rpcServiceDefaults: RpcServiceInit = {
  maxInboundStreams: L.rpcStreamsPerConnectionMax,
  inFlightPerStreamMax: rpcInFlightPerStreamMax,
  parkedPerStreamMax: rpcParkedPerStreamMax,
  answerBytesPerStreamMax: L.rpcAnswerBytesPerStreamMax,
  answerBytesMax: L.rpcAnswerBytesMax,
  idleTimeoutMs: L.rpcStreamIdleTimeoutMs,
  streamIoTimeoutMs: L.streamIoTimeoutMs
}

export interface RpcServiceComponents {
  libp2p: Libp2p
  tx: TxService
  query: QueryService
  log: Logger
}

export class RpcService implements ProtocolService {
  private unregister?: () => Promise<void>
  /** Answer bytes reserved over every rpc stream of this node. */
  private readonly answerBytes: Budget

  constructor (private readonly init: RpcServiceInit, private readonly c: RpcServiceComponents) {
    this.answerBytes = new Budget(init.answerBytesMax)
  }

  async start (): Promise<void> {
    this.unregister = await register(this.c.libp2p, ProtocolId.rpc, this.init, async (s, c) => { await this.handle(s, c) })
  }

  async stop (): Promise<void> { await this.unregister?.() }

  private async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    await serveMany(stream, {
      frameBytesMax: rpcRequestBytesMax,
      inFlightMax: this.init.inFlightPerStreamMax,
      parkedMax: this.init.parkedPerStreamMax,
      answerBytesPerStreamMax: this.init.answerBytesPerStreamMax,
      answerBytes: this.answerBytes,
      idleTimeoutMs: this.init.idleTimeoutMs,
      writeTimeoutMs: this.init.streamIoTimeoutMs
    }, frame => this.prepare(peer, frame))
  }

  /** What one frame may cost (its largest answer; whether it waits for a commit) and how it is answered. */
  private prepare (peer: string, frame: Uint8Array): ManyRequest {
    const response = (id: number, fields: Partial<RpcResponse>): Uint8Array =>
      RpcResponse.encode({ id, submit: empty, query: empty, status: Status.OK, error: '', ...fields })
    let request: RpcRequest
    try {
      request = decodeRpcRequest(frame)
    } catch (err) {
      // The frame's id, when it can be read, lets the client fail just that request.
      let id = 0
      try { id = RpcRequest.decode(frame).id } catch {}
      const answer = response(id, { status: Status.MALFORMED, error: (err as Error).message })
      return { answerBytesMax: answer.length, parked: false, answer: async () => answer, failed: () => answer }
    }
    const failed = (err: Error): Uint8Array => {
      this.c.log.error({ err: err.message, peer }, 'rpc request failed')
      return response(request.id, { status: Status.INTERNAL, error: 'internal error' })
    }
    if (request.submit.length > 0) {
      let wait = false
      try { wait = decodeSubmitTxRequest(request.submit).wait } catch {}
      return {
        // A receipt holds the transaction and a bounded rest (header, certificate, proof, result).
        answerBytesMax: request.submit.length + receiptOverheadBytesMax,
        parked: wait,
        answer: async () => response(request.id, { submit: await this.c.tx.answer(peer, request.submit) }),
        failed
      }
    }
    let kind = QueryKind.QUERY_KIND_UNSPECIFIED
    try { kind = decodeQueryRequest(request.query).kind } catch {}
    return {
      answerBytesMax: queryAnswerBytesMax(kind),
      parked: false,
      answer: async () => response(request.id, { query: await this.c.query.respond(peer, request.query) }),
      failed
    }
  }
}

const empty = new Uint8Array(0)
/** What a receipt holds besides its transaction. */
const receiptOverheadBytesMax = submitResponseBytesMax - txBytesMax

/** The largest answer a query of `kind` can have: blocks and lists up to the frame; a receipt; the rest small. */
function queryAnswerBytesMax (kind: QueryKind): number {
  switch (kind) {
    case QueryKind.BLOCK:
    case QueryKind.BLOCK_HASHES:
    case QueryKind.ATTEMPTS:
      return queryResponseBytesMax
    case QueryKind.TX:
      return submitResponseBytesMax
    default:
      return L.rpcSmallAnswerBytesMax
  }
}
