// Part 1 of the 1,000 seeds CI explores (see seed-range.ts).
import { testSeedRange } from './seed-range.ts'

testSeedRange(1, 250)
