// Which application a simulator seed runs: the certification state machine
// (CertApp with generated certification traffic) on odd seeds, the generic
// opaque application on even ones, unless one is forced. A seed always
// replays with the application it was explored with.
import type { SimAppPlugin } from '../../consensus/sim/app-plugin.ts'
import { opaquePlugin } from '../../consensus/sim/app-plugin.ts'
import { certAppPlugin } from './cert-workload.ts'

export const simAppChoices = ['mixed', 'cert', 'opaque'] as const
export type SimAppChoice = typeof simAppChoices[number]

export function simAppFor (choice: SimAppChoice): (seed: number) => SimAppPlugin {
  if (choice === 'cert') return () => certAppPlugin
  if (choice === 'opaque') return () => opaquePlugin
  return seed => (seed % 2 === 1 ? certAppPlugin : opaquePlugin)
}
