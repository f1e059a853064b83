// Builds the explorer page into dist/explorer/: index.html, style.css and
// app.js, which esbuild bundles from main.tsx with everything it reaches
// (Preact, protocols/, clients/verify.ts, the noble curves): one file, no
// CDN, nothing loaded from elsewhere at run time. Every node's HTTP API
// serves the folder (node/services/http.ts: GET / and /explorer/*).
//
//   node --import tsx explorer/build.ts [--out DIR] [--quiet]
//
// `npm install` runs it (the `prepare` script), as does `npm start`.
import { copyFileSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
export const explorerDir = (root: string = resolve(here, '..')): string => join(root, 'dist', 'explorer')
/** The files of a built explorer, as the node serves them. */
export const explorerFiles = ['index.html', 'style.css', 'app.js'] as const

export class ExplorerBuildError extends Error {}

export async function buildExplorer (out: string = explorerDir()): Promise<{ dir: string, bytes: number }> {
  mkdirSync(out, { recursive: true })
  await build({
    absWorkingDir: resolve(here, '..'),
    entryPoints: [join(here, 'main.tsx')],
    outfile: join(out, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(here, 'tsconfig.json'),
    legalComments: 'eof',
    logLevel: 'silent'
  }).catch((err: Error) => { throw new ExplorerBuildError(`esbuild: ${err.message}`) })
  copyFileSync(join(here, 'index.html'), join(out, 'index.html'))
  copyFileSync(join(here, 'style.css'), join(out, 'style.css'))
  return { dir: out, bytes: explorerFiles.reduce((n, f) => n + statSync(join(out, f)).size, 0) }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, quiet: { type: 'boolean' } } })
  try {
    const t0 = performance.now()
    const b = await buildExplorer(values.out === undefined ? undefined : resolve(values.out))
    if (values.quiet !== true) process.stdout.write(`built ${relative(process.cwd(), b.dir) || b.dir}: the explorer page, ${(b.bytes / 1024).toFixed(0)} KiB (${(performance.now() - t0).toFixed(0)} ms)\n`)
  } catch (err) {
    process.stderr.write(`explorer build: ${(err as Error).message}\n`)
    process.exitCode = 1
  }
}
