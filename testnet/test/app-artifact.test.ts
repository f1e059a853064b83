// The app as a release artifact, end to end: the released file, run as its
// own program (directly and through the launcher), is GRANTED; every place
// where a byte that runs can change is changed in turn, and each changed
// install is refused by the quorum with CHECKSUM_MISMATCH, on chain:
//  - a launcher line (bin/certchain.js),
//  - a CLI module (clients/app-cli.ts, rebuilt: it copies user.key away),
//  - a dependency file (a module of @multiformats/multiaddr in node_modules, rebuilt),
//  - a resolution setting (tsconfig.json paths, rebuilt),
//  - code preloaded by Node (NODE_OPTIONS --import).
// Then the vendor's path: `certchain vendor publish-release` of a new build,
// which an app registered with it is GRANTED with. Nodes are real processes
// on 127.0.0.1 (ports 27600..); the device is the SDK in this process.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, buildApp, readManifest } from '../../clients/build-app.ts'
import { Device } from '../../clients/device.ts'
import { loadNetwork } from '../../clients/network.ts'
import { Verdict } from '../../protocols/cert.ts'
import type { Testnet } from '../testnet.ts'
import { demoVendorKeyFile } from '../testnet.ts'
import { startTestnet } from './helpers.ts'

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const launcher = join(repo, 'bin', 'certchain.js')

let tn: Testnet
let work: string
let device: Device
let networkFile: string
let appHome: string

interface Run { code: number | null, stdout: string, stderr: string, json: Record<string, unknown> }

/** Runs `node ...program args` (with `env` added) and parses its last stdout line as JSON. */
async function run (program: string[], args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [...program, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString() })
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString() })
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  let json: Record<string, unknown> = {}
  try { json = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') } catch {}
  return { code, stdout, stderr, json }
}

const control = async (program: string[], env: Record<string, string> = {}, home = appHome): Promise<Run> =>
  await run(program, ['control', '--network', networkFile, '--home', home, '--device', device.multiaddrs[0], 'status', '--json'], env)

/** The app as released: the built file run as its own program. */
const released = (): string[] => [artifactPath()]

/** A copy of the source tree the app is built from, node_modules linked (or given). */
function sourceTree (name: string, options: { linkNodeModules?: boolean } = {}): string {
  const root = join(work, name)
  mkdirSync(root)
  for (const d of ['clients', 'protocols', 'bin']) cpSync(join(repo, d), join(root, d), { recursive: true, filter: src => !src.includes(`${join(repo, 'clients', 'test')}`) })
  for (const f of ['package.json', 'tsconfig.json']) cpSync(join(repo, f), join(root, f))
  if (options.linkNodeModules !== false) symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'))
  return root
}

/** Expects the quorum's CHECKSUM_MISMATCH on chain, then resets the failure count with the released app. */
async function expectRefusedOnChain (r: Run): Promise<void> {
  expect(r.code, r.stdout + r.stderr).toBe(1)
  expect(r.json.verdict, r.stdout + r.stderr).toBe(Verdict.CHECKSUM_MISMATCH)
  expect(r.json.height).toBeGreaterThan(0)
  const honest = await control(released())
  expect(honest.json.verdict, honest.stdout + honest.stderr).toBe(Verdict.GRANTED)
}

beforeAll(async () => {
  tn = await startTestnet(27600)
  work = mkdtempSync(join(tmpdir(), 'certchain-artifact-'))
  networkFile = join(tn.dir, 'network.json')
  device = await Device.open({ network: loadNetwork(networkFile), home: join(work, 'device'), allowLoopback: true })
  await device.start()
  await device.provision()
  appHome = join(work, 'app')
  const r = await run(released(), ['register', '--network', networkFile, '--home', appHome, '--device', device.multiaddrs[0], '--pairing-code', device.pairingCode, '--json'])
  expect(r.code, r.stdout + r.stderr).toBe(0)
}, 120_000)

afterAll(async () => {
  await device?.stop()
  await tn?.down(true)
  if (work !== undefined) rmSync(work, { recursive: true, force: true })
})

describe('the app as a release artifact', () => {
  it('the released file is what the testnet published, and it is GRANTED run directly and through the launcher', async () => {
    const m = readManifest()
    const measured = await run(released(), ['measure', '--json'])
    expect(measured.json).toMatchObject({ checksum: m.sha256, artifactSha256: m.sha256, extras: [] })
    const viaLauncher = await run([launcher], ['app', 'measure', '--json'])
    expect(viaLauncher.json).toMatchObject({ checksum: m.sha256, extras: [] })
    const direct = await control(released())
    expect(direct.json.verdict, direct.stdout + direct.stderr).toBe(Verdict.GRANTED)
    const launched = await control([launcher, 'app'])
    expect(launched.json.verdict, launched.stdout + launched.stderr).toBe(Verdict.GRANTED)
  })

  it('the build is reproducible: the same sources in another directory give the same bytes', async () => {
    const root = sourceTree('same')
    const b = await buildApp({ root })
    expect(b.sha256).toBe(readManifest().sha256)
  })

  it('a launcher line changed: CHECKSUM_MISMATCH on chain', async () => {
    const root = join(work, 'launcher')
    mkdirSync(join(root, 'bin'), { recursive: true })
    mkdirSync(join(root, 'dist'))
    writeFileSync(join(root, 'bin', 'certchain.js'), readFileSync(launcher, 'utf8').replace("} else if (process.argv[2] === 'app') {",
      "} else if (process.argv[2] === 'app') {\n  globalThis.certchainLauncherWasHere = true"))
    cpSync(artifactPath(), join(root, 'dist', 'certchain-app.mjs'))
    const m = await run([join(root, 'bin', 'certchain.js')], ['app', 'measure', '--json'])
    expect(String((m.json.extras as string[])[0])).toMatch(/^entry .*bin\/certchain\.js sha256 /)
    await expectRefusedOnChain(await control([join(root, 'bin', 'certchain.js'), 'app']))
  })

  it('a CLI module changed (it copies user.key away) and rebuilt: the change runs, and is refused with CHECKSUM_MISMATCH on chain', async () => {
    const root = sourceTree('cli-module')
    const stolen = join(root, 'stolen.key')
    const file = join(root, 'clients', 'app-cli.ts')
    writeFileSync(file, readFileSync(file, 'utf8')
      .replace("import { Command, CommanderError, Option } from 'commander'", "import { Command, CommanderError, Option } from 'commander'\nimport { copyFileSync } from 'node:fs'")
      .replace('      const a = await guardAsync(ctx, async () => await App.open({ network: network(o.network), home: o.home, ed: nodeEd25519, logger: sdkLogger(o) }))\n      try {\n        const t0',
        `      copyFileSync(o.home + '/user.key', ${JSON.stringify(stolen)})\n      const a = await guardAsync(ctx, async () => await App.open({ network: network(o.network), home: o.home, ed: nodeEd25519, logger: sdkLogger(o) }))\n      try {\n        const t0`))
    // The change must have landed (when app-cli.ts moves on, this says so, rather than the checksum check below).
    expect(readFileSync(file, 'utf8')).toContain('copyFileSync(o.home')
    const b = await buildApp({ root })
    expect(b.sha256).not.toBe(readManifest().sha256)
    await expectRefusedOnChain(await control([b.path]))
    expect(existsSync(stolen)).toBe(true)
  })

  it('a dependency file changed in node_modules and rebuilt: CHECKSUM_MISMATCH on chain', async () => {
    const root = sourceTree('dependency', { linkNodeModules: false })
    // node_modules of links to the real packages, but for one package, copied and changed.
    const nm = join(root, 'node_modules')
    mkdirSync(nm)
    for (const name of readdirSync(join(repo, 'node_modules'))) {
      if (name === '@multiformats') continue
      symlinkSync(join(repo, 'node_modules', name), join(nm, name))
    }
    mkdirSync(join(nm, '@multiformats'))
    for (const name of readdirSync(join(repo, 'node_modules', '@multiformats'))) {
      if (name === 'multiaddr') cpSync(join(repo, 'node_modules', '@multiformats', name), join(nm, '@multiformats', name), { recursive: true, dereference: true })
      else symlinkSync(join(repo, 'node_modules', '@multiformats', name), join(nm, '@multiformats', name))
    }
    const pkg = JSON.parse(readFileSync(join(nm, '@multiformats', 'multiaddr', 'package.json'), 'utf8')) as { exports: { '.': { import: string } } }
    const entry = join(nm, '@multiformats', 'multiaddr', pkg.exports['.'].import)
    writeFileSync(entry, readFileSync(entry, 'utf8') + '\nglobalThis.certchainDependencyWasHere = true\n')
    const b = await buildApp({ root })
    expect(b.sha256).not.toBe(readManifest().sha256)
    expect(readFileSync(b.path, 'utf8')).toContain('certchainDependencyWasHere')
    await expectRefusedOnChain(await control([b.path]))
  })

  it('a resolution setting changed (tsconfig.json paths) and rebuilt: CHECKSUM_MISMATCH on chain', async () => {
    const root = sourceTree('resolution')
    mkdirSync(join(root, 'shim'))
    writeFileSync(join(root, 'shim', 'multiaddr.ts'),
      "export * from '../node_modules/@multiformats/multiaddr/dist/src/index.js'\n;(globalThis as Record<string, unknown>).certchainPathsWereHere = true\n")
    const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> }
    tsconfig.compilerOptions.paths = { '@multiformats/multiaddr': ['./shim/multiaddr.ts'] }
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2))
    const b = await buildApp({ root })
    expect(b.sha256).not.toBe(readManifest().sha256)
    expect(readFileSync(b.path, 'utf8')).toContain('certchainPathsWereHere')
    await expectRefusedOnChain(await control([b.path]))
  })

  it('code preloaded by Node (NODE_OPTIONS --import) beside the released file: CHECKSUM_MISMATCH on chain', async () => {
    const preload = join(work, 'preload.mjs')
    writeFileSync(preload, 'globalThis.certchainPreloadWasHere = true\n')
    const m = await run(released(), ['measure', '--json'], { NODE_OPTIONS: `--import=${preload}` })
    expect(m.json.extras).toEqual([`node-options ${JSON.stringify(`--import=${preload}`)}`])
    await expectRefusedOnChain(await control(released(), { NODE_OPTIONS: `--import=${preload}` }))
  })

  it('a vendor publishes a new build with `certchain vendor publish-release`; an app registered with it is GRANTED', async () => {
    const root = sourceTree('release-0.2.0')
    const pkgFile = join(root, 'package.json')
    writeFileSync(pkgFile, readFileSync(pkgFile, 'utf8').replace('"version": "0.1.0"', '"version": "0.2.0"'))
    const b = await buildApp({ root })
    expect(b.version).toBe('0.2.0')
    const vendorKey = join(tn.dir, demoVendorKeyFile)
    // Refusals first: a key that is not a vendor of the genesis, a file its manifest does not name.
    const stranger = join(work, 'stranger.key')
    const made = await run([launcher], ['vendor', 'key', 'new', '--out', stranger])
    expect(made.code, made.stderr).toBe(0)
    const notVendor = await run([launcher], ['vendor', 'publish-release', '--network', networkFile, '--vendor-key', stranger, '--artifact', b.path])
    expect(notVendor.code).toBe(2)
    expect(notVendor.stderr).toMatch(/is not a vendor of this network's genesis/)
    const copy = join(work, 'release-0.2.0', 'dist', 'certchain-app.mjs')
    const published = await run([launcher], ['vendor', 'publish-release', '--network', networkFile, '--vendor-key', vendorKey, '--artifact', copy, '--json'])
    expect(published.code, published.stdout + published.stderr).toBe(0)
    expect(published.json).toMatchObject({ appId: 'certchain-app', version: '0.2.0', runtime: 'node/24', sha256: b.sha256 })
    const again = await run([launcher], ['vendor', 'publish-release', '--network', networkFile, '--vendor-key', vendorKey, '--artifact', copy])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/release certchain-app@0.2.0 exists/)
    // The new release's app registers (H2 names its release) and certifies.
    const home = join(work, 'app-0.2.0')
    const reg = await run([b.path], ['register', '--network', networkFile, '--home', home, '--device', device.multiaddrs[0], '--pairing-code', device.pairingCode, '--json'])
    expect(reg.code, reg.stdout + reg.stderr).toBe(0)
    const granted = await control([b.path], {}, home)
    expect(granted.json.verdict, granted.stdout + granted.stderr).toBe(Verdict.GRANTED)
  })
})
