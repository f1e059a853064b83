// Runs many seeds and sums them up. Used by the CLI (in worker threads) and by the tests.
import type { SimAppPlugin } from './app-plugin.ts'
import { runSeed, type SimOptions, type SimResult } from './simulator.ts'

export interface Summary {
  seeds: number
  byValidatorCount: Record<string, number>
  byApp: Record<string, number>
  receipts: number
  faults: Record<string, number>
  commits: number
  txCommitted: number
  viewChanges: number
  failures: Array<{ seed: number, n: number, violation: string }>
  recoveryMsMax: number
}

export const emptySummary = (): Summary => ({ seeds: 0, byValidatorCount: {}, byApp: {}, receipts: 0, faults: {}, commits: 0, txCommitted: 0, viewChanges: 0, failures: [], recoveryMsMax: 0 })

export function addResult (s: Summary, r: SimResult): void {
  s.seeds++
  s.byValidatorCount[`n=${r.n}`] = (s.byValidatorCount[`n=${r.n}`] ?? 0) + 1
  s.byApp[r.app] = (s.byApp[r.app] ?? 0) + 1
  s.receipts += r.receipts
  for (const [k, v] of Object.entries(r.faults)) s.faults[k] = (s.faults[k] ?? 0) + v
  s.commits += r.height
  s.txCommitted += r.txCommitted
  s.viewChanges += r.viewChanges
  s.recoveryMsMax = Math.max(s.recoveryMsMax, r.recoveryMs ?? 0)
  if (r.violations.length > 0) s.failures.push({ seed: r.seed, n: r.n, violation: r.violations[0] })
}

export function mergeSummaries (a: Summary, b: Summary): Summary {
  const out = emptySummary()
  for (const s of [a, b]) {
    out.seeds += s.seeds
    for (const [k, v] of Object.entries(s.byValidatorCount)) out.byValidatorCount[k] = (out.byValidatorCount[k] ?? 0) + v
    for (const [k, v] of Object.entries(s.byApp)) out.byApp[k] = (out.byApp[k] ?? 0) + v
    out.receipts += s.receipts
    for (const [k, v] of Object.entries(s.faults)) out.faults[k] = (out.faults[k] ?? 0) + v
    out.commits += s.commits
    out.txCommitted += s.txCommitted
    out.viewChanges += s.viewChanges
    out.recoveryMsMax = Math.max(out.recoveryMsMax, s.recoveryMsMax)
    out.failures.push(...s.failures)
  }
  out.failures.sort((x, y) => x.seed - y.seed)
  return out
}

/**
 * Runs `seeds`; `appFor` picks each seed's application (the certification
 * plugin lives in node/, so whoever may import it passes it in).
 */
export function exploreSeeds (seeds: number[], options: Omit<SimOptions, 'seed'> = {}, appFor?: (seed: number) => SimAppPlugin | undefined): Summary {
  const summary = emptySummary()
  for (const seed of seeds) addResult(summary, runSeed({ ...options, seed, app: appFor?.(seed) ?? options.app }))
  return summary
}
