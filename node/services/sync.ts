// /certchain/sync/1.0.0: certified blocks from what this node has on disk,
// for validators catching up. Validators only; bounded blocks and bytes per answer.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import { encode } from '../../protocols/codec.ts'
import { decodeSyncRequest, ProtocolId, Status, SyncResponse, syncRequestBytesMax, syncResponseBytesMax } from '../../protocols/node-protocols.ts'
import { serve } from '../../protocols/rpc.ts'
import type { ChainStore } from '../store/chain-store.ts'
import * as L from '../constants.ts'
import { register, type ProtocolService } from './service.ts'

export interface SyncServiceInit {
  maxInboundStreams: number
  streamIoTimeoutMs: number
  blocksPerAnswerMax: number
}

export const syncServiceDefaults: SyncServiceInit = {
  maxInboundStreams: L.syncStreamsPerConnectionMax,
  streamIoTimeoutMs: L.streamIoTimeoutMs,
  blocksPerAnswerMax: L.syncServeBlocksMax
}

export interface SyncServiceComponents {
  libp2p: Libp2p
  store: () => ChainStore
  /** Is this peer a validator we talk to (not blocked)? */
  isValidator: (peer: string) => boolean
}

const fail = (status: Status, error: string): Uint8Array => SyncResponse.encode({ status, error, blocks: [], headHeight: 0 })

export class SyncService implements ProtocolService {
  private unregister?: () => Promise<void>
  constructor (private readonly init: SyncServiceInit, private readonly c: SyncServiceComponents) {}

  async start (): Promise<void> {
    this.unregister = await register(this.c.libp2p, ProtocolId.sync, this.init, async (s, c) => { await this.handle(s, c) })
  }

  async stop (): Promise<void> { await this.unregister?.() }

  private async handle (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    await serve(stream, syncRequestBytesMax, this.init.streamIoTimeoutMs, async (bytes) => {
      if (!this.c.isValidator(peer)) return fail(Status.UNAUTHORIZED, 'sync is for validators')
      let request
      try {
        request = decodeSyncRequest(bytes)
      } catch (err) {
        return fail(Status.MALFORMED, (err as Error).message)
      }
      const store = this.c.store()
      const headHeight = store.height()
      const blocks: Uint8Array[] = []
      let size = 0
      const last = Math.min(headHeight, request.fromHeight + Math.min(request.blocksMax, this.init.blocksPerAnswerMax) - 1)
      if (request.fromHeight >= 1) {
        for await (const b of store.blocks(request.fromHeight, last)) {
          const record = encode.storedBlock({ block: b.block.bytes, certificate: b.certificateBytes })
          if (blocks.length > 0 && size + record.length > syncResponseBytesMax - 64 * 1024) break
          blocks.push(record)
          size += record.length + 8
        }
      }
      return SyncResponse.encode({ status: Status.OK, error: '', blocks, headHeight })
    })
  }
}
