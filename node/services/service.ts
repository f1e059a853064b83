// What every protocol service shares: the libp2p registrar it registers with.
import type { Connection, Libp2p, Stream } from '@libp2p/interface'

export interface ProtocolService {
  start: () => Promise<void>
  stop: () => Promise<void>
}

export interface StreamLimits {
  /** Streams one connection may have open at once on this protocol. */
  maxInboundStreams: number
}

/** Registers `handler` for `protocol` with its limits; returns the matching unregister. */
export async function register (libp2p: Libp2p, protocol: string, limits: StreamLimits,
  handler: (stream: Stream, connection: Connection) => Promise<void>): Promise<() => Promise<void>> {
  await libp2p.handle(protocol, (stream, connection) => { void handler(stream, connection) }, { maxInboundStreams: limits.maxInboundStreams })
  return async () => { await libp2p.unhandle(protocol) }
}
