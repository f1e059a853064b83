// The entry of the app release artifact (clients/build-app.ts bundles this
// file and everything it reaches into dist/certchain-app.mjs). Started as a
// program (`node dist/certchain-app.mjs ...`, or bin/certchain.js app ...),
// it runs the app's command line; imported, it is the app SDK as released,
// which tests and benchmarks drive in-process.
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runAppCli } from './app-cli.ts'

export { App, ControlSession, demoAppId, demoAppVersion, type AppOptions, type CertifySteps, type RegisterResult, type StoredRegistration, type VerifiedAttempt } from './app.ts'
export { measureRunningApp, type AppMeasurement } from './measure.ts'
export { runAppCli } from './app-cli.ts'
export { CertificationError } from './common.ts'

const startedAsProgram = ((): boolean => {
  try { return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url) } catch { return false }
})()

if (startedAsProgram) {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 24) {
    process.stderr.write(`certchain app: needs Node >= 24, this is ${process.version} (run it as bin/certchain.js app ..., which finds the package's own Node)\n`)
    process.exit(2)
  }
  const code = await runAppCli(process.argv.slice(2))
  // Exit now: libp2p may leave a handle behind, and a finished command must not hang on it.
  process.exit(code)
}
