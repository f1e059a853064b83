// The holes the simulator found in the earlier node driver (issue 8), kept
// as regression seeds. Each seed is run twice: with the earlier driver's
// ordering re-created (`unsafe`), where it must still fail the way it did,
// which proves the checker sees the hole; and with the pipeline as it is,
// where it must keep every invariant.
import { describe, expect, it } from 'vitest'
import { runSeed } from '../sim/simulator.ts'
import type { UnsafeOrderings } from '../pipeline.ts'

interface Hole { name: string, unsafe: UnsafeOrderings, seeds: number[], violation: RegExp }

const holes: Hole[] = [
  {
    // Safety records written for later heights while the committed block was
    // still queued for append: after a crash the chain is behind the record,
    // the votes of that height are forgotten, and the replica signs again.
    name: 'hole 1: votes forgotten after a crash (safety record ahead of the chain)',
    unsafe: { safetyAheadOfChain: true },
    seeds: [62, 356],
    violation: /^signing: r\d+ signed two different/
  },
  {
    // VIEW-CHANGE published before the record of the new view was durable:
    // after a crash the replica is back in the old view and votes there.
    name: 'hole 2: VIEW-CHANGE sent before it is durable',
    unsafe: { sendBeforePersist: true },
    seeds: [27, 85, 89, 134],
    violation: /^signing: r\d+ sent a \w+ in view \d+ at height \d+ after asking for view \d+$/
  }
]

describe('simulator: regression seeds of the holes found in the earlier driver', () => {
  for (const hole of holes) {
    it(hole.name, () => {
      for (const seed of hole.seeds) {
        const broken = runSeed({ seed, unsafe: hole.unsafe })
        expect(broken.violations.some(v => hole.violation.test(v)), `seed=${seed} with ${JSON.stringify(hole.unsafe)}: ${broken.violations[0] ?? 'no violation'}`).toBe(true)
        const fixed = runSeed({ seed })
        expect(fixed.violations, `seed=${seed} replay: npm run sim -- --seed ${seed} --trace`).toEqual([])
      }
    }, 120_000)
  }
})
