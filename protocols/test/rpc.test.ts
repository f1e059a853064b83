// Many requests on one stream (protocols/rpc.ts: Budget, serveMany, Channel)
// over the real stack: two libp2p hosts on 127.0.0.1 (TCP, Noise, yamux).
// The bounds a client cannot get around: requests in flight and parked per
// stream, the answer bytes reserved per stream and over the node, and a full
// cap pauses the stream (the client's writes wait) instead of buffering what
// it sends; the client counts its requests as the node does.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Libp2p, Stream } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { lpStream } from '@libp2p/utils'
import { createLibp2p } from 'libp2p'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Budget, Channel, ChannelClosedError, serveMany, type ManyLimits, type ManyRequest } from '../rpc.ts'

const protocol = '/certchain-test/rpc/1'

/** A request frame: its id (4 bytes), a flag (1: parked), then a body. An answer: the id. */
function frame (id: number, parked = false, bodyBytes = 0): Uint8Array {
  const b = new Uint8Array(5 + bodyBytes)
  new DataView(b.buffer).setUint32(0, id)
  b[4] = parked ? 1 : 0
  return b
}
const idOf = (f: Uint8Array): number => new DataView(f.buffer, f.byteOffset, f.byteLength).getUint32(0)
const answerOf = (id: number): Uint8Array => frame(id).subarray(0, 4)

let server: Libp2p
let client: Libp2p
/** What the server does with each stream: set by each test. */
let onStream: (stream: Stream) => Promise<void>

beforeAll(async () => {
  const host = async (listen: string[]): Promise<Libp2p> => await createLibp2p({
    addresses: { listen }, transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()]
  })
  server = await host(['/ip4/127.0.0.1/tcp/0'])
  client = await host([])
  await server.handle(protocol, async (stream) => { await onStream(stream) }, { maxInboundStreams: 64 })
})

afterAll(async () => {
  await client?.stop()
  await server?.stop()
})

const dial = async (): Promise<Stream> => await client.dialProtocol(server.getMultiaddrs()[0], protocol)
const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

function limits (o: Partial<ManyLimits> = {}): ManyLimits {
  return { frameBytesMax: 128 * 1024, inFlightMax: 4, parkedMax: 4, answerBytesPerStreamMax: 1 << 20, answerBytes: new Budget(8 << 20), idleTimeoutMs: 60_000, writeTimeoutMs: 5000, ...o }
}

/** A server whose requests are answered when the test says so; it counts what runs at once. */
function gatedServer (l: ManyLimits, answerBytesMax = 16): { release: () => void, stats: { started: number, running: number, most: number }, done: Promise<void> } {
  const stats = { started: 0, running: 0, most: 0 }
  const gates: Array<() => void> = []
  let open = false
  let done!: Promise<void>
  onStream = async (stream) => {
    done = serveMany(stream, l, (f): ManyRequest => ({
      answerBytesMax,
      parked: f[4] === 1,
      answer: async () => {
        stats.started++
        stats.most = Math.max(stats.most, ++stats.running)
        if (!open) await new Promise<void>(resolve => gates.push(resolve))
        stats.running--
        return answerOf(idOf(f))
      },
      failed: () => answerOf(idOf(f))
    }))
    await done
  }
  return { release: () => { open = true; for (const g of gates.splice(0)) g() }, stats, get done () { return done } }
}

describe('Budget', () => {
  test('gives first come first served, clamps a taking larger than the whole, and refuses to release more than taken', async () => {
    const b = new Budget(10)
    expect(b.tryTake(6)).toBe(true)
    const order: string[] = []
    const big = b.take(8).then(() => order.push('big'))
    expect(b.tryTake(1)).toBe(false) // someone waits before us
    const small = b.take(1).then(() => order.push('small'))
    b.release(6)
    await Promise.all([big, small])
    expect(order).toEqual(['big', 'small'])
    expect(b.inUse).toBe(9)
    b.release(9)
    expect(b.tryTake(1000)).toBe(true) // all of it
    expect(b.inUse).toBe(10)
    b.release(1000)
    expect(() => { b.release(1) }).toThrow(/more than taken/)
  })
})

describe('serveMany', () => {
  test('at its in-flight cap it pauses the stream: the client\'s writes wait, nothing piles up, and it reads on when answers go out', async () => {
    const s = gatedServer(limits({ inFlightMax: 2 }))
    const stream = await dial()
    const lp = lpStream(stream, { maxDataLength: 1 << 20 })
    let sent = 0
    let stalled = false
    // 200 frames of 60 KB: 12 MB, three times what a byte stream buffers before it gives up on a peer.
    for (let i = 1; i <= 200; i++) {
      try {
        await lp.write(frame(i, false, 60_000), { signal: AbortSignal.timeout(500) })
        sent++
      } catch {
        stalled = true
        break
      }
    }
    expect(stalled).toBe(true)
    expect(sent).toBeLessThan(200)
    expect(s.stats.started).toBe(2)
    expect(stream.status).toBe('open')
    s.release()
    const answered = new Set<number>()
    while (answered.size < 2) answered.add(idOf((await lp.read({ signal: AbortSignal.timeout(5000) })).subarray()))
    expect(answered).toEqual(new Set([1, 2]))
    expect(s.stats.started).toBeGreaterThan(2) // it read on
    stream.abort(new Error('test done'))
  }, 30_000)

  test('a request runs only when its answer\'s bytes fit the stream\'s reservation, and parked requests are counted apart', async () => {
    const s = gatedServer(limits({ inFlightMax: 8, parkedMax: 2, answerBytesPerStreamMax: 1000 }), 400)
    const stream = await dial()
    const lp = lpStream(stream)
    for (let i = 1; i <= 6; i++) await lp.write(frame(i, i <= 3), { signal: AbortSignal.timeout(2000) })
    await sleep(200)
    // 400 bytes each in 1000: two at a time, although 8 may be in flight.
    expect(s.stats.started).toBe(2)
    s.release()
    const answered = new Set<number>()
    while (answered.size < 6) answered.add(idOf((await lp.read({ signal: AbortSignal.timeout(5000) })).subarray()))
    expect(s.stats.most).toBe(2)
    stream.abort(new Error('test done'))
  }, 30_000)

  test('the node-wide reservation holds across streams', async () => {
    const shared = new Budget(1000)
    const s = gatedServer(limits({ answerBytes: shared }), 600)
    const a = lpStream(await dial())
    await a.write(frame(1), { signal: AbortSignal.timeout(2000) })
    const b = lpStream(await dial())
    await b.write(frame(2), { signal: AbortSignal.timeout(2000) })
    await sleep(200)
    expect(s.stats.started).toBe(1)
    expect(shared.inUse).toBe(600)
    s.release()
    expect(idOf((await a.read({ signal: AbortSignal.timeout(5000) })).subarray())).toBe(1)
    expect(idOf((await b.read({ signal: AbortSignal.timeout(5000) })).subarray())).toBe(2)
    await sleep(50)
    expect(shared.inUse).toBe(0)
  }, 30_000)

  test('a request that fails is answered with its failure frame, and the stream goes on', async () => {
    onStream = async (stream) => {
      await serveMany(stream, limits(), (f): ManyRequest => ({
        answerBytesMax: 16,
        parked: false,
        answer: async () => { if (idOf(f) === 1) throw new Error('disk on fire'); return answerOf(idOf(f)) },
        failed: () => answerOf(idOf(f) + 1000)
      }))
    }
    const lp = lpStream(await dial())
    await lp.write(frame(1))
    expect(idOf((await lp.read({ signal: AbortSignal.timeout(5000) })).subarray())).toBe(1001)
    await lp.write(frame(2))
    expect(idOf((await lp.read({ signal: AbortSignal.timeout(5000) })).subarray())).toBe(2)
  }, 30_000)
})

describe('Channel', () => {
  /** A server answering each request after `delayMs(id)`, recording the ids it got and the most in flight. */
  function delayedServer (delayMs: (id: number) => number, answer: (id: number) => number = id => id): { got: number[], most: () => number } {
    const got: number[] = []
    let running = 0
    let most = 0
    onStream = async (stream) => {
      await serveMany(stream, limits({ inFlightMax: 64 }), (f): ManyRequest => ({
        answerBytesMax: 16,
        parked: f[4] === 1,
        answer: async () => {
          got.push(idOf(f))
          most = Math.max(most, ++running)
          await sleep(delayMs(idOf(f)))
          running--
          return answerOf(answer(idOf(f)))
        },
        failed: () => answerOf(idOf(f))
      }))
    }
    return { got, most: () => most }
  }
  const channel = async (o: { inFlightMax?: number, parkedMax?: number, givenUpAnswerTimeoutMs?: number } = {}): Promise<Channel<number>> =>
    new Channel<number>(await dial(), { inFlightMax: 1, parkedMax: 1, answerBytesMax: 1024, decode: f => ({ id: idOf(f), answer: idOf(f) }), ...o })

  test('a waiter that gave up does not swallow the next free slot', async () => {
    delayedServer(id => id === 1 ? 300 : 0)
    const ch = await channel()
    const a = ch.request(id => frame(id), 5000)
    const b = ch.request(id => frame(id), 100)
    const c = ch.request(id => frame(id), 2000)
    await expect(b).rejects.toThrow(/no free request slot/)
    expect(await a).toBe(1)
    expect(await c).toBe(2)
    await ch.close()
  }, 30_000)

  test('a request whose caller gave up holds its slot until the node answers it, as the node counts it', async () => {
    const server = delayedServer(id => id === 1 ? 400 : 0)
    const ch = await channel()
    const t0 = Date.now()
    await expect(ch.request(id => frame(id), 100)).rejects.toThrow(/no answer within 100 ms/)
    expect(await ch.request(id => frame(id), 2000)).toBe(2)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380)
    expect(server.most()).toBe(1)
    await ch.close()
  }, 30_000)

  test('parked requests have slots of their own', async () => {
    delayedServer(id => id === 1 ? 500 : 0)
    const ch = await channel()
    const parked = ch.request(id => frame(id, true), 5000, true)
    const t0 = Date.now()
    expect(await ch.request(id => frame(id), 2000)).toBe(2)
    expect(Date.now() - t0).toBeLessThan(400)
    expect(await parked).toBe(1)
    await ch.close()
  }, 30_000)

  test('an answer to an id not in flight fails the channel, and everything in it', async () => {
    delayedServer(id => id === 1 ? 0 : 300, id => id === 1 ? 77 : id)
    const ch = await channel({ inFlightMax: 4 })
    const second = ch.request(id => frame(id), 5000)
    await expect(ch.request(id => frame(id), 5000)).rejects.toThrow(ChannelClosedError)
    await expect(second).rejects.toThrow(/not in flight/)
    expect(ch.closed).toBe(true)
  }, 30_000)

  test('a request the node leaves unanswered fails the channel some time after its deadline', async () => {
    delayedServer(() => 5000)
    const ch = await channel({ givenUpAnswerTimeoutMs: 200 })
    await expect(ch.request(id => frame(id), 100)).rejects.toThrow(/no answer/)
    await sleep(400)
    expect(ch.closed).toBe(true)
    await expect(ch.request(id => frame(id), 100)).rejects.toThrow(ChannelClosedError)
  }, 30_000)

  test('close() fails what is in flight and what waits for a slot at once', async () => {
    delayedServer(() => 5000)
    const ch = await channel()
    const inFlight = ch.request(id => frame(id), 10_000)
    const waiting = ch.request(id => frame(id), 10_000)
    await sleep(50)
    const t0 = Date.now()
    await ch.close()
    await expect(inFlight).rejects.toThrow(ChannelClosedError)
    await expect(waiting).rejects.toThrow(ChannelClosedError)
    expect(Date.now() - t0).toBeLessThan(2500)
  }, 30_000)
})
