// npm run bench:auth [-- --devices 16 --apps-per-device 4 --concurrency 64 --seconds 20 --light 100]
// Full certifications on a 4-node testnet of real processes: login, the
// node's integrity check, the device's nonce, the certification value, the
// AuthAttempt committed by the quorum, the verdict's proof checked by the
// device and by the app, then one command on the session. Devices and apps
// run in this process (the SDKs; the app SDK imported from its release file
// dist/certchain-app.mjs, which measures this process as more than that file,
// so the bench's vendor publishes that measurement as a release), nodes in
// theirs. Measures latency at
// light load (one certification at a time) with a per-step breakdown, and
// throughput at saturation. Prints a table and writes bench-results/auth.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Command } from 'commander'
import type * as AppSdk from '../../clients/app-main.ts'
import { artifactPath } from '../../clients/build-app.ts'
import { Device } from '../../clients/device.ts'
import { loadNetwork } from '../../clients/network.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { percentile } from '../load.ts'
import { Testnet } from '../testnet.ts'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const { App, measureRunningApp } = await import(pathToFileURL(artifactPath()).href) as typeof AppSdk
type App = AppSdk.App
const benchVersion = '0.1.0-bench'

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSecondsOf (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

interface Sample { total: number, connect: number, loginAndIntegrity: number, verdict: number, verify: number, command: number }
const stepNames: Array<keyof Sample> = ['connect', 'loginAndIntegrity', 'verdict', 'verify', 'command', 'total']

function summarize (samples: Sample[]): Record<string, { p50: number, p99: number, mean: number }> {
  const out: Record<string, { p50: number, p99: number, mean: number }> = {}
  for (const k of stepNames) {
    const xs = samples.map(s => s[k]).sort((a, b) => a - b)
    out[k] = { p50: percentile(xs, 50), p99: percentile(xs, 99), mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) }
  }
  return out
}

async function certifyOnce (app: App, address: string): Promise<Sample> {
  const s = await app.certify(address)
  const t = performance.now()
  await s.command('status')
  const command = performance.now() - t
  await s.close()
  return { ...s.steps, command, total: s.steps.total + command }
}

async function inBatches<T> (items: T[], width: number, f: (t: T, i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) { const i = next++; await f(items[i], i) }
  }))
}

const program = new Command('bench:auth')
  .option('--devices <n>', 'simulated devices', '16')
  .option('--apps-per-device <n>', 'apps registered with each device', '4')
  .option('--concurrency <n>', 'certifications in flight at saturation', '64')
  .option('--seconds <n>', 'length of the saturation run', '20')
  .option('--light <n>', 'certifications one at a time (light load)', '100')
  .option('--base-port <port>', 'first node port', '28700')
  .option('--keep', 'keep the testnet directory (node logs with their timings) instead of deleting it')
  .action(async (o: { devices: string, appsPerDevice: string, concurrency: string, seconds: string, light: string, basePort: string, keep?: boolean }) => {
    const log = (s: string): void => { process.stderr.write(s + '\n') }
    const dir = mkdtempSync(join(tmpdir(), 'certchain-bench-auth-'))
    log(`bench:auth: 4-node testnet in ${dir}, node ${process.version}; devices and apps in this process (pid ${process.pid})`)
    const tn = await Testnet.up({ nodes: 4, dir, basePort: Number(o.basePort), onProgress: line => { log(`  ${line}`) } })
    const measured = measureRunningApp()
    await tn.publishRelease({ ...measured.integrity, version: benchVersion, runtime: measured.runtime })
    const devices: Device[] = []
    const apps: App[] = []
    try {
      const network = loadNetwork(join(dir, 'network.json'))
      const nDevices = Number(o.devices)
      const perDevice = Number(o.appsPerDevice)
      await inBatches([...Array(nDevices).keys()], 8, async (_x, i) => {
        const d = await Device.open({ network, home: join(dir, `device-${i}`), ed: nodeEd25519, allowLoopback: true, firstNode: i % network.nodes.length })
        await d.start()
        await d.provision()
        devices[i] = d
      })
      log(`  ${nDevices} devices provisioned`)
      const pairs: Array<{ app: App, address: string }> = []
      await inBatches([...Array(nDevices * perDevice).keys()], 16, async (_x, i) => {
        const d = devices[i % nDevices]
        const app = await App.open({ network, home: join(dir, `app-${i}`), ed: nodeEd25519, version: benchVersion })
        apps[i] = app
        await app.register(d.multiaddrs[0], d.pairingCode)
        pairs[i] = { app, address: d.multiaddrs[0] }
      })
      log(`  ${pairs.length} apps registered`)
      for (let i = 0; i < 20; i++) await certifyOnce(pairs[i % pairs.length].app, pairs[i % pairs.length].address)

      const lightN = Number(o.light)
      log(`light load: ${lightN} certifications, one at a time`)
      const light: Sample[] = []
      const tLight = performance.now()
      for (let i = 0; i < lightN; i++) {
        const p = pairs[i % pairs.length]
        light.push(await certifyOnce(p.app, p.address))
      }
      const lightSeconds = (performance.now() - tLight) / 1000

      const concurrency = Number(o.concurrency)
      const seconds = Number(o.seconds)
      log(`saturation: ${concurrency} in flight for ${seconds} s`)
      const sat: Sample[] = []
      const errors: Record<string, number> = {}
      const nodePids = [0, 1, 2, 3].map(i => tn.pidOf(i) ?? 0)
      const heightBefore = (await tn.status(0)).status?.height ?? 0
      const cpuBefore = { nodes: nodePids.map(cpuSecondsOf), clients: process.cpuUsage() }
      const end = performance.now() + seconds * 1000
      const t0 = performance.now()
      let done = 0
      const progress = setInterval(() => { log(`  ${done} certified, ${((done * 1000) / (performance.now() - t0)).toFixed(0)}/s`) }, 5000)
      // Each worker owns one (app, device) pair when there are enough: an app's registration certifies one session at a time.
      await Promise.all(Array.from({ length: concurrency }, async (_x, w) => {
        while (performance.now() < end) {
          const p = pairs[w % pairs.length]
          try {
            sat.push(await certifyOnce(p.app, p.address))
            done++
          } catch (err) {
            const code = (err as { code?: string }).code ?? (err as Error).name
            errors[code] = (errors[code] ?? 0) + 1
          }
        }
      }))
      clearInterval(progress)
      const satSeconds = (performance.now() - t0) / 1000
      const clientCpu = process.cpuUsage(cpuBefore.clients)
      const blocks = ((await tn.status(0)).status?.height ?? 0) - heightBefore
      const cpu = {
        /** CPU seconds per second of wall time during the saturation run (2 cores = 2.0 at most). */
        nodes: nodePids.map((p, i) => (cpuSecondsOf(p) - cpuBefore.nodes[i]) / satSeconds),
        clients: (clientCpu.user + clientCpu.system) / 1e6 / satSeconds
      }
      const lightSummary = summarize(light)
      const satSummary = summarize(sat)
      const result = {
        machine: { cores: (await import('node:os')).cpus().length, node: process.version },
        setup: { nodes: 4, devices: nDevices, apps: pairs.length, concurrency, seconds },
        light: { certifications: light.length, perSecond: light.length / lightSeconds, ms: lightSummary },
        saturation: { certifications: sat.length, perSecond: sat.length / satSeconds, errors, ms: satSummary, cpuCoresUsed: cpu, blocks, txsPerBlock: sat.length / Math.max(1, blocks) },
        deviceStats: devices.reduce((a, d) => ({ granted: a.granted + d.stats.granted, refused: a.refused + d.stats.refused, unverified: a.unverified + d.stats.unverifiedAnswers }), { granted: 0, refused: 0, unverified: 0 }),
        targets: {
          saturationPerSecond: { target: 500, met: sat.length / satSeconds >= 500 },
          lightP50Ms: { target: 25, met: lightSummary.total.p50 <= 25 },
          lightP99Ms: { target: 100, met: lightSummary.total.p99 <= 100 }
        }
      }
      const f = (x: number): string => x.toFixed(1).padStart(7)
      console.log('\ncertchain bench:auth (full certifications, 4 nodes, this machine)')
      console.log(`light load (1 in flight): ${light.length} in ${lightSeconds.toFixed(1)} s`)
      console.log(`saturation (${concurrency} in flight): ${sat.length} in ${satSeconds.toFixed(1)} s = ${result.saturation.perSecond.toFixed(1)} certifications/s; errors ${JSON.stringify(errors)}`)
      console.log(`blocks during saturation: ${blocks} (${(blocks / satSeconds).toFixed(1)}/s), ${(sat.length / Math.max(1, blocks)).toFixed(1)} certifications per block`)
      const totalCpu = cpu.nodes.reduce((a, b) => a + b, 0) + cpu.clients
      console.log(`CPU at saturation (cores busy): nodes ${cpu.nodes.map(c => c.toFixed(2)).join(' + ')}, devices and apps ${cpu.clients.toFixed(2)}; ` +
        `total ${totalCpu.toFixed(2)} of ${result.machine.cores}; ${(totalCpu * 1000 / result.saturation.perSecond).toFixed(1)} ms of CPU per certification`)
      console.log('\nstep (ms)            light p50  light p99  sat p50  sat p99')
      for (const k of stepNames) console.log(`${k.padEnd(20)} ${f(lightSummary[k].p50)}    ${f(lightSummary[k].p99)}  ${f(satSummary[k].p50)}  ${f(satSummary[k].p99)}`)
      console.log('\ntarget                       result                       met')
      console.log(`>= 500 certifications/s      ${result.saturation.perSecond.toFixed(1).padEnd(28)} ${result.targets.saturationPerSecond.met}`)
      console.log(`p50 <= 25 ms at light load   ${lightSummary.total.p50.toFixed(1).padEnd(28)} ${result.targets.lightP50Ms.met}`)
      console.log(`p99 <= 100 ms at light load  ${lightSummary.total.p99.toFixed(1).padEnd(28)} ${result.targets.lightP99Ms.met}`)
      mkdirSync(join(root, 'bench-results'), { recursive: true })
      writeFileSync(join(root, 'bench-results', 'auth.json'), JSON.stringify(result, null, 2) + '\n')
      log('wrote bench-results/auth.json')
    } finally {
      for (const a of apps) await a?.close()
      for (const d of devices) await d?.stop()
      await tn.down()
      if (o.keep === true) log(`kept ${dir}`)
      else rmSync(dir, { recursive: true, force: true })
    }
  })

await program.parseAsync(process.argv)
