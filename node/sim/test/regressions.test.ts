// Seeds that broke an invariant in a large exploration, kept as they were
// found (with the application the seed runs in `npm run sim`).
import { expect, it } from 'vitest'
import { runSeed } from '../../../consensus/sim/simulator.ts'
import { simAppFor } from '../apps.ts'

it('seed 931 (10,000-seed run): checkpoint votes at or below a stable height raised by sync are dropped, so their map stays bounded', () => {
  const r = runSeed({ seed: 931, app: simAppFor('mixed')(931) })
  expect(r.violations).toEqual([])
}, 60_000)
