// vitest global setup: compiles the program into dist/js before any test
// runs, so that what the tests spawn through bin/certchain.js (testnet
// nodes, devices, the CLI) is the program built from the sources they see.
import { buildJs } from '../build-js.ts'

export default async function setup (): Promise<void> {
  await buildJs()
}
