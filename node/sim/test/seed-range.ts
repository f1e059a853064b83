// One slice of the 1,000 seeds CI explores (odd seeds with the certification
// state machine, even ones with opaque transactions); the slices are separate
// test files so that vitest spreads them over the cores.
import { expect, it } from 'vitest'
import { exploreSeeds } from '../../../consensus/sim/explore.ts'
import { simAppFor } from '../apps.ts'

export function testSeedRange (from: number, count: number): void {
  it(`simulator: seeds ${from}..${from + count - 1} keep every invariant`, () => {
    const s = exploreSeeds(Array.from({ length: count }, (_, i) => from + i), {}, simAppFor('mixed'))
    const report = s.failures.map(f => `seed=${f.seed} n=${f.n}: ${f.violation}\n  replay: npm run sim -- --seed ${f.seed} --trace`).join('\n')
    expect(report).toBe('')
    expect(s.seeds).toBe(count)
    expect(s.commits).toBeGreaterThan(count * 3)
  }, 600_000)
}
