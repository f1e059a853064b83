// Builds the app release artifact: clients/app-main.ts and every dependency
// it reaches, bundled by esbuild into one file, dist/certchain-app.mjs, with
// a manifest beside it (dist/certchain-app.json: app id, version, runtime,
// the file's SHA-256). That file is what runs as the app and what a vendor
// publishes (`certchain vendor publish-release --artifact FILE`); its SHA-256
// is the checksum of the integrity key (clients/measure.ts).
//
//   node --import tsx clients/build-app.ts [--root DIR] [--out FILE] [--quiet]
//
// `npm install` runs it (the `prepare` script), and so does `npm test`
// before the tests. The output depends only on the inputs: the same sources,
// dependencies, tsconfig and launcher give the same bytes on any machine and
// in any directory (paths in the file are relative to the root), so a
// vendor's digest can be rebuilt and checked by anyone.
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import { packageRoot } from '../protocols/package-root.ts'
import type { ArtifactInfo } from './measure.ts'

export interface BuildOptions {
  /** The source tree: clients/, protocols/, bin/certchain.js, package.json, tsconfig.json, node_modules/. */
  root?: string
  /** The output file (default: <root>/dist/certchain-app.mjs). */
  out?: string
}

export interface BuiltArtifact extends ArtifactInfo {
  path: string
  sha256: string
  bytes: number
}

const defaultRoot = packageRoot
export const artifactPath = (root: string = defaultRoot): string => join(root, 'dist', 'certchain-app.mjs')
export const manifestPathOf = (artifact: string): string => artifact.replace(/\.mjs$/, '.json')

const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const builtins = new Set(builtinModules.flatMap(m => [m, `node:${m}`]))

export class BuildError extends Error {}

export async function buildApp (options: BuildOptions = {}): Promise<BuiltArtifact> {
  const root = resolve(options.root ?? defaultRoot)
  const out = resolve(options.out ?? artifactPath(root))
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string, engines?: { node?: string } }
  const major = /^>=\s*(\d+)/.exec(pkg.engines?.node ?? '')?.[1]
  if (major === undefined) throw new BuildError(`package.json engines.node must be ">=<major>", not ${JSON.stringify(pkg.engines?.node)}`)
  const info: ArtifactInfo = {
    appId: 'certchain-app',
    version: pkg.version,
    runtime: `node/${major}`,
    launcherSha256: sha256Hex(readFileSync(join(root, 'bin', 'certchain.js')))
  }
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'clients', 'app-main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${major}`,
    tsconfig: join(root, 'tsconfig.json'),
    // Module paths as seen under the root, links not followed: the file names
    // modules by those paths, so a tree whose node_modules is a link (or a
    // package linked in) builds the same bytes as one with real directories.
    preserveSymlinks: true,
    define: { CERTCHAIN_ARTIFACT: JSON.stringify(info) },
    // Some CommonJS dependencies require() Node's built-ins; an ES module has no require of its own.
    banner: { js: '#!/usr/bin/env node\nimport { createRequire as __certchainCreateRequire } from \'node:module\'; const require = __certchainCreateRequire(import.meta.url);' },
    legalComments: 'eof',
    metafile: true,
    logLevel: 'silent'
  }).catch((err: Error) => { throw new BuildError(`esbuild: ${err.message}`) })
  // Everything that runs is inside the file: only Node's own modules stay outside.
  const outputs = Object.values(result.metafile.outputs)
  const external = outputs.flatMap(o => o.imports).filter(i => i.external && !builtins.has(i.path)).map(i => i.path)
  if (external.length > 0) throw new BuildError(`the app would load code from outside its file: ${[...new Set(external)].join(', ')}`)
  chmodSync(out, 0o755)
  const bytes = readFileSync(out)
  const built: BuiltArtifact = { ...info, path: out, sha256: sha256Hex(bytes), bytes: bytes.length }
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(manifestPathOf(out), JSON.stringify({ ...info, file: relative(dirname(out), out), sha256: built.sha256, bytes: built.bytes }, null, 2) + '\n')
  return built
}

/** The manifest the build wrote beside an artifact (what to publish). */
export function readManifest (artifact: string = artifactPath()): BuiltArtifact {
  let m: ArtifactInfo & { sha256: string, bytes: number }
  try {
    m = JSON.parse(readFileSync(manifestPathOf(artifact), 'utf8'))
  } catch (err) {
    throw new BuildError(`no build manifest beside ${artifact} (${(err as Error).message}): run npm run build`)
  }
  const actual = sha256Hex(readFileSync(artifact))
  if (actual !== m.sha256) throw new BuildError(`${artifact} is not the file its manifest names (sha256 ${actual}, manifest ${m.sha256}): run npm run build`)
  return { ...m, path: artifact }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' } } })
  try {
    const t0 = performance.now()
    const b = await buildApp({ root: values.root, out: values.out })
    if (values.quiet !== true) {
      process.stdout.write(`built ${relative(process.cwd(), b.path) || b.path}: ${b.appId} ${b.version} for ${b.runtime}, ` +
        `${(b.bytes / 1024).toFixed(0)} KiB, sha256 ${b.sha256} (${(performance.now() - t0).toFixed(0)} ms)\n`)
    }
  } catch (err) {
    process.stderr.write(`build-app: ${(err as Error).message}\n`)
    process.exitCode = 1
  }
}
