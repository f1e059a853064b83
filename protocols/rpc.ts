// The framing of certchain's request/response protocols, length-prefixed
// messages: one request and one response on a stream of its own (exchange,
// serve), or many requests in flight on one long-lived stream, each answer
// matched to its request by id (Channel, serveMany). Both sides cap what they
// read and put a deadline on every read and write.
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

// ---------------------------------------------------------------- many requests on one stream (/certchain/rpc/1.0.0)

export interface ManyLimits {
  /** Largest frame read. */
  frameBytesMax: number
  /** Requests handled at once; past them nothing more is read from the stream until one is answered. */
  inFlightMax: number
  /** The stream is closed after this long with nothing in flight and no request. */
  idleTimeoutMs: number
  /** Each answer is written within this, or the stream is aborted. */
  writeTimeoutMs: number
}

/**
 * Server side of a long-lived stream: reads request frames one after the
 * other, handles up to `inFlightMax` at once, writes each answer when it is
 * ready (in any order; `handle` puts the request's id in it). An oversized or
 * unreadable frame ends the stream (the peer broke the framing); the remote
 * closing its side ends it once the answers in flight are written.
 */
export async function serveMany (stream: Stream, limits: ManyLimits, handle: (frame: Uint8Array) => Promise<Uint8Array>): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: limits.frameBytesMax })
  let inFlight = 0
  let slot: (() => void) | undefined
  let writing: Promise<void> = Promise.resolve()
  let lastActivityMs = Date.now()
  const idle = setInterval(() => {
    if (inFlight === 0 && Date.now() - lastActivityMs >= limits.idleTimeoutMs) stream.abort(new Error(`idle for ${limits.idleTimeoutMs} ms`))
  }, Math.max(10, Math.min(1000, limits.idleTimeoutMs / 4)))
  const answer = async (frame: Uint8Array): Promise<void> => {
    try {
      const response = await handle(frame)
      writing = writing.then(async () => { await lp.write(response, { signal: AbortSignal.timeout(limits.writeTimeoutMs) }) })
      await writing
    } catch (err) {
      stream.abort(err as Error)
    } finally {
      inFlight--
      lastActivityMs = Date.now()
      slot?.()
    }
  }
  const running = new Set<Promise<void>>()
  try {
    for (;;) {
      while (inFlight >= limits.inFlightMax) await new Promise<void>(resolve => { slot = resolve })
      let frame: Uint8Array
      try {
        frame = (await lp.read()).subarray()
      } catch {
        break
      }
      lastActivityMs = Date.now()
      inFlight++
      const p = answer(frame)
      running.add(p)
      void p.finally(() => running.delete(p))
    }
    await Promise.all(running)
    if (stream.status === 'open') await stream.close({ signal: AbortSignal.timeout(limits.writeTimeoutMs) })
  } catch (err) {
    stream.abort(err as Error)
  } finally {
    clearInterval(idle)
  }
}

export class ChannelClosedError extends Error {
  override name = 'ChannelClosedError'
}

/**
 * Client side of a long-lived stream: requests go out as frames with an id,
 * answers come back in any order and are matched by it. At most `inFlightMax`
 * at once (more wait for a slot, within their own deadline). When the stream
 * fails, everything in flight fails with it and the channel is closed: the
 * caller opens another.
 */
export class Channel<Answer> {
  private readonly lp
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (a: Answer) => void, reject: (e: Error) => void }>()
  private readonly slots: Array<() => void> = []
  private writing: Promise<void> = Promise.resolve()
  closed = false

  /** `idOf` reads the id of an answer frame (after decoding it: a frame that does not decode fails the channel). */
  constructor (readonly stream: Stream, private readonly o: { inFlightMax: number, answerBytesMax: number, decode: (frame: Uint8Array) => { id: number, answer: Answer } }) {
    this.lp = lpStream(stream, { maxDataLength: o.answerBytesMax })
    void this.readLoop()
  }

  get inFlight (): number { return this.pending.size }

  private async readLoop (): Promise<void> {
    try {
      for (;;) {
        const { id, answer } = this.o.decode((await this.lp.read()).subarray())
        const p = this.pending.get(id)
        // An answer to a request given up on (its deadline passed) is dropped.
        if (p === undefined) continue
        this.pending.delete(id)
        p.resolve(answer)
        this.slots.shift()?.()
      }
    } catch (err) {
      this.fail(err as Error)
    }
  }

  private fail (err: Error): void {
    if (this.closed) return
    this.closed = true
    const e = new ChannelClosedError(`the stream ended: ${err.message}`)
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
    for (const s of this.slots.splice(0)) s()
    this.stream.abort(err)
  }

  /** Sends the frame `encode(id)` makes and resolves with its answer, or rejects at `timeoutMs`. */
  async request (encode: (id: number) => Uint8Array, timeoutMs: number): Promise<Answer> {
    const deadline = Date.now() + timeoutMs
    while (this.pending.size >= this.o.inFlightMax && !this.closed) {
      if (Date.now() >= deadline) throw new Error(`no free request slot within ${timeoutMs} ms`)
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, deadline - Date.now())
        this.slots.push(() => { clearTimeout(t); resolve() })
      })
    }
    if (this.closed) throw new ChannelClosedError('the stream is closed')
    let id = this.nextId
    while (this.pending.has(id)) id = (id % 0xffffffff) + 1
    this.nextId = (id % 0xffffffff) + 1
    return await new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending.delete(id)) { reject(new Error(`no answer within ${timeoutMs} ms`)); this.slots.shift()?.() }
      }, Math.max(0, deadline - Date.now()))
      this.pending.set(id, { resolve: a => { clearTimeout(timer); resolve(a) }, reject: e => { clearTimeout(timer); reject(e) } })
      const frame = encode(id)
      this.writing = this.writing.then(async () => {
        if (!this.closed) await this.lp.write(frame, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) })
      }).catch((err: Error) => { this.fail(err) })
    })
  }

  async close (timeoutMs = 2000): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      await this.stream.close({ signal: AbortSignal.timeout(timeoutMs) })
    } catch (err) {
      this.stream.abort(err as Error)
    }
    const e = new ChannelClosedError('the channel was closed')
    for (const p of this.pending.values()) p.reject(e)
    this.pending.clear()
  }
}
