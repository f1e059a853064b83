// /certchain/rpc/1.0.0: the tx and query protocols on one long-lived stream,
// many requests in flight at once, each answered as soon as it is ready (a
// query need not wait behind a transaction waiting for its commit). Every
// request is handled exactly as on its own protocol (TxService.answer,
// QueryService.respond: the same checks, rate limits and answers); this
// service adds only the framing and its bounds: frames capped in size, 64
// requests in flight per stream (then the stream is not read until one is
// answered), 4 such streams per connection, closed after a minute idle.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { decodeRpcRequest, ProtocolId, rpcInFlightPerStreamMax, rpcRequestBytesMax, RpcRequest, RpcResponse, Status } from '../../protocols/node-protocols.ts'
import { serveMany } from '../../protocols/rpc.ts'
import * as L from '../constants.ts'
import type { QueryService } from './query.ts'
import { register, type ProtocolService } from './service.ts'
import type { TxService } from './tx.ts'

export interface RpcServiceInit {
  maxInboundStreams: number
  inFlightPerStreamMax: number
  idleTimeoutMs: number
  streamIoTimeoutMs: number
}

export const rpcServiceDefaults: RpcServiceInit = {
  maxInboundStreams: L.rpcStreamsPerConnectionMax,
  inFlightPerStreamMax: rpcInFlightPerStreamMax,
  idleTimeoutMs: L.rpcStreamIdleTimeoutMs,
  streamIoTimeoutMs: L.streamIoTimeoutMs
}

export interface RpcServiceComponents {
  libp2p: Libp2p
  tx: TxService
  query: QueryService
}

export class RpcService implements ProtocolService {
  private unregister?: () => Promise<void>

  constructor (private readonly init: RpcServiceInit, private readonly c: RpcServiceComponents) {}

  async start (): Promise<void> {
    this.unregister = await register(this.c.libp2p, ProtocolId.rpc, this.init, async (s, c) => { await this.handle(s, c) })
  }

  async stop (): Promise<void> { await this.unregister?.() }

  private async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    await serveMany(stream, {
      frameBytesMax: rpcRequestBytesMax,
      inFlightMax: this.init.inFlightPerStreamMax,
      idleTimeoutMs: this.init.idleTimeoutMs,
      writeTimeoutMs: this.init.streamIoTimeoutMs
    }, async (frame) => {
      let request
      try {
        request = decodeRpcRequest(frame)
      } catch (err) {
        // The frame's id, when it can be read, lets the client fail just that request.
        let id = 0
        try { id = RpcRequest.decode(frame).id } catch {}
        return RpcResponse.encode({ id, submit: new Uint8Array(0), query: new Uint8Array(0), status: Status.MALFORMED, error: (err as Error).message })
      }
      const base = { id: request.id, submit: new Uint8Array(0), query: new Uint8Array(0), status: Status.OK, error: '' }
      return request.submit.length > 0
        ? RpcResponse.encode({ ...base, submit: await this.c.tx.answer(peer, request.submit) })
        : RpcResponse.encode({ ...base, query: await this.c.query.respond(peer, request.query) })
    })
  }
}
