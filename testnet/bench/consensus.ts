// npm run bench:consensus [-- --catchup-blocks 10000 --saturation-tx 6000]
// A 4-node testnet of real processes on this machine; the load generator runs
// in its own process (`certchain testnet load --json`). Measures, in one run:
// throughput at saturation, latency at 10% of it, the service gap after
// killing the primary, the catch-up time of a node N blocks behind, and the
// peak RSS of every node. Prints a table and writes bench-results/consensus.json.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import type { LoadResult } from '../load.ts'
import { Testnet, sleep } from '../testnet.ts'
import { loadProcess } from './load-process.ts'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))


function memoryOf (pid: number): { rssMb: number, peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

async function heights (tn: Testnet, indexes: number[]): Promise<number[]> {
  return await Promise.all(indexes.map(async i => (await tn.status(i)).status?.height ?? -1))
}

const program = new Command('bench:consensus')
  .option('--saturation-tx <n>', 'transactions of the saturation run', '6000')
  .option('--concurrency <n>', 'transactions in flight at saturation', '256')
  .option('--catchup-blocks <n>', 'blocks a stopped node must catch up', '10000')
  .option('--base-port <port>', 'first node port', '28600')
  .action(async (o: { saturationTx: string, concurrency: string, catchupBlocks: string, basePort: string }) => {
    const dir = mkdtempSync(join(tmpdir(), 'certchain-bench-'))
    const log = (s: string): void => { process.stderr.write(s + '\n') }
    log(`bench: 4-node testnet in ${dir}, node ${process.version}`)
    const tn = await Testnet.up({ nodes: 4, dir, basePort: Number(o.basePort), onProgress: log })
    const all = [0, 1, 2, 3]
    const results: Record<string, unknown> = { machine: { cpus: (await import('node:os')).availableParallelism(), node: process.version } }
    const memory: Record<string, Array<{ height: number, rssMb: number, peakMb: number }>> = {}
    const sampleMemory = async (): Promise<void> => {
      const [h] = await heights(tn, [0])
      for (const i of all) {
        const pid = tn.pidOf(i)
        if (pid === undefined || !tn.nodeUp(i)) continue
        ;(memory[`node-${i}`] ??= []).push({ height: h, ...memoryOf(pid) })
      }
    }
    try {
      log('1/5 saturation')
      const sat = await loadProcess(dir, ['--tx', o.saturationTx, '--concurrency', o.concurrency])
      results.saturation = sat
      await sampleMemory()
      const light = Math.max(10, Math.round(sat.throughput / 10))
      log(`2/5 light load: ${light} tx/s for 10 s`)
      results.lightLoad = { rate: light, ...(await loadProcess(dir, ['--tx', String(light * 10), '--rate', String(light), '--concurrency', '64'])) }

      log('3/5 kill the primary under load')
      const background = loadProcess(dir, ['--tx', String(light * 12), '--rate', String(light), '--concurrency', '64'])
      await sleep(3000)
      const view = (await tn.status(0)).status?.view ?? 0
      const primary = view % 4
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
      results.primaryKill = { primary, heightAtKill: atKill, serviceGapMs: gapMs }
      tn.spawnNode(primary)
      await tn.waitReady(60_000)

      const blocks = Number(o.catchupBlocks)
      log(`4/5 catch-up: node 3 stopped while ${blocks} blocks commit`)
      tn.stop(3)
      await tn.waitDown(3)
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
      tn.spawnNode(3)
      let readyMs = NaN
      let caughtMs = NaN
      while (performance.now() - spawnedMs < 300_000) {
        const s = await tn.status(3)
        if (s.status !== undefined && Number.isNaN(readyMs)) readyMs = performance.now() - spawnedMs
        if ((s.status?.height ?? 0) >= target) { caughtMs = performance.now() - spawnedMs; break }
        await sleep(50)
      }
      results.catchUp = { blocksBehind: target - start, totalMs: caughtMs, processStartMs: readyMs, syncMs: caughtMs - readyMs, blocksPerSecond: (target - start) / ((caughtMs - readyMs) / 1000) }
      log('5/5 memory')
      await sampleMemory()
      results.memory = memory
    } finally {
      await tn.down(true)
    }
    const sat = results.saturation as LoadResult
    const light = results.lightLoad as LoadResult & { rate: number }
    const gap = results.primaryKill as { serviceGapMs: number }
    const cu = results.catchUp as { blocksBehind: number, totalMs: number, syncMs: number, blocksPerSecond: number }
    const peak = Math.max(...Object.values(memory).flat().map(m => m.peakMb))
    const row = (what: string, value: string, target: string, met: boolean): string => `${what.padEnd(44)} ${value.padStart(16)}   ${target.padEnd(12)} ${met ? 'met' : 'NOT met'}`
    console.log('\ncertchain consensus benchmark: 4 nodes, real processes, loopback, this machine')
    console.log(row('committed tx/s at saturation', sat.throughput.toFixed(0), '>= 2000', sat.throughput >= 2000))
    console.log(row(`latency p50 at ${light.rate} tx/s (10%)`, `${light.latencyMs.p50.toFixed(1)} ms`, '<= 20 ms', light.latencyMs.p50 <= 20))
    console.log(row(`latency p99 at ${light.rate} tx/s`, `${light.latencyMs.p99.toFixed(1)} ms`, '(report)', true))
    console.log(row('service gap after killing the primary', `${gap.serviceGapMs.toFixed(0)} ms`, '<= 2000 ms', gap.serviceGapMs <= 2000))
    console.log(row(`catch-up of ${cu.blocksBehind} blocks (sync only)`, `${(cu.syncMs / 1000).toFixed(1)} s`, cu.blocksBehind >= 10_000 ? '<= 10 s' : '(scaled)', cu.syncMs <= 10_000 * cu.blocksBehind / 10_000))
    console.log(row('  same, with process start', `${(cu.totalMs / 1000).toFixed(1)} s`, '', true))
    console.log(row('peak RSS of any node', `${peak.toFixed(0)} MB`, '<= 250 MB', peak <= 250))
    for (const [node, samples] of Object.entries(memory)) console.log(`  ${node} RSS by chain height: ${samples.map(s => `${s.height}:${s.rssMb.toFixed(0)}MB`).join(' ')}`)
    mkdirSync(join(root, 'bench-results'), { recursive: true })
    const out = join(root, 'bench-results', 'consensus.json')
    writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...results }, null, 2) + '\n')
    console.log(`\nwritten: ${out}`)
  })

await program.parseAsync()
