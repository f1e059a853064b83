// The multi-host test's delaying relay (testnet/relay.ts): every byte
// arrives, in order, each direction `delayMs` late; a receiver that does
// not read pauses the sender instead of filling the relay's memory.
import { randomBytes } from 'node:crypto'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { relayHeldBytesMax, startRelay } from '../relay.ts'

const echoPort = 28160
const relayPort = 28161
const delayMs = 40

describe('delaying relay', () => {
  const servers: Server[] = []
  const stops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const stop of stops) await stop()
    for (const s of servers) await new Promise<void>(resolve => { s.close(() => { resolve() }) })
  })

  it('passes 8 MiB both ways intact and in order, each way delayMs late', async () => {
    const echo = createServer(socket => { socket.pipe(socket) })
    servers.push(echo)
    await new Promise<void>(resolve => { echo.listen(echoPort, '127.0.0.1', resolve) })
    stops.push(await startRelay({ host: '127.0.0.1', port: relayPort }, { host: '127.0.0.1', port: echoPort }, delayMs))

    const socket = connect({ host: '127.0.0.1', port: relayPort })
    await new Promise<void>(resolve => socket.once('connect', resolve))
    // A round trip first: two relay crossings, one each way.
    const t0 = performance.now()
    socket.write('ping')
    await new Promise<void>(resolve => socket.once('data', () => { resolve() }))
    const rttMs = performance.now() - t0
    expect(rttMs).toBeGreaterThanOrEqual(2 * delayMs - 2)
    expect(rttMs).toBeLessThan(2 * delayMs + 200)

    const data = randomBytes(8 * 1024 * 1024)
    const received: Buffer[] = []
    let got = 0
    const done = new Promise<void>(resolve => {
      socket.on('data', (b: Buffer) => { received.push(b); got += b.length; if (got >= data.length) resolve() })
    })
    for (let at = 0; at < data.length; at += 64 * 1024) socket.write(data.subarray(at, at + 64 * 1024))
    await done
    expect(Buffer.concat(received).equals(data)).toBe(true)
    socket.destroy()
  }, 30_000)

  it('a receiver that reads nothing: the sender is paused once about relayHeldBytesMax is held', async () => {
    const sinkPort = 28162
    let sink: Socket | undefined
    const server = createServer(s => { sink = s; s.pause() })
    servers.push(server)
    await new Promise<void>(resolve => { server.listen(sinkPort, '127.0.0.1', resolve) })
    stops.push(await startRelay({ host: '127.0.0.1', port: relayPort + 2 }, { host: '127.0.0.1', port: sinkPort }, delayMs))
    const socket = connect({ host: '127.0.0.1', port: relayPort + 2 })
    await new Promise<void>(resolve => socket.once('connect', resolve))
    const chunk = Buffer.alloc(256 * 1024)
    let written = 0
    // Write until the kernel and the relay push back for a while.
    for (let i = 0; i < 400; i++) {
      if (!socket.write(chunk)) await Promise.race([new Promise(resolve => socket.once('drain', resolve)), new Promise(resolve => setTimeout(resolve, 300))])
      if (socket.writableLength > 0 && socket.writableNeedDrain) break
      written += chunk.length
    }
    // Far less than the 100 MiB offered went through: the relay held its bound, the sockets' buffers the rest.
    expect(written).toBeLessThan(relayHeldBytesMax + 32 * 1024 * 1024)
    socket.destroy()
    sink?.destroy()
  }, 60_000)
})
