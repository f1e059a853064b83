// One request, one response, each length-prefixed, on its own libp2p stream:
// the framing every certchain request/response protocol uses. Both sides cap
// what they read and put a deadline on every read and write.
import type { Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'

/** Client side: write the request, read one response (at most `responseBytesMax`), close. */
export async function exchange (stream: Stream, request: Uint8Array, responseBytesMax: number, timeoutMs: number): Promise<Uint8Array> {
  const lp = lpStream(stream, { maxDataLength: responseBytesMax })
  try {
    await lp.write(request, { signal: AbortSignal.timeout(timeoutMs) })
    const response = await lp.read({ signal: AbortSignal.timeout(timeoutMs) })
    await stream.close({ signal: AbortSignal.timeout(timeoutMs) })
    return response.subarray()
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}

/**
 * Server side: read one request (at most `requestBytesMax`), answer with what
 * `handle` returns, close. A failure to read (oversized, timeout, reset)
 * aborts the stream; `handle` must turn bad requests into error responses.
 */
export async function serve (stream: Stream, requestBytesMax: number, timeoutMs: number,
  handle: (request: Uint8Array) => Promise<Uint8Array>, onOversized?: () => Uint8Array): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: requestBytesMax })
  try {
    let request: Uint8Array
    try {
      request = (await lp.read({ signal: AbortSignal.timeout(timeoutMs) })).subarray()
    } catch (err) {
      if ((err as Error).name === 'InvalidDataLengthError' && onOversized !== undefined) {
        await lp.write(onOversized(), { signal: AbortSignal.timeout(timeoutMs) })
        await stream.close({ signal: AbortSignal.timeout(timeoutMs) })
        return
      }
      throw err
    }
    const response = await handle(request)
    await lp.write(response, { signal: AbortSignal.timeout(timeoutMs) })
    await stream.close({ signal: AbortSignal.timeout(timeoutMs) })
  } catch (err) {
    stream.abort(err as Error)
  }
}
