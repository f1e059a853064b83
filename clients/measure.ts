// The app's integrity key, measured by the app that runs, over the bytes it
// executes (docs/SECURITY.md says what this can and cannot promise).
//
// A release of the app is one file built from the sources with its
// dependencies inside (clients/build-app.ts -> dist/certchain-app.mjs). The
// vendor publishes that file's SHA-256 and the runtime it needs; this module,
// bundled into the same file, finds the file from its own module URL and
// hashes it. Nothing a caller passes can point it elsewhere.
//
// The file is not all that may run in the process, so the measurement also
// looks at how the process started:
//  - the entry script: the file itself, or the launcher bin/certchain.js in
//    its `app` mode (pinned: the build records the launcher's digest, and in
//    that mode the launcher runs nothing but this file). Any other entry (a
//    modified launcher, a program that imports the SDK) is named;
//  - code loaded before it (`--import`, `--require`, loaders, any Node flag
//    or NODE_OPTIONS): named;
//  - a runtime other than the one the build names: named.
// Anything named turns the checksum into appMeasurementOf(file digest,
// items), which is no file's digest and so matches no release: an install
// that runs more than the published file is refused with CHECKSUM_MISMATCH.
// Run from the sources (tsx, tests), there is no built file: the checksum
// is a measurement of "unbuilt" that no vendor publishes.
import { readFileSync, realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { toHex } from '../protocols/bytes.ts'
import { appMeasurementOf, type AppIntegrity } from '../protocols/cert.ts'
import { sha256 } from '../protocols/hash.ts'

/** What the build writes into the file (esbuild `define`). */
export interface ArtifactInfo {
  appId: string
  version: string
  /** `node/<major>`: the runtime the file is built for. */
  runtime: string
  /** SHA-256 (hex) of bin/certchain.js, the launcher that may start the file. */
  launcherSha256: string
}

declare const CERTCHAIN_ARTIFACT: ArtifactInfo | undefined

/** The demo app's identity when run from the sources: what the build names by default. */
export const demoAppId = 'certchain-app'
export const demoAppVersion = '0.1.0'

export interface AppMeasurement {
  integrity: AppIntegrity
  /** The runtime the app runs on now, `node/<major>`. */
  runtime: string
  /** The built file that runs and its SHA-256 (hex); undefined when run from the sources. */
  artifact?: { path: string, sha256: string }
  /** What runs beside the built file; empty for an install started as released. */
  extras: string[]
}

let measured: AppMeasurement | undefined

/**
 * The integrity key of the running app, measured once per process (the file
 * is read and hashed at the first call, about a millisecond per megabyte).
 */
export function measureRunningApp (): AppMeasurement {
  measured ??= measure()
  return measured
}

const runningRuntime = (): string => `node/${process.versions.node.split('.')[0]}`

function measure (): AppMeasurement {
  const self = fileURLToPath(import.meta.url)
  const info = typeof CERTCHAIN_ARTIFACT === 'undefined' ? undefined : CERTCHAIN_ARTIFACT
  const runtime = runningRuntime()
  const digest = sha256(readFileSync(self))
  const extras: string[] = []
  if (info === undefined) extras.push(`unbuilt ${self}`)
  const entry = entryScript()
  if (entry === undefined) {
    extras.push('entry none')
  } else if (entry !== self) {
    const entryDigest = toHex(sha256(readFileSync(entry)))
    const launcherInAppMode = info !== undefined && entryDigest === info.launcherSha256 && process.argv[2] === 'app'
    if (!launcherInAppMode) extras.push(`entry ${entry} sha256 ${entryDigest} command ${JSON.stringify(process.argv[2] ?? '')}`)
  }
  if (process.execArgv.length > 0) extras.push(`exec-argv ${JSON.stringify(process.execArgv)}`)
  const nodeOptions = (process.env.NODE_OPTIONS ?? '').trim()
  if (nodeOptions !== '') extras.push(`node-options ${JSON.stringify(nodeOptions)}`)
  if (info !== undefined && runtime !== info.runtime) extras.push(`runtime ${runtime}`)
  return {
    integrity: { appId: info?.appId ?? demoAppId, version: info?.version ?? demoAppVersion, checksum: appMeasurementOf(digest, extras) },
    runtime,
    artifact: info === undefined ? undefined : { path: self, sha256: toHex(digest) },
    extras
  }
}

function entryScript (): string | undefined {
  const argv1 = process.argv[1]
  if (argv1 === undefined || argv1 === '') return undefined
  try { return realpathSync(argv1) } catch { return undefined }
}
