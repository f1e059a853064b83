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

/**
 * Bytes (or any units) shared by takers, first come first served: `take`
 * waits until `n` fit (a taking larger than the whole budget takes all of
 * it), `release` gives them back. What bounds the answers a node holds built
 * and not yet written, per stream and over all streams.
 */
export class Budget {
  private used = 0
  private readonly waiting: Array<{ n: number, go: () => void }> = []

  constructor (readonly limit: number) {
    if (!(limit > 0)) throw new RangeError(`a budget of ${limit}`)
  }

  get inUse (): number { return this.used }

  /** Takes `n` at once when they fit and nobody waits before us: true; else false and nothing taken. */
  tryTake (n: number): boolean {
    const k = Math.min(n, this.limit)
    if (this.waiting.length > 0 || this.used + k > this.limit) return false
    this.used += k
    return true
  }

  async take (n: number): Promise<void> {
    if (this.tryTake(n)) return
    const k = Math.min(n, this.limit)
    await new Promise<void>(resolve => { this.waiting.push({ n: k, go: resolve }) })
  }

  release (n: number): void {
    this.used -= Math.min(n, this.limit)
    if (this.used < 0) throw new Error('budget released more than taken')
    while (this.waiting.length > 0 && this.used + this.waiting[0].n <= this.limit) {
      const w = this.waiting.shift()!
      this.used += w.n
      w.go()
    }
  }
}

export interface ManyLimits {
  /** Largest frame read. */
  frameBytesMax: number
  /** Requests handled at once, other than parked ones. */
  inFlightMax: number
  /** Requests parked at once (waiting for an event with their own cap, a commit), apart from inFlightMax. */
  parkedMax: number
  /** Answer bytes reserved per stream: a request reserves its largest answer before it runs, until that answer is written. */
  answerBytesPerStreamMax: number
  /** The same over every stream of the node (shared). */
  answerBytes: Budget
  /** The stream is closed after this long with nothing in flight and no request. */
  idleTimeoutMs: number
  /** Each answer is written within this, or the stream is aborted. */
  writeTimeoutMs: number
}

/** A request frame as the service reads it: what it may cost, and how to answer it. */
export interface ManyRequest {
  /** The largest answer it can have (reserved before it runs). */
  answerBytesMax: number
  /** Whether it waits for something that has its own node-wide cap (a commit), counted against parkedMax. */
  parked: boolean
  answer: () => Promise<Uint8Array>
  /** The answer when `answer` fails (the request's id and an internal error). */
  failed: (err: Error) => Uint8Array
}

/**
 * Server side of a long-lived stream: reads request frames one after the
 * other, runs each as soon as its caps allow (in flight, parked, answer bytes
 * of the stream and of the node), writes each answer when it is ready (in any
 * order; the answer carries the request's id). While a cap is full the stream
 * is paused: nothing more is read, yamux stops granting the peer send window,
 * and the peer's writes wait. A request that fails is answered with its
 * `failed` frame; an oversized or unreadable frame ends the stream (the peer
 * broke the framing); the remote closing its side ends it once the answers in
 * flight are written.
 */
export async function serveMany (stream: Stream, limits: ManyLimits, prepare: (frame: Uint8Array) => ManyRequest): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: limits.frameBytesMax })
  const streamBytes = new Budget(limits.answerBytesPerStreamMax)
  let active = 0
  let parked = 0
  let wake: (() => void) | undefined
  let writing: Promise<void> = Promise.resolve()
  let lastActivityMs = Date.now()
  const idle = setInterval(() => {
    if (active + parked === 0 && Date.now() - lastActivityMs >= limits.idleTimeoutMs) stream.abort(new Error(`idle for ${limits.idleTimeoutMs} ms`))
  }, Math.max(10, Math.min(1000, limits.idleTimeoutMs / 4)))
  const run = async (r: ManyRequest): Promise<void> => {
    try {
      let response: Uint8Array
      try {
        response = await r.answer()
      } catch (err) {
        response = r.failed(err as Error)
      }
      writing = writing.then(async () => { await lp.write(response, { signal: AbortSignal.timeout(limits.writeTimeoutMs) }) })
      await writing
    } catch (err) {
      stream.abort(err as Error)
    } finally {
      if (r.parked) parked--
      else active--
      streamBytes.release(r.answerBytesMax)
      limits.answerBytes.release(r.answerBytesMax)
      lastActivityMs = Date.now()
      wake?.()
    }
  }
  /** Waits, the stream paused, until `ready()`; the slot is freed by `run` (wake) or the stream's end. */
  const until = async (ready: () => boolean): Promise<void> => {
    if (ready()) return
    stream.pause()
    try {
      while (!ready()) {
        if (stream.status !== 'open') throw new Error('the stream ended')
        await new Promise<void>(resolve => { wake = resolve })
      }
    } finally {
      wake = undefined
      if (stream.status === 'open') stream.resume()
    }
  }
  const running = new Set<Promise<void>>()
  try {
    for (;;) {
      await until(() => active < limits.inFlightMax && parked < limits.parkedMax)
      let frame: Uint8Array
      try {
        frame = (await lp.read()).subarray()
      } catch {
        break
      }
      lastActivityMs = Date.now()
      const r = prepare(frame)
      if (r.parked) parked++
      else active++
      // Another request may not fit either cap now; this one waits for its answer's room, the stream paused.
      await until(() => streamBytes.tryTake(r.answerBytesMax))
      if (!limits.answerBytes.tryTake(r.answerBytesMax)) {
        stream.pause()
        await limits.answerBytes.take(r.answerBytesMax)
        if (stream.status === 'open') stream.resume()
      }
      const p = run(r)
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

export interface ChannelOptions<Answer> {
  /** Requests in flight at once, other than parked ones (the node's inFlightMax). */
  inFlightMax: number
  /** Parked requests in flight at once (the node's parkedMax). */
  parkedMax: number
  answerBytesMax: number
  /** Reads the id of an answer frame (after decoding it: a frame that does not decode fails the channel). */
  decode: (frame: Uint8Array) => { id: number, answer: Answer }
  /**
   * How long after its caller gave up a request may still go unanswered
   * before the channel is failed: the node answers every request it read (a
   * parked one within its own deadline), and until it does the request still
   * holds its slot there, so it holds one here too.
   */
  givenUpAnswerTimeoutMs?: number
}

interface Pending<Answer> {
  parked: boolean
  /** undefined once the caller gave up (its deadline passed): the answer, when it comes, only frees the slot. */
  settle?: { resolve: (a: Answer) => void, reject: (e: Error) => void }
  timer?: NodeJS.Timeout
}

/**
 * Client side of a long-lived stream: requests go out as frames with an id,
 * answers come back in any order and are matched by it. At most
 * `inFlightMax` (and `parkedMax` parked ones) at once, counted as the node
 * counts them: a request holds its slot until its answer arrives, also after
 * its caller gave up. More wait for a slot, first come first served, within
 * their own deadline. When the stream fails, or the node answers an id not in
 * flight, or leaves a request unanswered too long, everything in flight fails
 * and the channel is closed: the caller opens another.
 */
export class Channel<Answer> {
  private readonly lp
  private nextId = 1
  private readonly pending = new Map<number, Pending<Answer>>()
  private readonly counts = { active: 0, parked: 0 }
  private readonly waiting: Array<{ parked: boolean, go: () => void }> = []
  private writing: Promise<void> = Promise.resolve()
  private readonly givenUpAnswerTimeoutMs: number
  closed = false

  constructor (readonly stream: Stream, private readonly o: ChannelOptions<Answer>) {
    this.lp = lpStream(stream, { maxDataLength: o.answerBytesMax })
    this.givenUpAnswerTimeoutMs = o.givenUpAnswerTimeoutMs ?? 60_000
    void this.readLoop()
  }

  get inFlight (): number { return this.pending.size }

  private hasRoom (parked: boolean): boolean {
    return parked ? this.counts.parked < this.o.parkedMax : this.counts.active < this.o.inFlightMax
  }

  private async readLoop (): Promise<void> {
    try {
      for (;;) {
        const { id, answer } = this.o.decode((await this.lp.read()).subarray())
        const p = this.pending.get(id)
        if (p === undefined) throw new Error(`the node answered request ${id}, which is not in flight`)
        this.free(id, p)
        p.settle?.resolve(answer)
      }
    } catch (err) {
      this.fail(err as Error)
    }
  }

  private free (id: number, p: Pending<Answer>): void {
    clearTimeout(p.timer)
    this.pending.delete(id)
    if (p.parked) this.counts.parked--
    else this.counts.active--
    const next = this.waiting.findIndex(w => w.parked === p.parked)
    if (next >= 0) this.waiting.splice(next, 1)[0].go()
  }

  private fail (err: Error, message = `the stream ended: ${err.message}`): void {
    if (this.closed) return
    this.shut(new ChannelClosedError(message))
    this.stream.abort(err)
  }

  private shut (e: ChannelClosedError): void {
    this.closed = true
    for (const p of this.pending.values()) { clearTimeout(p.timer); p.settle?.reject(e) }
    this.pending.clear()
    this.counts.active = 0
    this.counts.parked = 0
    for (const w of this.waiting.splice(0)) w.go()
  }

  /**
   * Sends the frame `encode(id)` makes and resolves with its answer, or
   * rejects at `timeoutMs`; `parked` when the node parks it (counted apart).
   */
  async request (encode: (id: number) => Uint8Array, timeoutMs: number, parked = false): Promise<Answer> {
    const deadline = Date.now() + timeoutMs
    while (!this.hasRoom(parked) && !this.closed) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no free request slot within ${timeoutMs} ms`)
      await new Promise<void>(resolve => {
        const w = { parked, go: () => { clearTimeout(t); resolve() } }
        const t = setTimeout(() => {
          const i = this.waiting.indexOf(w)
          if (i >= 0) this.waiting.splice(i, 1)
          resolve()
        }, left)
        this.waiting.push(w)
      })
    }
    if (this.closed) throw new ChannelClosedError('the stream is closed')
    let id = this.nextId
    while (this.pending.has(id)) id = (id % 0xffffffff) + 1
    this.nextId = (id % 0xffffffff) + 1
    if (parked) this.counts.parked++
    else this.counts.active++
    return await new Promise<Answer>((resolve, reject) => {
      const p: Pending<Answer> = { parked, settle: { resolve, reject } }
      p.timer = setTimeout(() => {
        p.settle = undefined
        reject(new Error(`no answer within ${timeoutMs} ms`))
        p.timer = setTimeout(() => {
          this.fail(new Error(`request ${id} unanswered ${this.givenUpAnswerTimeoutMs} ms after its deadline`))
        }, this.givenUpAnswerTimeoutMs)
      }, Math.max(0, deadline - Date.now()))
      this.pending.set(id, p)
      const frame = encode(id)
      this.writing = this.writing.then(async () => {
        // A request given up before it went out is not sent: it frees its slot at once.
        if (this.closed) return
        if (p.settle === undefined) { this.free(id, p); return }
        await this.lp.write(frame, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) })
      }).catch((err: Error) => { this.fail(err) })
    })
  }

  async close (timeoutMs = 2000): Promise<void> {
    if (this.closed) return
    this.shut(new ChannelClosedError('the channel was closed'))
    try {
      await this.stream.close({ signal: AbortSignal.timeout(timeoutMs) })
    } catch (err) {
      this.stream.abort(err as Error)
    }
  }
}
