import { describe, expect, it } from 'vitest'
import { byzantineModes, runSeed } from '../sim/simulator.ts'

describe('simulator', () => {
  it('is deterministic: a seed replays to exactly the same run', () => {
    const a = runSeed({ seed: 4242 })
    const b = runSeed({ seed: 4242 })
    expect(b).toEqual(a)
    expect(a.steps).toBeGreaterThan(100)
  })

  it('commits every transaction everywhere without faults', () => {
    const r = runSeed({ seed: 7, n: 4, byzantine: [], noCrashes: true, noPartitions: true })
    expect(r.violations).toEqual([])
    expect(r.txCommitted).toBe(r.txSubmitted)
  })

  for (const mode of byzantineModes) {
    it(`keeps safety and liveness with one byzantine replica: ${mode}`, () => {
      for (const seed of [1, 2, 3]) {
        const r = runSeed({ seed, n: 4, byzantine: [mode] })
        expect(r.byzantine.map(b => b.mode)).toEqual([mode])
        expect(r.violations, `seed=${seed} replay: npm run sim -- --seed ${seed}`).toEqual([])
        expect(r.txCommitted).toBe(r.txSubmitted)
      }
    })
  }

  it('keeps safety with f byzantine replicas at n = 7 and n = 10', () => {
    for (const [n, modes] of [[7, ['equivocate', 'conflicting-votes']], [10, ['silent', 'replay', 'equivocate']]] as const) {
      const r = runSeed({ seed: 99, n, byzantine: [...modes] })
      expect(r.violations).toEqual([])
    }
  })

  it('finds a deliberately broken quorum rule (f+1 instead of 2f+1): a fork between honest replicas', () => {
    const forks: number[] = []
    for (let seed = 1; seed <= 60 && forks.length === 0; seed++) {
      const r = runSeed({ seed, n: 4, brokenQuorum: true })
      if (r.violations.some(v => v.startsWith('agreement:'))) forks.push(seed)
    }
    expect(forks.length).toBeGreaterThan(0)
    // And the honest rule on the same seed holds.
    expect(runSeed({ seed: forks[0], n: 4 }).violations).toEqual([])
  })
})
