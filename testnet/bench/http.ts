// npm run bench:http [-- --requests 3000 --saturation-tx 4000 --rounds 2]
// What the HTTP API costs and how fast it answers, on a 4-node testnet of
// real processes on this machine:
//  1. GET /status on an idle node, one request at a time over a kept-alive
//     connection: p50 / p99 / max (target p99 <= 5 ms);
//  2. committed tx/s at saturation (the load generator in its own process)
//     and the nodes' CPU per committed transaction, with the API off, on
//     and read the way operators read it (Prometheus scraping /metrics every
//     second, a dashboard polling /status 10 times a second on every node),
//     and on with libp2p's metrics too, plus on but not read, alternated
//     over rounds, each round's costs against its own run with the API off,
//     the median over rounds reported (target: at most 5 % cost with it on).
// Prints a table with each target met / not met; writes bench-results/http.json.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { percentile, type LoadResult } from '../load.ts'
import { Testnet, sleep } from '../testnet.ts'
import { loadProcess } from './load-process.ts'
import { printTargets, row, writeResults } from './report.ts'



/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  // After the command name: state is field 3, utime 14 and stime 15 (1-based, man 5 proc), in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Reads every node's API as a monitoring setup would until `stop` resolves: /metrics each second, /status 10 times a second. */
async function readers (urls: string[], stop: Promise<void>): Promise<{ requests: number, failures: number }> {
  let done = false
  void stop.then(() => { done = true })
  let requests = 0
  let failures = 0
  const poll = async (url: string, everyMs: number): Promise<void> => {
    while (!done) {
      try {
        const r = await fetch(url)
        await r.arrayBuffer()
        if (!r.ok) failures++
      } catch { failures++ }
      requests++
      await sleep(everyMs)
    }
  }
  await Promise.all(urls.flatMap(u => [poll(`${u}/metrics`, 1000), poll(`${u}/status`, 100)]))
  return { requests, failures }
}

const program = new Command('bench:http')
  .option('--requests <n>', 'sequential /status requests on the idle node', '3000')
  .option('--saturation-tx <n>', 'transactions of each saturation run', '4000')
  .option('--concurrency <n>', 'transactions in flight at saturation', '128')
  .option('--rounds <n>', 'saturation runs with the API off and on, alternated', '3')
  .option('--base-port <port>', 'first node port', '28700')
  .action(async (o: { requests: string, saturationTx: string, concurrency: string, rounds: string, basePort: string }) => {
    const log = (s: string): void => { process.stderr.write(s + '\n') }
    const results: Record<string, unknown> = { machine: { cpus: availableParallelism(), node: process.version } }

    // 1. /status latency on an idle node.
    const dir = mkdtempSync(join(tmpdir(), 'certchain-bench-http-'))
    // One client asks thousands of times: its budget is raised (config.json http.requestsPerMinutePerClient).
    let tn = await Testnet.up({ nodes: 4, dir, basePort: Number(o.basePort), onProgress: log, httpRequestsPerMinute: 1_000_000 })
    const url = tn.httpUrl(0) as string
    const ms: number[] = []
    try {
      for (let i = 0; i < 200; i++) await (await fetch(`${url}/status`)).arrayBuffer()
      for (let i = 0; i < Number(o.requests); i++) {
        const t0 = performance.now()
        const r = await fetch(`${url}/status`)
        await r.arrayBuffer()
        ms.push(performance.now() - t0)
        if (!r.ok) throw new Error(`/status answered ${r.status}`)
      }
    } finally {
      await tn.down(true)
    }
    ms.sort((a, b) => a - b)
    const status = { requests: ms.length, p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99), maxMs: ms[ms.length - 1] }
    results.statusIdle = status
    log(`/status idle: p50 ${status.p50Ms.toFixed(2)} ms, p99 ${status.p99Ms.toFixed(2)} ms, max ${status.maxMs.toFixed(2)} ms (${ms.length} requests)`)

    // 2. Consensus throughput with the API off and on (read as monitoring reads it), alternated.
    // 'idle': the API on, nobody reading it (what the server itself costs); 'on': on and read, without libp2p's
    // metrics (config.json http.libp2pMetrics false); 'on+libp2p': on and read, as configured by default.
    type Variant = 'off' | 'idle' | 'on' | 'on+libp2p'
    const variants: Variant[] = ['off', 'idle', 'on', 'on+libp2p']
    const runs: Array<{ variant: Variant, http: boolean, round: number, throughput: number, p50Ms: number, cpuMsPerTx: number, reads?: { requests: number, failures: number } }> = []
    for (let round = 0; round < Number(o.rounds); round++) {
      // Each round starts with another variant, so the machine's drift over a run (warming up) favours none of them.
      for (const variant of variants.map((_, i) => variants[(i + round) % variants.length])) {
        const http = variant !== 'off'
        const d = mkdtempSync(join(tmpdir(), 'certchain-bench-http-'))
        tn = await Testnet.up({ nodes: 4, dir: d, basePort: Number(o.basePort), http, libp2pMetrics: variant === 'on+libp2p', onProgress: () => {} })
        let stopReaders = (): void => {}
        const reading = http && variant !== 'idle' ? readers(tn.network.validators.map(v => tn.httpUrl(v.index) as string), new Promise(resolve => { stopReaders = resolve as () => void })) : undefined
        let sat: LoadResult
        const pids = tn.network.validators.map(v => tn.pidOf(v.index) as number)
        const cpu0 = pids.reduce((a, pid) => a + cpuSeconds(pid), 0)
        let cpu = 0
        try {
          sat = await loadProcess(d, ['--tx', o.saturationTx, '--concurrency', o.concurrency])
          cpu = pids.reduce((a, pid) => a + cpuSeconds(pid), 0) - cpu0
        } finally {
          stopReaders()
          await reading
          await tn.down(true)
        }
        const reads = await reading
        const cpuMsPerTx = 1000 * cpu / Math.max(1, sat.committed)
        runs.push({ variant, http, round, throughput: sat.throughput, p50Ms: sat.latencyMs.p50, cpuMsPerTx, ...(reads === undefined ? {} : { reads }) })
        const errors = Object.entries(sat.errors).map(([code, n]) => `${code} ${n}`).join(', ')
        log(`round ${round + 1}, API ${{ off: 'off', idle: 'on, not read', on: 'on, read', 'on+libp2p': 'on with libp2p metrics, read' }[variant]}: ${sat.throughput.toFixed(0)} tx/s committed (${sat.committed}/${sat.submitted}${errors === '' ? '' : `; not committed: ${errors}`}), nodes' CPU ${cpuMsPerTx.toFixed(2)} ms per committed tx` +
          (reads === undefined ? '' : `; ${reads.requests} API reads, ${reads.failures} failed`))
        rmSync(d, { recursive: true, force: true })
      }
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
    const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2 }
    const of = (v: Variant): typeof runs => runs.filter(r => r.variant === v)
    const tps = (v: Variant): number => mean(of(v).map(r => r.throughput))
    const cpuMs = (v: Variant): number => mean(of(v).map(r => r.cpuMsPerTx))
    // Costs are paired within a round (the runs of one round are minutes apart, rounds drift) and the median over rounds is taken.
    const paired = (v: Variant, f: (off: typeof runs[number], x: typeof runs[number]) => number): number =>
      median(of(v).map(x => f(of('off').find(r => r.round === x.round) as typeof runs[number], x)))
    const tpsCost = (v: Variant): number => paired(v, (off, x) => (off.throughput - x.throughput) / off.throughput)
    // The steadier measure: the nodes' CPU per committed transaction (the machine's two cores are what saturation runs out of).
    const cpuCostOf = (v: Variant): number => paired(v, (off, x) => (x.cpuMsPerTx - off.cpuMsPerTx) / off.cpuMsPerTx)
    const cost = tpsCost('on')
    const cpuCost = cpuCostOf('on')
    const cpuCostLibp2p = cpuCostOf('on+libp2p')
    results.throughput = {
      runs,
      txPerSec: { off: tps('off'), idle: tps('idle'), on: tps('on'), onLibp2p: tps('on+libp2p') },
      cpuMsPerTx: { off: cpuMs('off'), idle: cpuMs('idle'), on: cpuMs('on'), onLibp2p: cpuMs('on+libp2p') },
      costIdle: tpsCost('idle'), cpuCostIdle: cpuCostOf('idle'), cost, cpuCost, costLibp2p: tpsCost('on+libp2p'), cpuCostLibp2p
    }

    const pct = (x: number): number => x * 100
    printTargets('certchain bench:http (4 nodes, real processes, loopback, this machine)', [
      row('GET /status p99, idle node', status.p99Ms, 'ms', 'atMost', 5),
      row('consensus throughput cost of the API, not read', pct(tpsCost('idle')), '%', 'atMost', 5),
      row('consensus throughput cost of the API (read)', pct(cost), '%', 'atMost', 5),
      row('  the same with libp2p metrics (the default)', pct(tpsCost('on+libp2p')), '%', 'atMost', 5),
      row('nodes\' CPU per committed tx, cost of the API, not read', pct(cpuCostOf('idle')), '%', 'atMost', 5),
      row('nodes\' CPU per committed tx, cost of the API', pct(cpuCost), '%', 'atMost', 5),
      row('  the same with libp2p metrics (the default)', pct(cpuCostLibp2p), '%', 'atMost', 5)
    ])
    const list = (v: Variant, f: (r: typeof runs[number]) => number, digits: number): string => of(v).map(r => f(r).toFixed(digits)).join(', ')
    console.log('(costs: the median over rounds of each round\'s run against that round\'s run with the API off)')
    console.log(`(nodes' CPU ms per committed tx: API off ${cpuMs('off').toFixed(2)} [${list('off', r => r.cpuMsPerTx, 2)}], not read ${cpuMs('idle').toFixed(2)} [${list('idle', r => r.cpuMsPerTx, 2)}], on ${cpuMs('on').toFixed(2)} [${list('on', r => r.cpuMsPerTx, 2)}], ` +
      `on with libp2p metrics ${cpuMs('on+libp2p').toFixed(2)} [${list('on+libp2p', r => r.cpuMsPerTx, 2)}])`)
    console.log(`(committed tx/s at saturation: API off ${tps('off').toFixed(0)} [${list('off', r => r.throughput, 0)}], not read ${tps('idle').toFixed(0)} [${list('idle', r => r.throughput, 0)}], on ${tps('on').toFixed(0)} [${list('on', r => r.throughput, 0)}], ` +
      `on with libp2p metrics ${tps('on+libp2p').toFixed(0)} [${list('on+libp2p', r => r.throughput, 0)}]; ${o.rounds} runs each; /status p50 ${status.p50Ms.toFixed(2)} ms)`)
    const path = writeResults('http', results)
    process.stderr.write(`wrote ${path}\n`)
    rmSync(dir, { recursive: true, force: true })
  })

await program.parseAsync(process.argv)
process.exit(0)
