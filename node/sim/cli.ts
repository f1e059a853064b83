// npm run sim -- --seed N [--n 4|7|10] [--trace]   replay one seed exactly
// npm run sim -- --seeds COUNT [--from S] [--jobs J] explore and summarize
// The simulator itself is consensus/sim/; this program lives in node/ because
// it wires in the certification state machine (node/state) as the
// application of half the seeds.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { Command, InvalidArgumentError, Option } from 'commander'
import { emptySummary, mergeSummaries, type Summary } from '../../consensus/sim/explore.ts'
import { runSeed } from '../../consensus/sim/simulator.ts'
import { simAppChoices, simAppFor, type SimAppChoice } from './apps.ts'

const integer = (min: number) => (value: string): number => {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`)
  return n
}

function replayHint (seed: number, app: SimAppChoice): string { return `npm run sim -- --seed ${seed}${app === 'mixed' ? '' : ` --app ${app}`}` }

function runOne (seed: number, n: number | undefined, trace: boolean, app: SimAppChoice): number {
  const t0 = performance.now()
  const r = runSeed({ seed, n, app: simAppFor(app)(seed), trace: trace ? line => { process.stdout.write(line + '\n') } : undefined })
  const ms = performance.now() - t0
  console.log(`seed=${seed} n=${r.n} f=${r.f} app=${r.app} byzantine=${r.byzantine.map(b => `r${b.replica}:${b.mode}`).join(',') || 'none'}`)
  console.log(`  faults: ${Object.entries(r.faults).map(([k, v]) => `${k}=${v}`).join(' ') || 'none'}`)
  console.log(`  height=${r.height} tx=${r.txCommitted}/${r.txSubmitted} receipts=${r.receipts} viewChanges=${r.viewChanges} steps=${r.steps} simulated=${r.simulatedMs}ms recovery=${r.recoveryMs ?? '-'}ms wall=${ms.toFixed(0)}ms`)
  if (r.violations.length === 0) {
    console.log('  ok: no violation')
    return 0
  }
  for (const v of r.violations.slice(0, 10)) console.log(`  VIOLATION ${v}`)
  console.log(`  replay: ${replayHint(seed, app)}${trace ? '' : ' --trace'}`)
  return 1
}

async function explore (count: number, from: number, jobs: number, app: SimAppChoice): Promise<number> {
  const t0 = performance.now()
  const seeds = Array.from({ length: count }, (_, i) => from + i)
  const shares: number[][] = Array.from({ length: Math.min(jobs, count) }, () => [])
  seeds.forEach((s, i) => shares[i % shares.length].push(s))
  let done = 0
  const results = await Promise.all(shares.map(share => new Promise<Summary>((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: { seeds: share, app }, execArgv: ['--import', 'tsx'] })
    worker.once('message', (s: Summary) => {
      done += s.seeds
      if (process.stderr.isTTY) process.stderr.write(`\r  ${done}/${count} seeds`)
      resolve(s)
    })
    worker.once('error', reject)
  })))
  if (process.stderr.isTTY) process.stderr.write('\n')
  const s = results.reduce(mergeSummaries, emptySummary())
  const seconds = (performance.now() - t0) / 1000
  console.log(`seeds: ${s.seeds} (${from}..${from + count - 1}), ${Object.entries(s.byValidatorCount).map(([k, v]) => `${k}: ${v}`).join(', ')}; ` +
    `applications: ${Object.entries(s.byApp).map(([k, v]) => `${k}: ${v}`).join(', ')}`)
  console.log('faults injected and events, by kind:')
  for (const [k, v] of Object.entries(s.faults).sort()) console.log(`  ${k.padEnd(36)} ${v}`)
  console.log(`commits (blocks, honest minimum per seed, summed): ${s.commits}; receipts handed to clients and checked: ${s.receipts}`)
  console.log(`transactions committed everywhere: ${s.txCommitted}; view changes: ${s.viewChanges}; slowest recovery after faults: ${s.recoveryMsMax} ms simulated`)
  console.log(`violations: ${s.failures.length}`)
  for (const f of s.failures.slice(0, 20)) console.log(`  seed=${f.seed} n=${f.n}: ${f.violation}\n    replay: ${replayHint(f.seed, app)}`)
  console.log(`time: ${seconds.toFixed(1)} s with ${shares.length} worker(s); ${(seconds * 1000 / count).toFixed(1)} s per 1,000 seeds`)
  return s.failures.length === 0 ? 0 : 1
}

const program = new Command('sim')
  .description('Deterministic PBFT simulator: replay one seed or explore many')
  .option('--seed <n>', 'run exactly this seed', integer(0))
  .option('--n <validators>', 'validators (default: drawn from the seed among 4, 7, 10)', integer(1))
  .option('--trace', 'print every commit, view change, fault and evidence')
  .option('--seeds <count>', 'explore this many seeds', integer(1))
  .option('--from <seed>', 'first seed to explore', integer(0), 1)
  .option('--jobs <count>', 'worker threads', integer(1), availableParallelism())
  .addOption(new Option('--app <app>', 'application: the certification state machine on odd seeds and opaque transactions on even ones, or one of them for all').choices(simAppChoices).default('mixed'))
  .action(async (o: { seed?: number, n?: number, trace?: boolean, seeds?: number, from: number, jobs: number, app: SimAppChoice }) => {
    if (o.seed !== undefined) process.exitCode = runOne(o.seed, o.n, o.trace === true, o.app)
    else if (o.seeds !== undefined) process.exitCode = await explore(o.seeds, o.from, o.jobs, o.app)
    else program.help({ error: true })
  })

await program.parseAsync()
