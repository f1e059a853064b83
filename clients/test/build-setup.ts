// vitest global setup: builds the app release file before any test runs, so
// the tests drive the app as built from the sources they see (npm install
// builds it too; this keeps an edited checkout from testing a stale file).
import { buildApp } from '../build-app.ts'

export default async function setup (): Promise<void> {
  await buildApp()
}
