// vitest global setup: builds the explorer page before any test runs, so the
// browser tests load the page built from the sources they see.
import { buildExplorer } from '../build.ts'

export default async function setup (): Promise<void> {
  await buildExplorer()
}
