// The session caps of a real Device, reached by real Apps over libp2p on
// 127.0.0.1. No node runs: pairing is the device's own business, and nothing
// here reaches the flow steps that need the network (the network file names
// one node address in this file's port range where nothing listens).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App } from '../app.ts'
import * as K from '../constants.ts'
import { Device } from '../device.ts'
import type { Network } from '../network.ts'
import { peerIdOfKey, type DeviceMessage } from '../../protocols/cert.ts'
import { makeValidatorSet } from '../../protocols/certificate.ts'
import { makeGenesis } from '../../protocols/genesis.ts'
import { keyPairFromSeed, nobleEd25519 } from '../../protocols/sign.ts'

type Channel = Awaited<ReturnType<App['openChannel']>>['io']

let dir: string
let network: Network
let device: Device
let addr: string
const apps: App[] = []

async function newApp (name: string): Promise<App> {
  const app = await App.open({ network, home: join(dir, name) })
  apps.push(app)
  return app
}

/** What the device said on a stream, and when (ms after `sinceMs`); `reset` if the stream ended without a message. */
async function answerOf (io: Channel, sinceMs: number): Promise<{ code: string, ms: number }> {
  try {
    const m: DeviceMessage = await io.read(20_000)
    return { code: m.error?.code ?? Object.keys(m).find(k => (m as Record<string, unknown>)[k] !== undefined) ?? '?', ms: performance.now() - sinceMs }
  } catch {
    return { code: 'reset', ms: performance.now() - sinceMs }
  }
}

/** Opens a stream and sends nothing; `answer` resolves with the device's word on it. */
async function idleStream (app: App): Promise<{ io: Channel, answer: Promise<{ code: string, ms: number }> }> {
  const { io } = await app.openChannel(addr)
  return { io, answer: answerOf(io, performance.now()) }
}

async function pair (app: App, code: string): Promise<{ io: Channel, answer: { code: string, ms: number } }> {
  const { io } = await app.openChannel(addr)
  const t = performance.now()
  await io.write({ pair: { pairingCode: code, h1: app.h1, h2: app.h2, method: { selection: [1, 2, 3], salt: randomBytes(16) } } }, 5000)
  return { io, answer: await answerOf(io, t) }
}

async function waitUsage (what: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!what()) {
    if (Date.now() > end) throw new Error(`sessions still held: ${JSON.stringify(device.sessionUsage)}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
const noSessions = (): boolean => Object.values(device.sessionUsage).every(n => n === 0)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certchain-sessions-'))
  const chainId = 'sessions-test'
  const keys = [1, 2, 3, 4].map(i => keyPairFromSeed(new Uint8Array(32).fill(i), nobleEd25519))
  const genesis = makeGenesis(chainId, keys.map(k => k.publicKey), Date.now())
  network = { chainId, genesis, set: makeValidatorSet(chainId, keys.map(k => k.publicKey)), nodes: [`/ip4/127.0.0.1/tcp/27999/p2p/${peerIdOfKey(keys[0].publicKey)}`], nodeValidators: [0], dir }
  device = await Device.open({ network, home: join(dir, 'device'), allowLoopback: true })
  await device.start()
  addr = device.multiaddrs[0]
})

afterAll(async () => {
  for (const a of apps) await a.close()
  await device?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('device session caps', () => {
  it('a stranger: two idle streams at most, each closed with BUSY at the first-message deadline; a trickled message gains nothing', async () => {
    const before = { ...device.stats.busy }
    const idler = await newApp('idler')
    const held = [await idleStream(idler), await idleStream(idler)]
    const third = await idleStream(idler)
    expect((await third.answer).code).toBe('BUSY')
    expect(device.stats.busy.strangerPerPeer).toBe(before.strangerPerPeer + 1)
    // A length prefix of 1000, then a byte every 500 ms: it never completes, and the deadline is on the whole message.
    const trickler = await newApp('trickler')
    const slow = await idleStream(trickler)
    slow.io.stream.send(Uint8Array.from([0xe8, 0x07]))
    const drip = setInterval(() => { try { slow.io.stream.send(Uint8Array.from([1])) } catch {} }, 500)
    try {
      for (const s of [...held, slow]) {
        const a = await s.answer
        expect(a.code).toBe('BUSY')
        expect(a.ms).toBeGreaterThan(K.firstMessageTimeoutMs - 500)
        expect(a.ms).toBeLessThan(K.firstMessageTimeoutMs + 3000)
      }
    } finally {
      clearInterval(drip)
    }
    expect(device.stats.busy.deadline).toBe(before.deadline + 3)
    for (const s of [...held, third, slow]) await s.io.close()
    await waitUsage(noSessions)
  })

  it('a registered app: the per-connection cap, then its per-peer cap over a second connection', async () => {
    const user = await newApp('user')
    const paired = await pair(user, device.pairingCode)
    expect(paired.answer.code).toBe('pair')
    await paired.io.close()
    await waitUsage(noSessions)
    const before = { ...device.stats.busy }
    const streams: Channel[] = []
    const answers: string[] = []
    for (let i = 0; i <= K.deviceStreamsPerConnectionMax; i++) {
      const { io } = await user.openChannel(addr)
      streams.push(io)
      await io.write({ command: { seq: 1, name: 'status' } }, 5000)
      answers.push((await answerOf(io, 0)).code)
    }
    // Served (no control session yet, but served), then BUSY: one connection holds at most its cap.
    expect(answers).toEqual([...Array(K.deviceStreamsPerConnectionMax).fill('NO_SESSION'), 'BUSY'])
    expect(device.stats.busy.perConnection).toBe(before.perConnection + 1)
    expect(device.sessionUsage.registered).toBe(K.deviceStreamsPerConnectionMax)
    // The same user key from a second install: another connection, the same peer.
    const twin = await App.open({ network, home: join(dir, 'user') })
    apps.push(twin)
    expect(twin.appPeer).toBe(user.appPeer)
    const extra = await idleStream(twin)
    expect((await extra.answer).code).toBe('BUSY')
    expect(device.stats.busy.registeredPerPeer).toBe(before.registeredPerPeer + 1)
    for (const io of [...streams, extra.io]) await io.close()
    await waitUsage(noSessions)
  })

  it('an address share full of idle strangers: the registered app is served from the reserved pool, and a new app still pairs', async () => {
    const before = { ...device.stats.busy }
    const strangers = await Promise.all(Array.from({ length: K.strangerSessionsPerAddressMax }, async (_, i) => await newApp(`stranger-${i}`)))
    const idle = []
    for (const s of strangers) idle.push(await idleStream(s))
    await waitUsage(() => device.sessionUsage.stranger === K.strangerSessionsPerAddressMax)
    // Every stranger slot of 127.0.0.1 is taken: a registered user is not a stranger.
    const user = apps.find(a => a.options.home === join(dir, 'user')) as App
    const { io } = await user.openChannel(addr)
    await io.write({ command: { seq: 1, name: 'status' } }, 5000)
    expect((await answerOf(io, 0)).code).toBe('NO_SESSION')
    await io.close()
    // A new app, from the same address: the stranger that waited longest makes room, and pairing goes through.
    const newcomer = await newApp('newcomer')
    const paired = await pair(newcomer, device.pairingCode)
    expect(paired.answer.code).toBe('pair')
    expect(paired.answer.ms).toBeLessThan(1000)
    expect(device.stats.busy.evicted).toBe(before.evicted + 1)
    expect((await idle[0].answer).code).toBe('BUSY')
    expect(device.sessionUsage.stranger).toBeLessThanOrEqual(K.strangerSessionsPerAddressMax)
    // Paired, the newcomer's stream left the stranger pool for the reserved one.
    expect(device.sessionUsage.registered).toBeGreaterThanOrEqual(1)
    for (const s of [...idle.map(x => x.io), paired.io]) await s.close()
    await waitUsage(noSessions)
  })
})
