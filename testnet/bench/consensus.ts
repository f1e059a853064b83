// npm run bench:consensus [-- --catchup-blocks 10000 --saturation-tx 6000]
// A 4-node testnet of real processes on this machine; the load generator runs
// in its own process (`certchain testnet load --json`). Measures, in one run:
// throughput at saturation, latency at 10% of it, the service gap after
// killing the primary, the catch-up time of a node N blocks behind, and the
// RSS of every node along the way; then saturation and light load on 1
// validator (the cost of replication), and this machine's Ed25519 rate
// against the signature checks the nodes make per committed transaction (the
// hardware limit). Prints the target table and writes
// bench-results/consensus.json; exits when done, whatever its output is.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import type { LoadResult } from '../load.ts'
import { Testnet, sleep } from '../testnet.ts'
import { loadProcess } from './load-process.ts'
import { finish, measureSignatureRate, memoryOf, nodeSignatureChecks, printTargets, replicationRows, report, row, type TargetRow } from './report.ts'

interface MemorySample { height: number, rssMb: number, peakMb: number }

async function heights (tn: Testnet, indexes: number[]): Promise<number[]> {
  return await Promise.all(indexes.map(async i => (await tn.status(i)).status?.height ?? -1))
}

interface RunOptions {
  nodes: number
  saturationTx: number
  concurrency: number
  /** 0: no primary kill and no catch-up (the 1-validator baseline). */
  catchupBlocks: number
  basePort: number
}

interface RunResult {
  saturation: LoadResult & { signatureChecksPerTx: number }
  lightLoad: LoadResult & { rate: number }
  primaryKill?: { primary: number, heightAtKill: number, serviceGapMs: number }
  catchUp?: { blocksBehind: number, totalMs: number, processStartMs: number, syncMs: number, blocksPerSecond: number }
  memory: Record<string, MemorySample[]>
}

async function run (o: RunOptions, log: (s: string) => void): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'certchain-bench-'))
  log(`${o.nodes}-node testnet in ${dir}`)
  const tn = await Testnet.up({ nodes: o.nodes, dir, basePort: o.basePort, onProgress: line => { log(`  ${line}`) } })
  const all = Array.from({ length: o.nodes }, (_x, i) => i)
  const memory: Record<string, MemorySample[]> = {}
  const sampleMemory = async (): Promise<void> => {
    const [h] = await heights(tn, [0])
    for (const i of all) {
      const pid = tn.pidOf(i)
      if (pid === undefined || !tn.nodeUp(i)) continue
      ;(memory[`node-${i}`] ??= []).push({ height: h, ...memoryOf(pid) })
    }
  }
  const steps = o.catchupBlocks > 0 ? 5 : 2
  try {
    await sampleMemory()
    log(`1/${steps} saturation: ${o.saturationTx} tx, ${o.concurrency} in flight`)
    const checksBefore = await nodeSignatureChecks(tn, all)
    const sat = await loadProcess(dir, ['--tx', String(o.saturationTx), '--concurrency', String(o.concurrency)])
    const checks = await nodeSignatureChecks(tn, all) - checksBefore
    const saturation = { ...sat, signatureChecksPerTx: checks / Math.max(1, sat.committed) }
    await sampleMemory()
    const light = Math.max(10, Math.round(sat.throughput / 10))
    log(`2/${steps} light load: ${light} tx/s for 10 s`)
    const lightLoad = { rate: light, ...(await loadProcess(dir, ['--tx', String(light * 10), '--rate', String(light), '--concurrency', '64'])) }
    if (o.catchupBlocks === 0) return { saturation, lightLoad, memory }

    log(`3/${steps} kill the primary under load`)
    const background = loadProcess(dir, ['--tx', String(light * 12), '--rate', String(light), '--concurrency', '64'])
    await sleep(3000)
    const view = (await tn.status(0)).status?.view ?? 0
    const primary = view % o.nodes
    const others = all.filter(i => i !== primary)
    const [atKill] = await heights(tn, [others[0]])
    const killedMs = performance.now()
    tn.kill(primary)
    // Commits resume when a block of the new view is committed: wait for a
    // node in a later view (not changing) whose height then grows.
    let gapMs = NaN
    let heightInNewView: number | undefined
    while (performance.now() - killedMs < 60_000) {
      const states = await Promise.all(others.map(async i => (await tn.status(i)).status))
      const moved = states.find(st => st !== undefined && st.view > view && !st.viewChanging)
      if (moved !== undefined && heightInNewView === undefined) heightInNewView = moved.height
      if (heightInNewView !== undefined && states.some(st => st !== undefined && st.view > view && st.height > heightInNewView!)) {
        gapMs = performance.now() - killedMs
        break
      }
      await sleep(10)
    }
    await background
    const primaryKill = { primary, heightAtKill: atKill, serviceGapMs: gapMs }
    tn.spawnNode(primary)
    await tn.waitReady(60_000)

    const blocks = o.catchupBlocks
    const behind = o.nodes - 1
    log(`4/${steps} catch-up: node ${behind} stopped while ${blocks} blocks commit`)
    tn.stop(behind)
    await tn.waitDown(behind)
    const [start] = await heights(tn, [0])
    const t0 = performance.now()
    // One transaction in flight per block at most: each commits its own block.
    while ((await heights(tn, [0]))[0] < start + blocks) {
      const [h] = await heights(tn, [0])
      const left = start + blocks - h
      await loadProcess(dir, ['--tx', String(Math.min(left, 2000)), '--concurrency', '2'])
      log(`   ${Math.min(blocks, h - start + Math.min(left, 2000))}/${blocks} blocks (${((performance.now() - t0) / 1000).toFixed(0)} s)`)
      await sampleMemory()
    }
    const [target] = await heights(tn, [0])
    const spawnedMs = performance.now()
    tn.spawnNode(behind)
    let readyMs = NaN
    let caughtMs = NaN
    while (performance.now() - spawnedMs < 300_000) {
      const s = await tn.status(behind)
      if (s.status !== undefined && Number.isNaN(readyMs)) readyMs = performance.now() - spawnedMs
      if ((s.status?.height ?? 0) >= target) { caughtMs = performance.now() - spawnedMs; break }
      await sleep(50)
    }
    const catchUp = { blocksBehind: target - start, totalMs: caughtMs, processStartMs: readyMs, syncMs: caughtMs - readyMs, blocksPerSecond: (target - start) / ((caughtMs - readyMs) / 1000) }
    log(`5/${steps} memory`)
    await sampleMemory()
    return { saturation, lightLoad, primaryKill, catchUp, memory }
  } finally {
    await tn.down(true)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A whole number >= min, or a clear error naming the option. */
function whole (name: string, value: string, min: number): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name}: a whole number >= ${min}, not ${value}`)
  return n
}

const program = new Command('bench:consensus')
  .option('--saturation-tx <n>', 'transactions of the saturation run', '6000')
  .option('--concurrency <n>', 'transactions in flight at saturation', '256')
  .option('--catchup-blocks <n>', 'blocks a stopped node must catch up', '10000')
  .option('--baseline-tx <n>', 'transactions of the saturation run on 1 validator (0: skip the baseline)', '4000')
  .option('--base-port <port>', 'first node port', '28600')
  .action(async (o: { saturationTx: string, concurrency: string, catchupBlocks: string, baselineTx: string, basePort: string }) => {
    const log = (s: string): void => { process.stderr.write(s + '\n') }
    const options: RunOptions = {
      nodes: 4,
      saturationTx: whole('saturation-tx', o.saturationTx, 1),
      concurrency: whole('concurrency', o.concurrency, 1),
      catchupBlocks: whole('catchup-blocks', o.catchupBlocks, 1),
      basePort: whole('base-port', o.basePort, 1024)
    }
    const baselineTx = whole('baseline-tx', o.baselineTx, 0)
    log(`bench:consensus: node ${process.version}`)
    const signatureRate = measureSignatureRate()
    log(`  this machine: ${signatureRate.perCore.toFixed(0)} Ed25519 checks/s per core x ${signatureRate.cores} cores`)
    const main = await run(options, log)
    const baseline = baselineTx === 0
      ? undefined
      : await run({ ...options, nodes: 1, saturationTx: baselineTx, catchupBlocks: 0, basePort: options.basePort + 10 }, s => { log(`[1 validator] ${s}`) })

    const sat = main.saturation
    const light = main.lightLoad
    const gap = main.primaryKill!
    const cu = main.catchUp!
    const samples = Object.values(main.memory).flat()
    const peak = Math.max(...samples.map(m => m.peakMb))
    const first = Math.max(...Object.values(main.memory).map(s => s[0].rssMb))
    const last = Math.max(...Object.values(main.memory).map(s => s[s.length - 1].rssMb))
    const hardwareLimit = signatureRate.perSecond / sat.signatureChecksPerTx
    console.log('\ncertchain bench:consensus (4 nodes, real processes, loopback, this machine)')
    console.log(`saturation: ${sat.committed}/${sat.submitted} committed in ${sat.seconds.toFixed(1)} s, p50/p99 ${sat.latencyMs.p50.toFixed(1)}/${sat.latencyMs.p99.toFixed(1)} ms; errors ${JSON.stringify(sat.errors)}`)
    console.log(`signature checks per committed transaction, all nodes: ${sat.signatureChecksPerTx.toFixed(1)}; this machine checks ${signatureRate.perSecond.toFixed(0)}/s ` +
      `on ${signatureRate.cores} cores: a hardware limit of ${hardwareLimit.toFixed(0)} tx/s (the load process's signing not counted)`)
    console.log(`catch-up: ${cu.blocksBehind} blocks at ${cu.blocksPerSecond.toFixed(0)} blocks/s, ${(cu.totalMs / 1000).toFixed(1)} s with the process start (${(cu.processStartMs / 1000).toFixed(1)} s)`)
    for (const [node, s] of Object.entries(main.memory)) console.log(`  ${node} RSS by chain height: ${s.map(m => `${m.height}:${m.rssMb.toFixed(0)}MB`).join(' ')}`)
    const rows: TargetRow[] = [
      row('committed tx/s at saturation', sat.throughput, 'tx/s', 'atLeast', 2000),
      row(`tx p50 at 10 % load (${light.rate} tx/s)`, light.latencyMs.p50, 'ms', 'atMost', 20),
      report(`tx p99 at 10 % load (${light.rate} tx/s)`, light.latencyMs.p99, 'ms'),
      row('service gap after killing the primary', gap.serviceGapMs, 'ms', 'atMost', 2000),
      row(`catch-up of ${cu.blocksBehind} blocks (sync)`, cu.syncMs / 1000 * 10_000 / Math.max(1, cu.blocksBehind), 's per 10k', 'atMost', 5),
      row('node RSS at start, any node', first, 'MB', 'atMost', 200),
      row(`node RSS at height ${samples[samples.length - 1]?.height ?? 0}, any node`, last, 'MB', 'atMost', 200),
      report('node peak RSS, any node', peak, 'MB'),
      report('saturation / hardware limit', sat.throughput / hardwareLimit, ''),
      ...replicationRows(baseline && [sat.throughput, baseline.saturation.throughput], baseline && [light.latencyMs.p50, baseline.lightLoad.latencyMs.p50])
    ]
    printTargets('target (4 nodes)', rows)
    if (baseline !== undefined) {
      console.log(`1 validator: ${baseline.saturation.throughput.toFixed(0)} tx/s at saturation, light p50/p99 ` +
        `${baseline.lightLoad.latencyMs.p50.toFixed(1)}/${baseline.lightLoad.latencyMs.p99.toFixed(1)} ms at ${baseline.lightLoad.rate} tx/s`)
    }
    finish('consensus', signatureRate, { ...main, hardwareLimitTxPerSecond: hardwareLimit, baseline, targets: rows }, log)
  })

await program.parseAsync(process.argv)
