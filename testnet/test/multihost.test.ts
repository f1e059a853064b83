// The network as independent operators run it, on hosts of their own: a lab
// of network namespaces (testnet/netns.ts) with four validator hosts on two
// sites, a device host and an app host. The genesis ceremony runs with one
// home per host, through the CLI as docs/OPERATIONS.md shows it; each node
// listens on every interface (0.0.0.0, or :: for the IPv6 one) and
// announces its host's address (a DNS name, IPv6, IPv4); device and app
// find the network through `network export`. Then real faults on real
// network stacks: a node cut off, the device's own node unreachable, a 2|2
// split, a node host stopped and restarted; and the certification latency
// with 25 ms one way between hosts (a delaying relay in front of every
// listener: testnet/relay.ts). Skipped, with the reason printed, where
// namespaces cannot be made (not root).
import { type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { artifactPath } from '../../clients/build-app.ts'
import { printTargets, row, writeResults } from '../bench/report.ts'
import { NetLab } from '../netns.ts'
import { launcher, nodeBinary, sleep } from '../testnet.ts'
import { waitFor } from './helpers.ts'

const reason = NetLab.probe()
if (reason !== undefined) console.warn(`SKIPPED e2e multi-host test: ${reason}`)

const repoRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)))
// Compiled into dist/js, as the nodes run (vitest's global setup builds it).
const relayScript = join(repoRoot, 'dist/js/testnet/relay.js')
const nodes = [0, 1, 2, 3]
const nodeHost = (i: number): string => `h${i}`
/** Where each node listens (every interface) and where its host's relay takes connections (the announced address). */
const nodePort = 4002
const announcePort = 4001
const devicePort = 5002
const deviceRelayPort = 5001
const delayMs = 25
const samples = 9

interface Certified { verdict: string, height: number, stepsMs: Record<string, number>, totalMs: number }
interface NodeStatusJson { ok: boolean, index: number, height: number, tip: string, connectedValidators: number }

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)] }
const quantile = (xs: number[], q: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] }

describe.skipIf(reason !== undefined)('e2e: independent operators on hosts of their own (network namespaces)', () => {
  let lab: NetLab
  const dir = mkdtempSync(join(tmpdir(), 'certchain-multihost-'))
  const homes = nodes.map(i => join(dir, `op${i}`))
  const network = join(dir, 'network.json')
  const vendorKey = join(dir, 'vendor.key')
  const appHome = join(dir, 'app')
  const relays = new Map<string, ChildProcess>()
  let deviceAddress = ''
  const latency: Record<string, { median: number, p90: number, steps: Record<string, number>, n: number }> = {}

  const cli = async (host: string, ...args: string[]): Promise<string> => {
    const r = await lab.run(host, [nodeBinary, launcher, ...args])
    if (r.code !== 0) throw new Error(`on ${host}: certchain ${args.join(' ')} exited ${r.code}:\n${r.stdout}${r.stderr}`)
    return r.stdout
  }
  const startNode = (i: number): void => { lab.spawn(nodeHost(i), [nodeBinary, launcher, 'node', '--home', homes[i]], join(homes[i], 'node.log')) }
  /**
   * How each node is reached: nodes 0 and 1 by DNS name, node 2 over IPv6
   * (it listens on ::), node 3 by IPv4 address; each listens on every
   * interface of its host, the relay in front of it on the announced address.
   */
  const plan: Array<{ listen: string, announce: string, relay: string, to: string }> = []
  const makePlan = (): void => {
    for (const i of nodes) {
      const h = lab.host(nodeHost(i))
      if (i === 2) plan.push({ listen: `/ip6/::/tcp/${nodePort}`, announce: `/ip6/${h.address6}/tcp/${announcePort}`, relay: `${h.address6}:${announcePort}`, to: `::1:${nodePort}` })
      else {
        plan.push({
          listen: `/ip4/0.0.0.0/tcp/${nodePort}`,
          announce: i === 3 ? `/ip4/${h.address}/tcp/${announcePort}` : `/dns4/${h.dnsName}/tcp/${announcePort}`,
          relay: `${h.address}:${announcePort}`,
          to: `127.0.0.1:${nodePort}`
        })
      }
    }
  }
  const startRelay = (host: string, listen: string, to: string, delay: number): void => {
    relays.get(host)?.kill('SIGKILL')
    relays.set(host, lab.spawn(host, [nodeBinary, relayScript, '--listen', listen, '--to', to, '--delay-ms', String(delay)],
      join(dir, `relay-${host}.log`)))
  }
  const startNodeRelay = (i: number, delay: number): void => { startRelay(nodeHost(i), plan[i].relay, plan[i].to, delay) }
  const startRelays = async (delay: number): Promise<void> => {
    for (const i of nodes) startNodeRelay(i, delay)
    startRelay('dev', `${lab.host('dev').address}:${deviceRelayPort}`, `127.0.0.1:${devicePort}`, delay)
    await sleep(1500)
  }
  /** `node status --home` on the node's own host: asks it on loopback, not through the lab. */
  const status = async (i: number): Promise<NodeStatusJson | undefined> => {
    const r = await lab.run(nodeHost(i), [nodeBinary, launcher, 'node', 'status', '--home', homes[i], '--json'], 20_000)
    try { return JSON.parse(r.stdout) as NodeStatusJson } catch { return undefined }
  }
  const waitConnected = async (which: number[], timeoutMs = 60_000): Promise<void> => {
    await waitFor(`nodes ${which.join(',')} connected to ${which.length - 1} validators`, async () => {
      const s = await Promise.all(which.map(async i => await status(i)))
      return s.every(x => x?.ok === true && x.connectedValidators >= which.length - 1)
    }, timeoutMs, 500)
  }
  /** Every node at one height with one tip: they agree. */
  const waitAgree = async (timeoutMs = 60_000): Promise<NodeStatusJson[]> => {
    let last: Array<NodeStatusJson | undefined> = []
    await waitFor('all four nodes at one height and tip', async () => {
      last = await Promise.all(nodes.map(async i => await status(i)))
      return last.every(s => s !== undefined && s.height === last[0]?.height && s.tip === last[0]?.tip)
    }, timeoutMs, 500)
    return last as NodeStatusJson[]
  }
  const app = async (...args: string[]): Promise<{ code: number, json: Record<string, unknown>, ms: number, out: string }> => {
    const r = await lab.run('app', [nodeBinary, artifactPath(), ...args, '--network', network, '--home', appHome, '--device', deviceAddress, '--json'])
    const line = r.stdout.trim().split('\n').at(-1) ?? ''
    let json: Record<string, unknown> = {}
    try { json = JSON.parse(line) as Record<string, unknown> } catch {}
    return { code: r.code, json, ms: r.ms, out: r.stdout + r.stderr }
  }
  const certify = async (): Promise<Certified> => {
    const r = await app('control', 'unlock')
    if (r.code !== 0) throw new Error(`the app's certification failed (exit ${r.code}):\n${r.out}`)
    const c = r.json as unknown as Certified
    expect(c.verdict).toBe('GRANTED')
    return c
  }
  const measure = async (label: string): Promise<void> => {
    await certify() // warm: connections made, not measured
    const runs: Certified[] = []
    for (let k = 0; k < samples; k++) runs.push(await certify())
    const totals = runs.map(r => r.stepsMs.total)
    const steps = Object.fromEntries(Object.keys(runs[0].stepsMs).filter(k => k !== 'total').map(k => [k, median(runs.map(r => r.stepsMs[k]))]))
    latency[label] = { median: median(totals), p90: quantile(totals, 0.9), steps, n: runs.length }
    console.log(`certification latency, ${label}: median ${latency[label].median} ms, p90 ${latency[label].p90} ms; ` +
      `step medians ${Object.entries(steps).map(([k, v]) => `${k} ${v}`).join(', ')} ms (${samples} certifications, each its own app process)`)
  }

  beforeAll(async () => {
    const swept = NetLab.sweep()
    if (swept.length > 0) console.log(`removed namespaces an earlier run left: ${swept.join(' ')}`)
    lab = NetLab.create([
      { name: 'h0', site: 'a' }, { name: 'h1', site: 'a' }, { name: 'dev', site: 'a' }, { name: 'app', site: 'a' },
      { name: 'h2', site: 'b' }, { name: 'h3', site: 'b' }
    ])
    // The ceremony, one home per host; the files travel through the shared folder (as they would by mail).
    makePlan()
    for (const i of nodes) await cli(nodeHost(i), 'node', 'init', '--home', homes[i], '--name', `op${i}`, '--listen', plan[i].listen, '--announce', plan[i].announce)
    const draft = join(dir, 'genesis-draft.json')
    await cli('h0', 'genesis', 'new', '--chain-id', 'lab-net-1', '--draft', draft)
    for (const home of homes) await cli('h0', 'genesis', 'add-validator', join(home, 'validator.json'), '--draft', draft)
    const vendor = JSON.parse((await cli('app', 'vendor', 'key', 'new', '--out', vendorKey)).trim().split('\n').at(-1) ?? '') as { publicKey: string }
    await cli('h0', 'genesis', 'add-vendor', '--name', 'lab-vendor', '--public-key', vendor.publicKey, '--draft', draft)
    const genesis = join(dir, 'genesis.json')
    const { genesisHash } = JSON.parse(await cli('h0', 'genesis', 'finalize', '--draft', draft, '--out', genesis, '--json')) as { genesisHash: string }
    for (const i of nodes) await cli(nodeHost(i), 'node', 'init', '--home', homes[i], '--genesis', genesis, '--genesis-hash', genesisHash)
    await cli('app', 'network', 'export', '--genesis', genesis, '--out', network)

    await startRelays(0)
    for (const i of nodes) startNode(i)
    await waitConnected(nodes)
    await cli('app', 'vendor', 'publish-release', '--network', network, '--vendor-key', vendorKey, '--artifact', artifactPath(), '--json')
    // The device asks node 0 first (its nearest), so that the test knows whose loss it meets.
    const deviceHome = join(dir, 'device')
    const deviceLog = join(dir, 'device.log')
    lab.spawn('dev', [nodeBinary, launcher, 'device', 'run', '--network', network, '--home', deviceHome, '--listen', `/ip4/127.0.0.1/tcp/${devicePort}`,
      '--vendor-key', vendorKey, '--first-node', '0'], deviceLog)
    let pairing = ''
    await waitFor('the device to be attested and serving', async () => {
      const text = readFileSync(deviceLog, 'utf8')
      const id = /^device id\s+(\S+)/m.exec(text)?.[1]
      pairing = [...text.matchAll(/pairing code\s+(\d+)/g)].at(-1)?.[1] ?? ''
      if (id !== undefined) deviceAddress = `/dns4/${lab.host('dev').dnsName}/tcp/${deviceRelayPort}/p2p/${id}`
      return id !== undefined && pairing !== ''
    }, 60_000, 500)
    const r = await lab.run('app', [nodeBinary, artifactPath(), 'register', '--network', network, '--home', appHome, '--device', deviceAddress, '--pairing-code', pairing, '--json'])
    if (r.code !== 0) throw new Error(`registration failed:\n${r.stdout}${r.stderr}`)
  }, 240_000)

  afterAll(async () => {
    lab?.destroy()
    rmSync(dir, { recursive: true, force: true })
    if (Object.keys(latency).length > 0) {
      console.log(`multi-host certification latency (ms): ${JSON.stringify(latency)}`)
      // The issue's target row, printed and written as the benchmarks do (a measurement, not an assertion).
      const delayed = latency[`${delayMs} ms one way`]
      if (delayed !== undefined) {
        const rows = [row(`certification p50, ${delayMs} ms one way between hosts`, delayed.median, 'ms', 'atMost', 6 * delayMs + 10)]
        printTargets('multi-host (network namespaces, each certification its own app process)', rows)
        writeResults('multihost', { delayMs, rows, latency })
      }
    }
  }, 60_000)

  it('certifies across hosts: app, device and each node on a host of its own, the quorum across two sites; every node agrees', async () => {
    const c = await certify()
    expect(c.height).toBeGreaterThan(0)
    const s = await waitAgree()
    expect(s.every(x => x.height >= c.height)).toBe(true)
    await measure('no added delay')
  }, 120_000)

  it('a node cut off (its cable down): the other three certify; cabled again, it catches up', async () => {
    lab.setLink('h3', false)
    const c = await certify()
    expect(c.verdict).toBe('GRANTED')
    const cut = await status(3)
    expect(cut?.height ?? 0).toBeLessThan(c.height)
    lab.setLink('h3', true)
    await waitConnected(nodes)
    await waitAgree()
  }, 180_000)

  it("the device's node unreachable: device and app move on to another node; the certification is granted", async () => {
    lab.setLink('h0', false)
    const t0 = performance.now()
    const c = await certify()
    console.log(`certification with the device's first node cut off: granted in ${Math.round(performance.now() - t0)} ms (app process included)`)
    expect(c.verdict).toBe('GRANTED')
    lab.setLink('h0', true)
    await waitConnected(nodes)
    await waitAgree()
  }, 180_000)

  it('a 2|2 split (the trunk down): app, device and node 0 on one side have no quorum, so the app gives up and nothing commits; healed, it certifies and all agree', async () => {
    const before = await waitAgree()
    lab.setTrunk(false)
    const t0 = performance.now()
    const r = await app('control', 'status')
    const ms = Math.round(performance.now() - t0)
    console.log(`certification during a 2|2 split: the app gave up after ${ms} ms: ${String(r.json.code)}: ${String(r.json.error)}`)
    expect(r.code).not.toBe(0)
    expect(r.json.code).toBeDefined()
    expect(r.json.verdict ?? null).toBeNull()
    const during = await Promise.all(nodes.map(async i => await status(i)))
    // No side commits anything: a split never forks the chain.
    expect(during.map(s => s?.height)).toEqual(before.map(s => s.height))
    lab.setTrunk(true)
    await waitConnected(nodes, 90_000)
    const c = await certify()
    expect(c.height).toBeGreaterThan(before[0].height)
    await waitAgree()
  }, 240_000)

  it('a node host stopped (every process killed, cable down) and restarted from its home: it catches up', async () => {
    lab.killHost('h1')
    lab.setLink('h1', false)
    await certify()
    lab.setLink('h1', true)
    startNodeRelay(1, 0)
    startNode(1)
    await waitConnected(nodes, 90_000)
    const s = await waitAgree()
    expect(s[1].height).toBe(s[0].height)
    await certify()
  }, 240_000)

  it(`certification latency with ${delayMs} ms one way between hosts (a delaying relay in front of every listener)`, async () => {
    await startRelays(delayMs)
    await waitConnected(nodes, 90_000)
    await measure(`${delayMs} ms one way`)
    // Every hop crosses a relay: the added latency is real, at least the app -> device -> node -> quorum -> back path.
    expect(latency[`${delayMs} ms one way`].median).toBeGreaterThan(latency['no added delay'].median + 4 * delayMs)
  }, 240_000)
})
