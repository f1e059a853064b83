// What every benchmark prints and writes the same way: its target rows (the
// result, the target, met / NOT met), the hardware limit it is measured
// against in the same run (Ed25519 checks per second on this machine divided
// by the checks one unit of work costs the network, counted by the nodes'
// certchain_signature_checks_total and this process's own counter), and the
// JSON under bench-results/.
import { generateKeyPairSync, sign, verify } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Testnet } from '../testnet.ts'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))

export interface TargetRow {
  metric: string
  /** The measured value, in `unit`. */
  value: number
  unit: string
  /** The target as printed, e.g. '>= 500'; undefined for a row reported without a target. */
  target?: string
  met?: boolean
}

/** A row with a numeric target: `at least` (throughput) or `at most` (latency, memory). */
export function row (metric: string, value: number, unit: string, bound: 'atLeast' | 'atMost', limit: number): TargetRow {
  const met = Number.isFinite(value) && (bound === 'atLeast' ? value >= limit : value <= limit)
  return { metric, value, unit, target: `${bound === 'atLeast' ? '>=' : '<='} ${limit} ${unit}`.trim(), met }
}

export function report (metric: string, value: number, unit: string): TargetRow {
  return { metric, value, unit }
}

function formatValue (r: TargetRow): string {
  if (!Number.isFinite(r.value)) return 'n/a'
  const digits = Math.abs(r.value) >= 100 ? 0 : Math.abs(r.value) >= 10 ? 1 : 2
  return `${r.value.toFixed(digits)} ${r.unit}`.trim()
}

export function printTargets (title: string, rows: TargetRow[]): void {
  const width = Math.max(44, ...rows.map(r => r.metric.length + 1))
  console.log(`\n${title}`)
  console.log(`${'metric'.padEnd(width)} ${'result'.padStart(18)}   ${'target'.padEnd(16)} met`)
  for (const r of rows) {
    const met = r.met === undefined ? '' : r.met ? 'met' : 'NOT met'
    console.log(`${r.metric.padEnd(width)} ${formatValue(r).padStart(18)}   ${(r.target ?? '(report)').padEnd(16)} ${met}`)
  }
}

export interface SignatureRate {
  /** Ed25519 verifications per second on one core (node:crypto, 200-byte messages). */
  perCore: number
  cores: number
  /** perCore x cores: what this machine's CPUs could check if they did nothing else. */
  perSecond: number
}

/**
 * Measures node:crypto's Ed25519 verification rate on this thread for
 * `ms`; run while the machine is otherwise idle (before a testnet starts).
 */
export function measureSignatureRate (ms = 1000): SignatureRate {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const message = new Uint8Array(200).fill(7)
  const signature = sign(null, message, privateKey)
  for (let i = 0; i < 500; i++) verify(null, message, publicKey, signature)
  let n = 0
  const t0 = performance.now()
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 100; i++) if (!verify(null, message, publicKey, signature)) throw new Error('verify failed')
    n += 100
  }
  const perCore = n / ((performance.now() - t0) / 1000)
  const cores = availableParallelism()
  return { perCore, cores, perSecond: perCore * cores }
}

/** The sum of certchain_signature_checks_total over the nodes `indexes` (read from their /metrics). */
export async function nodeSignatureChecks (tn: Testnet, indexes: number[]): Promise<number> {
  let total = 0
  for (const i of indexes) {
    const url = tn.httpUrl(i)
    if (url === undefined) throw new Error(`node ${i} has no HTTP API: the benchmark reads its metrics`)
    const text = await (await fetch(`${url}/metrics`)).text()
    const m = /^certchain_signature_checks_total (\d+)/m.exec(text)
    if (m === null) throw new Error(`node ${i}'s /metrics has no certchain_signature_checks_total`)
    total += Number(m[1])
  }
  return total
}

/** Writes bench-results/NAME.json (creating the folder) and returns its path. */
export function writeResults (name: string, result: unknown): string {
  const dir = join(root, 'bench-results')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${name}.json`)
  writeFileSync(path, JSON.stringify({ date: new Date().toISOString(), ...result as object }, null, 2) + '\n')
  return path
}

/**
 * A benchmark is over once it has written its results: it exits by itself
 * even when something it started keeps a handle open (a socket of a closed
 * libp2p client, a pipe to stdout), after naming what is left, so that a run
 * with its output piped never hangs.
 */
export function exitWhenDone (log: (s: string) => void, graceMs = 2000): void {
  setTimeout(() => {
    log(`still open after ${graceMs} ms: ${process.getActiveResourcesInfo().join(', ')}; exiting`)
    process.exit(process.exitCode ?? 0)
  }, graceMs).unref()
}

/** The cost of replication: the 4-node results over the same benchmark's on 1 validator (none when it was skipped). */
export function replicationRows (saturation: [number, number] | undefined, lightP50: [number, number] | undefined): TargetRow[] {
  return [
    ...(saturation === undefined ? [] : [report('saturation, 4 nodes / 1 validator', saturation[0] / saturation[1], '')]),
    ...(lightP50 === undefined ? [] : [report('light p50, 4 nodes / 1 validator', lightP50[0] / lightP50[1], '')])
  ]
}

/** Writes bench-results/NAME.json with the machine it ran on, says where, and lets the process end (exitWhenDone). */
export function finish (name: string, rate: SignatureRate, result: object, log: (s: string) => void): void {
  const path = writeResults(name, { machine: { cores: rate.cores, node: process.version, ed25519ChecksPerSecondPerCore: rate.perCore }, ...result })
  log(`wrote ${path}`)
  exitWhenDone(log)
}

/** A process's resident memory now and at its peak (VmRSS, VmHWM of /proc/PID/status), in MB. */
export function memoryOf (pid: number): { rssMb: number, peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}

