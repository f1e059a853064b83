// A delaying TCP relay: the multi-host test's stand-in for netem, which
// these machines' kernels lack. It listens on one address, forwards every
// connection to another, and holds each chunk `delayMs` before passing it
// on, in both directions, in order. Put in front of every node and device
// (each listens on loopback, the relay on the host's address), it makes
// every connection between two hosts cross exactly one relay: `delayMs`
// one way, a round trip of twice that, as a link with that latency gives.
// What it does not model: loss, reordering, bandwidth; the relay's own
// TCP acknowledges at once, so the senders' congestion windows open
// faster than across a real long link (irrelevant at these sizes).
//
//   node dist/js/testnet/relay.js --listen HOST:PORT --to HOST:PORT --delay-ms N   (npm run build compiles it)
import { connect, createServer, type Socket } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

/** Bytes held in one direction before the sender is paused: the relay's memory bound per connection. */
export const relayHeldBytesMax = 4 * 1024 * 1024

/**
 * Copies `from` to `to`, each chunk `delayMs` late. A chunk counts as held
 * until the kernel has taken it (the write's callback), so a slow or cut-off
 * receiver pauses the sender instead of growing the relay's memory.
 */
function pipeDelayed (from: Socket, to: Socket, delayMs: number): void {
  if (delayMs === 0) {
    from.pipe(to)
    return
  }
  let held = 0
  from.on('data', (chunk: Buffer) => {
    held += chunk.length
    if (held > relayHeldBytesMax) from.pause()
    // Timers of one duration fire in the order they were set: the chunks stay in order.
    setTimeout(() => {
      if (to.destroyed) return
      to.write(chunk, () => {
        held -= chunk.length
        if (held <= relayHeldBytesMax && from.isPaused()) from.resume()
      })
    }, delayMs)
  })
  // The end follows the last chunk, as late: nothing written before it is lost.
  from.on('end', () => { setTimeout(() => { if (!to.destroyed) to.end() }, delayMs) })
}

export function startRelay (listen: { host: string, port: number }, target: { host: string, port: number }, delayMs: number): Promise<() => Promise<void>> {
  const sockets = new Set<Socket>()
  const server = createServer({ allowHalfOpen: true }, inbound => {
    const outbound = connect({ host: target.host, port: target.port, allowHalfOpen: true })
    for (const s of [inbound, outbound]) {
      s.setNoDelay(true)
      sockets.add(s)
      s.on('close', () => { sockets.delete(s) })
      s.on('error', () => { inbound.destroy(); outbound.destroy() })
    }
    // A clean close travels as an end (above); a reset one resets the other side too, as a broken link would.
    inbound.on('close', hadError => { if (hadError) outbound.destroy() })
    outbound.on('close', hadError => { if (hadError) inbound.destroy() })
    pipeDelayed(inbound, outbound, delayMs)
    pipeDelayed(outbound, inbound, delayMs)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(listen.port, listen.host, () => {
      resolve(async () => {
        for (const s of sockets) s.destroy()
        await new Promise<void>(done => { server.close(() => { done() }) })
      })
    })
  })
}

function hostPort (value: string | undefined, flag: string): { host: string, port: number } {
  const m = /^(.+):(\d+)$/.exec(value ?? '')
  if (m === null) throw new Error(`${flag} HOST:PORT is required`)
  return { host: m[1], port: Number(m[2]) }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { listen: { type: 'string' }, to: { type: 'string' }, 'delay-ms': { type: 'string', default: '0' } } })
  const delayMs = Number(values['delay-ms'])
  if (!Number.isSafeInteger(delayMs) || delayMs < 0 || delayMs > 10_000) throw new Error('--delay-ms: 0..10000')
  const listen = hostPort(values.listen, '--listen')
  const stop = await startRelay(listen, hostPort(values.to, '--to'), delayMs)
  process.stdout.write(`relay ${values.listen ?? ''} -> ${values.to ?? ''}, ${delayMs} ms each way\n`)
  const quit = (): void => { void stop().then(() => process.exit(0)) }
  process.once('SIGTERM', quit)
  process.once('SIGINT', quit)
}
