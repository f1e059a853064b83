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
// throughput at saturation; then the same on a 1-validator testnet (the cost
// of replication), and this machine's Ed25519 rate against the signature
// checks a certification costs (the hardware limit). Prints the target table
// and writes bench-results/auth.json.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Command } from 'commander'
import type * as AppSdk from '../../clients/app-main.ts'
import { artifactPath } from '../../clients/build-app.ts'
import { Device } from '../../clients/device.ts'
import { loadNetwork } from '../../clients/network.ts'
import { ed25519Counts, nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { percentile } from '../load.ts'
import { Testnet } from '../testnet.ts'
import { finish, measureSignatureRate, nodeSignatureChecks, printTargets, replicationRows, report, row } from './report.ts'

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

interface RunOptions { nodes: number, devices: number, perDevice: number, concurrency: number, seconds: number, light: number, basePort: number, keep: boolean }

/** One testnet of `nodes` validators: setup, light load, saturation; everything it started is stopped before it returns. */
async function run (o: RunOptions, log: (s: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'certchain-bench-auth-'))
  log(`${o.nodes}-node testnet in ${dir}; devices and apps in this process (pid ${process.pid})`)
  const tn = await Testnet.up({ nodes: o.nodes, dir, basePort: o.basePort, onProgress: line => { log(`  ${line}`) } })
  const devices: Device[] = []
  const apps: App[] = []
  const all = [...Array(o.nodes).keys()]
  try {
    const measured = measureRunningApp()
    await tn.publishRelease({ ...measured.integrity, version: benchVersion, runtime: measured.runtime })
    const network = loadNetwork(join(dir, 'network.json'))
    await inBatches([...Array(o.devices).keys()], 8, async (_x, i) => {
      const d = await Device.open({ network, home: join(dir, `device-${i}`), ed: nodeEd25519, allowLoopback: true, firstNode: i % network.nodes.length })
      await d.start()
      await d.provision()
      devices[i] = d
    })
    log(`  ${o.devices} devices provisioned`)
    const pairs: Array<{ app: App, address: string }> = []
    // 16 devices at a time, each pairing its apps one after the other (a device pairs one app at a
    // time, with the code it shows then: two at once on one device failed BAD_PAIRING_CODE).
    // App i belongs to device i mod devices.
    await inBatches([...Array(o.devices).keys()], 16, async (_x, di) => {
      const d = devices[di]
      for (let k = 0; k < o.perDevice; k++) {
        const i = di + k * o.devices
        const app = await App.open({ network, home: join(dir, `app-${i}`), ed: nodeEd25519, version: benchVersion })
        apps[i] = app
        await app.register(d.multiaddrs[0], d.pairingCode)
        pairs[i] = { app, address: d.multiaddrs[0] }
      }
    })
    log(`  ${pairs.length} apps registered`)
    for (let i = 0; i < 20; i++) await certifyOnce(pairs[i % pairs.length].app, pairs[i % pairs.length].address)

    log(`light load: ${o.light} certifications, one at a time`)
    const light: Sample[] = []
    const tLight = performance.now()
    for (let i = 0; i < o.light; i++) {
      const p = pairs[i % pairs.length]
      light.push(await certifyOnce(p.app, p.address))
    }
    const lightSeconds = (performance.now() - tLight) / 1000

    log(`saturation: ${o.concurrency} in flight for ${o.seconds} s`)
    const sat: Sample[] = []
    const errors: Record<string, number> = {}
    const nodePids = all.map(i => tn.pidOf(i) ?? 0)
    const heightBefore = (await tn.status(0)).status?.height ?? 0
    const checksBefore = { nodes: await nodeSignatureChecks(tn, all), clients: ed25519Counts.verifications }
    const cpuBefore = { nodes: nodePids.map(cpuSecondsOf), clients: process.cpuUsage() }
    const end = performance.now() + o.seconds * 1000
    const t0 = performance.now()
    let done = 0
    const progress = setInterval(() => { log(`  ${done} certified, ${((done * 1000) / (performance.now() - t0)).toFixed(0)}/s`) }, 5000)
    // Each worker owns one (app, device) pair when there are enough: an app's registration certifies one session at a time.
    await Promise.all(Array.from({ length: o.concurrency }, async (_x, w) => {
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
    const cpu = {
      /** CPU seconds per second of wall time during the saturation run (2 cores = 2.0 at most). */
      nodes: nodePids.map((p, i) => (cpuSecondsOf(p) - cpuBefore.nodes[i]) / satSeconds),
      clients: (clientCpu.user + clientCpu.system) / 1e6 / satSeconds
    }
    const checks = { nodes: await nodeSignatureChecks(tn, all) - checksBefore.nodes, clients: ed25519Counts.verifications - checksBefore.clients }
    const blocks = ((await tn.status(0)).status?.height ?? 0) - heightBefore
    const totalCpu = cpu.nodes.reduce((a, b) => a + b, 0) + cpu.clients
    return {
      setup: { nodes: o.nodes, devices: o.devices, apps: pairs.length, concurrency: o.concurrency, seconds: o.seconds },
      light: { certifications: light.length, perSecond: light.length / lightSeconds, ms: summarize(light) },
      saturation: {
        certifications: sat.length,
        perSecond: sat.length / satSeconds,
        errors,
        ms: summarize(sat),
        cpuCoresUsed: cpu,
        cpuMsPerCertification: totalCpu * 1000 / (sat.length / satSeconds),
        blocks,
        blocksPerSecond: blocks / satSeconds,
        certificationsPerBlock: sat.length / Math.max(1, blocks),
        signatureChecks: { ...checks, perCertification: (checks.nodes + checks.clients) / Math.max(1, sat.length) }
      },
      deviceStats: devices.reduce((a, d) => ({ granted: a.granted + d.stats.granted, refused: a.refused + d.stats.refused, unverified: a.unverified + d.stats.unverifiedAnswers }), { granted: 0, refused: 0, unverified: 0 })
    }
  } finally {
    for (const a of apps) await a?.close()
    for (const d of devices) await d?.stop()
    await tn.down()
    if (o.keep) log(`kept ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

const program = new Command('bench:auth')
  .option('--devices <n>', 'simulated devices', '16')
  .option('--apps-per-device <n>', 'apps registered with each device', '4')
  .option('--concurrency <n>', 'certifications in flight at saturation', '64')
  .option('--seconds <n>', 'length of the saturation run', '20')
  .option('--light <n>', 'certifications one at a time (light load)', '100')
  .option('--baseline-seconds <n>', 'length of the saturation run on 1 validator (0: skip the baseline)', '10')
  .option('--base-port <port>', 'first node port', '28700')
  .option('--keep', 'keep the testnet directories (node logs with their timings) instead of deleting them')
  .action(async (o: { devices: string, appsPerDevice: string, concurrency: string, seconds: string, light: string, baselineSeconds: string, basePort: string, keep?: boolean }) => {
    const log = (s: string): void => { process.stderr.write(s + '\n') }
    const options: RunOptions = {
      nodes: 4,
      devices: Number(o.devices),
      perDevice: Number(o.appsPerDevice),
      concurrency: Number(o.concurrency),
      seconds: Number(o.seconds),
      light: Number(o.light),
      basePort: Number(o.basePort),
      keep: o.keep === true
    }
    for (const [name, v] of Object.entries(options)) {
      if (typeof v === 'number' && (!Number.isSafeInteger(v) || v < 1)) throw new Error(`--${name}: a whole number >= 1, not ${String(v)}`)
    }
    const baselineSeconds = Number(o.baselineSeconds)
    if (!Number.isSafeInteger(baselineSeconds) || baselineSeconds < 0) throw new Error(`--baseline-seconds: a whole number >= 0, not ${o.baselineSeconds}`)
    log(`bench:auth: node ${process.version}`)
    const signatureRate = measureSignatureRate()
    log(`  this machine: ${signatureRate.perCore.toFixed(0)} Ed25519 checks/s per core x ${signatureRate.cores} cores`)
    const main = await run(options, log)
    const baseline = baselineSeconds === 0
      ? undefined
      : await run({ ...options, nodes: 1, seconds: baselineSeconds, light: Math.min(options.light, 50), basePort: options.basePort + 10 }, s => { log(`[1 validator] ${s}`) })

    const sat = main.saturation
    const lightMs = main.light.ms
    const hardwareLimit = signatureRate.perSecond / sat.signatureChecks.perCertification
    const f = (x: number): string => x.toFixed(1).padStart(7)
    console.log('\ncertchain bench:auth (full certifications, 4 nodes, this machine)')
    console.log(`light load (1 in flight): ${main.light.certifications} at ${main.light.perSecond.toFixed(1)}/s`)
    console.log(`saturation (${options.concurrency} in flight): ${sat.certifications} = ${sat.perSecond.toFixed(1)} certifications/s; errors ${JSON.stringify(sat.errors)}`)
    console.log(`blocks during saturation: ${sat.blocks} (${sat.blocksPerSecond.toFixed(1)}/s), ${sat.certificationsPerBlock.toFixed(1)} certifications per block`)
    const totalCpu = sat.cpuCoresUsed.nodes.reduce((a, b) => a + b, 0) + sat.cpuCoresUsed.clients
    console.log(`CPU at saturation (cores busy): nodes ${sat.cpuCoresUsed.nodes.map(c => c.toFixed(2)).join(' + ')}, devices and apps ${sat.cpuCoresUsed.clients.toFixed(2)}; ` +
      `total ${totalCpu.toFixed(2)} of ${signatureRate.cores}; ${sat.cpuMsPerCertification.toFixed(1)} ms of CPU per certification`)
    console.log(`signature checks per certification: ${sat.signatureChecks.perCertification.toFixed(1)} (nodes ${(sat.signatureChecks.nodes / Math.max(1, sat.certifications)).toFixed(1)}, ` +
      `devices and apps ${(sat.signatureChecks.clients / Math.max(1, sat.certifications)).toFixed(1)}); this machine checks ${signatureRate.perSecond.toFixed(0)}/s ` +
      `on ${signatureRate.cores} cores: a hardware limit of ${hardwareLimit.toFixed(0)} certifications/s`)
    console.log('\nstep (ms)            light p50  light p99  sat p50  sat p99')
    for (const k of stepNames) console.log(`${k.padEnd(20)} ${f(lightMs[k].p50)}    ${f(lightMs[k].p99)}  ${f(sat.ms[k].p50)}  ${f(sat.ms[k].p99)}`)
    const rows = [
      row('certifications/s at saturation', sat.perSecond, '/s', 'atLeast', 500),
      row('certification p50 at light load', lightMs.total.p50, 'ms', 'atMost', 25),
      row('certification p99 at light load', lightMs.total.p99, 'ms', 'atMost', 100),
      report('saturation / hardware limit', sat.perSecond / hardwareLimit, ''),
      ...replicationRows(baseline && [sat.perSecond, baseline.saturation.perSecond], baseline && [lightMs.total.p50, baseline.light.ms.total.p50])
    ]
    printTargets('target (4 nodes)', rows)
    if (baseline !== undefined) {
      console.log(`1 validator: ${baseline.saturation.perSecond.toFixed(1)} certifications/s at saturation, light p50/p99 ` +
        `${baseline.light.ms.total.p50.toFixed(1)}/${baseline.light.ms.total.p99.toFixed(1)} ms, ${baseline.saturation.cpuMsPerCertification.toFixed(1)} ms of CPU per certification`)
    }
    finish('auth', signatureRate, { ...main, hardwareLimitPerSecond: hardwareLimit, baseline, targets: rows }, log)
  })

await program.parseAsync(process.argv)
