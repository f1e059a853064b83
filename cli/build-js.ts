// Compiles the program into dist/js: tsc (tsconfig.build.json) turns the
// sources of protocols/, consensus/, node/, clients/, testnet/ and cli/ (no
// tests, benches or simulators) into the JavaScript that bin/certchain.js
// runs, one .js file beside a source map for each .ts, the relative imports
// rewritten to .js. It does not type-check (that is `npm run typecheck`),
// and `tsc -b` compiles only when a source is newer than its last build
// (about 0.1 s when none is). It then writes dist/js/sources.json, the
// sources built from, stamped with the time the build began: by it the
// launcher tells a build older than the sources.
//
//   node --import tsx cli/build-js.ts [--quiet]
//
// `npm install` runs it (the `prepare` script), as do `npm run build`,
// `npm start` and the tests (vitest's global setup) before they run.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { packageRoot } from '../protocols/package-root.ts'

export const builtJsDir = join(packageRoot, 'dist', 'js')
/** The sources of the last build (paths relative to the package root); bin/certchain.js reads it. */
export const builtSourcesFile = join(builtJsDir, 'sources.json')
const buildInfoFile = join(builtJsDir, '.tsbuildinfo')
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc')

export class JsBuildError extends Error {}

export interface BuiltJs {
  dir: string
  /** The sources the build is of. */
  sources: string[]
  /** Whether tsc compiled anything (false: every output was newer than its source). */
  compiled: boolean
}

/** Runs `tsc -b` and returns the sources it compiled, none when it found the outputs up to date. */
async function runTsc (): Promise<string[]> {
  const child = spawn(process.execPath, [tsc, '-b', join(packageRoot, 'tsconfig.build.json'), '--listFiles'],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (b: Buffer) => { output += b.toString() })
  child.stderr.on('data', (b: Buffer) => { output += b.toString() })
  const code = await new Promise<number | null>((resolve, reject) => { child.on('error', reject).on('close', resolve) })
  // --listFiles names every file read, absolute: ours and the declarations of the libraries.
  const lines = output.split('\n').filter(l => l !== '')
  if (code !== 0) throw new JsBuildError(`tsc exited with ${code}:\n${lines.filter(l => !isAbsolute(l)).join('\n')}`)
  return lines.filter(l => isAbsolute(l) && !l.endsWith('.d.ts')).map(l => relative(packageRoot, l))
    .filter(l => !l.startsWith('..') && !l.split(sep).includes('node_modules'))
}

const outputOf = (source: string): string => join(builtJsDir, source.replace(/\.ts$/, '.js'))
const mtimeMsOf = (path: string): number => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity

/** The last build: its sources, and the time it began (the mtime of sources.json). */
function lastBuild (): { sources: string[], startedMs: number } | undefined {
  try {
    return { sources: JSON.parse(readFileSync(builtSourcesFile, 'utf8')) as string[], startedMs: statSync(builtSourcesFile).mtimeMs }
  } catch {
    return undefined
  }
}

export async function buildJs (): Promise<BuiltJs> {
  const started = new Date()
  const last = lastBuild()
  // tsc -b takes its outputs to be up to date when they are newer than their
  // sources; a source changed while the last build ran, or an output deleted
  // since, needs a build from scratch.
  if (last === undefined || last.sources.some(s => mtimeMsOf(join(packageRoot, s)) > last.startedMs || !existsSync(outputOf(s)))) {
    rmSync(buildInfoFile, { force: true })
  }
  const compiledSources = await runTsc()
  const sources = compiledSources.length > 0 ? compiledSources : last?.sources ?? []
  if (sources.length === 0) throw new JsBuildError('tsc compiled no source')
  // Stamped with the time the build began: a source newer than that may not be in it (bin/certchain.js warns).
  // Renamed into place: a launcher starting meanwhile (another test run's node) reads the old list or the new.
  const next = `${builtSourcesFile}.${process.pid}`
  writeFileSync(next, JSON.stringify(sources.sort(), null, 1) + '\n')
  utimesSync(next, started, started)
  renameSync(next, builtSourcesFile)
  return { dir: builtJsDir, sources, compiled: compiledSources.length > 0 }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { quiet: { type: 'boolean' } } })
  try {
    const t0 = performance.now()
    const b = await buildJs()
    if (values.quiet !== true) {
      process.stdout.write(`built ${relative(process.cwd(), b.dir) || b.dir}: the program, ${b.sources.length} modules ` +
        `${b.compiled ? 'compiled by tsc' : 'up to date'} (${(performance.now() - t0).toFixed(0)} ms)\n`)
    }
  } catch (err) {
    process.stderr.write(`build-js: ${(err as Error).message}\n`)
    process.exitCode = 1
  }
}
