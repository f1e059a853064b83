// /certchain/control/1.0.0: testnet fault injection (which peers this node
// refuses), signed by the testnet operator, fresh and never replayed.
// Registered on testnet nodes only.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { fromHex } from '../../protocols/bytes.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { ControlRequest, ControlResponse, controlRequestBytesMax, decodeControlRequest, ProtocolId, Status } from '../../protocols/node-protocols.ts'
import { serve } from '../../protocols/rpc.ts'
import { SignTag, verifyTagged } from '../../protocols/sign.ts'
import * as L from '../constants.ts'
import { register, type ProtocolService } from './service.ts'

export interface ControlServiceInit {
  maxInboundStreams: number
  streamIoTimeoutMs: number
  freshnessMs: number
  /** Hex Ed25519 public key of the testnet operator. */
  operatorPublicKey: string
  chainId: string
}

export interface ControlServiceComponents {
  libp2p: Libp2p
  /** Replaces the set of blocked peers (this node's own id is never in it). */
  setBlocked: (peers: string[]) => Promise<void>
}

const fail = (status: Status, error: string): Uint8Array => ControlResponse.encode({ status, error })

export class ControlService implements ProtocolService {
  private unregister?: () => Promise<void>
  private lastIssuedMs = 0

  constructor (private readonly init: ControlServiceInit, private readonly c: ControlServiceComponents) {}

  static limits = { maxInboundStreams: L.controlStreamsPerConnectionMax, streamIoTimeoutMs: L.streamIoTimeoutMs, freshnessMs: L.controlFreshnessMs }

  async start (): Promise<void> {
    this.unregister = await register(this.c.libp2p, ProtocolId.control, this.init, async (s, c) => { await this.handle(s, c) })
  }

  async stop (): Promise<void> { await this.unregister?.() }

  private async handle (stream: Stream, _connection: Connection): Promise<void> {
    await serve(stream, controlRequestBytesMax, this.init.streamIoTimeoutMs, async (bytes) => {
      let request: ControlRequest
      try {
        request = decodeControlRequest(bytes)
      } catch (err) {
        return fail(Status.MALFORMED, (err as Error).message)
      }
      const body = ControlRequest.encode({ ...request, signature: new Uint8Array(0) })
      if (!verifyTagged(nodeEd25519, fromHex(this.init.operatorPublicKey), SignTag.testnetControl, this.init.chainId, body, request.signature)) {
        return fail(Status.UNAUTHORIZED, 'not signed by the testnet operator')
      }
      const now = Date.now()
      if (Math.abs(now - request.issuedMs) > this.init.freshnessMs || request.issuedMs <= this.lastIssuedMs) {
        return fail(Status.UNAUTHORIZED, 'stale or replayed control request')
      }
      this.lastIssuedMs = request.issuedMs
      await this.c.setBlocked(request.blockedPeers)
      return ControlResponse.encode({ status: Status.OK, error: '' })
    })
  }
}
