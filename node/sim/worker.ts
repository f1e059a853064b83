// Worker thread of `npm run sim -- --seeds N`: runs its share of the seeds.
import { parentPort, workerData } from 'node:worker_threads'
import { exploreSeeds } from './explore.ts'

const { seeds } = workerData as { seeds: number[] }
parentPort?.postMessage(exploreSeeds(seeds))
