// Part 3 of the 1,000 seeds CI explores (see seed-range.ts).
import { testSeedRange } from './seed-range.ts'

testSeedRange(501, 250)
