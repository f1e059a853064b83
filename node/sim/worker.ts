// Worker thread of `npm run sim -- --seeds N`: runs its share of the seeds.
import { parentPort, workerData } from 'node:worker_threads'
import { exploreSeeds } from '../../consensus/sim/explore.ts'
import { simAppFor, type SimAppChoice } from './apps.ts'

const { seeds, app } = workerData as { seeds: number[], app: SimAppChoice }
parentPort?.postMessage(exploreSeeds(seeds, {}, simAppFor(app)))
