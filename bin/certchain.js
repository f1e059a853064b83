#!/usr/bin/env node
// Launcher of the certchain CLI. The project needs Node >= 24; a shell may
// find an older system node first, so on an older one this re-executes
// itself with the package's own Node (the `node` npm package). On Node >= 24
// it runs `certchain app ...` from the app's built release file
// dist/certchain-app.mjs and nothing else (the file pins this launcher's
// digest and trusts it only in that mode: clients/measure.ts), and any other
// command from the program compiled into dist/js (cli/build-js.ts; npm
// install and npm run build make it), warning when a source is newer than
// that build; with CERTCHAIN_TSX=1, from the sources themselves, compiled
// by tsx as they load. Arguments, stdio, the exit code and a fatal signal
// all pass through. Plain JavaScript that Node 20 can parse.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const nodeMajorMin = 24
const here = dirname(fileURLToPath(import.meta.url))
const major = Number(process.versions.node.split('.')[0])

if (major < nodeMajorMin) {
  const bundledNode = join(here, '..', 'node_modules', 'node', 'bin', 'node')
  if (process.env.CERTCHAIN_REEXECUTED === '1' || !existsSync(bundledNode)) {
    process.stderr.write(`certchain: needs Node >= ${nodeMajorMin}, this is ${process.version}, ` +
      `and ${bundledNode} is ${existsSync(bundledNode) ? 'no newer' : 'missing (run npm install)'}\n`)
    process.exit(2)
  }
  const child = spawn(bundledNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, CERTCHAIN_REEXECUTED: '1' } })
  // The child gets terminal signals itself (same process group); forward the ones sent to us alone.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('error', (err) => {
    process.stderr.write(`certchain: cannot run ${bundledNode}: ${err.message}\n`)
    process.exit(2)
  })
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
    } else {
      process.exit(code ?? 1)
    }
  })
} else if (process.argv[2] === 'app') {
  const artifact = join(here, '..', 'dist', 'certchain-app.mjs')
  if (!existsSync(artifact)) {
    process.stderr.write(`certchain: the app is not built (${artifact} is missing): run npm install, or npm run build\n`)
    process.exit(2)
  }
  const { runAppCli } = await import(pathToFileURL(artifact).href)
  process.exit(await runAppCli(process.argv.slice(3)))
} else if (process.env.CERTCHAIN_TSX === '1') {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../cli/main.ts')
} else {
  const root = join(here, '..')
  const main = join(root, 'dist', 'js', 'cli', 'main.js')
  const sourcesFile = join(root, 'dist', 'js', 'sources.json')
  if (!existsSync(main) || !existsSync(sourcesFile)) {
    process.stderr.write(`certchain: the program is not built (${existsSync(main) ? sourcesFile : main} is missing): run npm install, ` +
      'or npm run build (or set CERTCHAIN_TSX=1 to run it from the sources)\n')
    process.exit(2)
  }
  // The sources of that build, each no newer than it (a deleted one counts as newer).
  const builtMs = statSync(sourcesFile).mtimeMs
  const newer = JSON.parse(readFileSync(sourcesFile, 'utf8'))
    .find((source) => (statSync(join(root, source), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > builtMs)
  if (newer !== undefined) {
    process.stderr.write(`certchain: warning: the program in dist/js is older than ${newer} and runs all the same: ` +
      'run npm run build (or set CERTCHAIN_TSX=1 to run from the sources)\n')
  }
  await import(pathToFileURL(main).href)
}
