// `npm start` / `certchain demo`: a local 4-node testnet, a simulated smart
// lock (`certchain device run`, its own process) and the app (its release
// file dist/certchain-app.mjs, run as its own process for each step): the
// app registers with the lock, certifies (the quorum's verdict, with its
// proof checked by the lock and by the app), unlocks it; a modified copy of
// the app's file is refused; then the audit trail, and how to go on by hand.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { auditDevice } from '../clients/audit.ts'
import { artifactPath, readManifest } from '../clients/build-app.ts'
import { loadNetwork, NodePool } from '../clients/network.ts'
import { NodeClient } from '../clients/node-client.ts'
import { toHex } from '../protocols/bytes.ts'
import { nodeEd25519 } from '../protocols/ed25519-node.ts'
import { packageRoot } from '../protocols/package-root.ts'
import { isAlive, sleep, Testnet } from './testnet.ts'

export interface DemoOptions {
  dir: string
  basePort: number
  out: (line: string) => void
}

const bin = join(packageRoot, 'bin', 'certchain.js')
const artifact = artifactPath()

/**
 * Runs the app program (`node FILE ...`) and returns what it printed as JSON
 * (`--json`); an exit code other than `expectCode` is an error with its output.
 */
async function runApp (program: string[], args: string[], expectCode = 0): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [...program, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString() })
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString() })
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  if (code !== expectCode) throw new Error(`the app (${[...program, args[0]].join(' ')}) exited with ${code}, expected ${expectCode}:\n${stdout}${stderr}`)
  const line = stdout.trim().split('\n').at(-1) ?? ''
  try { return JSON.parse(line) as Record<string, unknown> } catch { throw new Error(`the app printed no JSON:\n${stdout}${stderr}`) }
}

export interface RunningDevice { id: string, address: string, pairingCode: string, pid: number, log: string }

/**
 * Starts `certchain device run` in the background (its home and log under
 * DIR/device), or finds the one already running, and reads its address,
 * id and pairing code from its log.
 */
export async function startDemoDevice (dir: string, port: number, timeoutMs = 60_000): Promise<RunningDevice> {
  const home = join(dir, 'device')
  mkdirSync(home, { recursive: true })
  const log = join(home, 'device.log')
  const pidFile = join(home, 'device.pid')
  const running = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0
  if (running === 0 || !isAlive(running)) {
    writeFileSync(log, '')
    const fd = openSync(log, 'a')
    const child = spawn(process.execPath, [bin, 'device', 'run', '--network', join(dir, 'network.json'), '--home', home, '--listen', `/ip4/127.0.0.1/tcp/${port}`],
      { detached: true, stdio: ['ignore', fd, fd] })
    closeSync(fd)
    child.unref()
    writeFileSync(pidFile, `${child.pid}\n`)
  }
  const pid = Number(readFileSync(pidFile, 'utf8'))
  const end = Date.now() + timeoutMs
  for (;;) {
    const text = readFileSync(log, 'utf8')
    const field = (name: string): string | undefined => [...text.matchAll(new RegExp(`^${name}\\s+(\\S+)`, 'gm'))].at(-1)?.[1]
    const id = field('device id')
    const address = field('address')
    const pairingCode = [...text.matchAll(/pairing code (\d+)|pairing code\s+(\d+)/g)].map(m => m[1] ?? m[2]).at(-1)
    if (id !== undefined && address !== undefined && pairingCode !== undefined) return { id, address, pairingCode, pid, log }
    if (!isAlive(pid)) throw new Error(`the device exited:\n${text}`)
    if (Date.now() > end) throw new Error(`the device did not start within ${timeoutMs} ms:\n${text}`)
    await sleep(100)
  }
}

export async function runDemo ({ dir, basePort, out }: DemoOptions): Promise<void> {
  out('certchain demo: 4 certification nodes (PBFT over libp2p, f = 1), a smart lock and an app')
  const tn = await Testnet.up({ nodes: 4, dir, basePort, onProgress: line => { out(`  ${line}`) } })
  out(`  chain ${tn.network.chainId}; validators:`)
  for (const v of tn.network.validators) out(`    node ${v.index}  ${v.multiaddrs[0]}`)
  const explorer = tn.httpUrl(0)
  if (explorer !== undefined) out(`\n  explorer of node 0: ${explorer}/   (open it now: the steps below show up there live, each proof verified in your browser)`)
  await tn.close()
  const networkFile = join(tn.dir, 'network.json')
  const network = loadNetwork(networkFile)

  out('\n1. the smart lock: `certchain device run` in its own process; on first run its vendor attests it on chain')
  const device = await startDemoDevice(tn.dir, basePort + 100)
  out(`   device id     ${device.id}`)
  out(`   address       ${device.address}`)
  out(`   pairing code  ${device.pairingCode}   (log: ${device.log})`)

  const appHome = join(tn.dir, 'app')
  const appArgs = ['--network', networkFile, '--home', appHome, '--device', device.address]
  out(`\n2. the app: its own program, the release file ${relative(process.cwd(), artifact) || artifact} (sha256 ${readManifest(artifact).sha256.slice(0, 16)}…,`)
  out('   the checksum its vendor published); it pairs with the lock: the lock builds and co-signs the registration')
  out('   (H1, H2, H3, method, R), the app signs it, the lock relays it, the quorum commits it')
  const appFile = join(appHome, 'app.json')
  const registered = existsSync(appFile)
    ? (JSON.parse(readFileSync(appFile, 'utf8')) as { registrations?: Record<string, { registrationId: string, height: number }> }).registrations?.[device.id]
    : undefined
  if (registered !== undefined) {
    out(`   registered already: registration ${registered.registrationId.slice(0, 16)}… at height ${registered.height}`)
  } else {
    const r = await runApp([artifact], ['register', ...appArgs, '--pairing-code', device.pairingCode, '--json'])
    out(`   registration ${String(r.registrationId).slice(0, 16)}… committed at height ${r.height} (${r.path}, ${Number(r.ms).toFixed(0)} ms); receipt verified offline`)
  }

  out('\n3. certification: login -> integrity key checked by a node -> the lock\'s nonce -> the app\'s certification value')
  out('   -> AuthAttempt judged by every node, committed by the quorum -> verdict with its proof, checked by lock and app')
  const granted = await runApp([artifact], ['control', ...appArgs, 'unlock', 'status', 'lock', '--json'])
  out(`   verdict ${granted.verdict} at height ${granted.height}, AuthAttempt ${String(granted.txId).slice(0, 16)}…`)
  out(`   steps (ms): ${Object.entries(granted.stepsMs as Record<string, number>).map(([k, v]) => `${k} ${v}`).join(', ')}`)
  out(`   ${(granted.results as Array<{ command: string, state: string }>).map(r => `${r.command} -> the lock is ${r.state}`).join('; ')}`)

  out('\n4. a modified copy of the app (one line added to its file) tries with the same key and registration:')
  const root = mkdtempSync(join(tmpdir(), 'certchain-demo-app-'))
  try {
    const tampered = join(root, 'certchain-app.mjs')
    writeFileSync(tampered, readFileSync(artifact, 'utf8') + '\n// tampered\n')
    const refused = await runApp([tampered], ['control', ...appArgs, 'status', '--json'], 1)
    out(`   refused: ${refused.code}, verdict ${refused.verdict ?? '-'} recorded at height ${refused.height ?? '-'}`)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
  // An honest certification resets the registration's failure count.
  await runApp([artifact], ['control', ...appArgs, 'status', '--json'])

  out('\n5. the audit trail of the lock, read from a node, every entry\'s commit certificate and proofs verified:')
  const client = await NodeClient.create()
  try {
    const entries = await auditDevice(new NodePool(client, network, nodeEd25519), device.id)
    for (const e of entries.slice(-8)) {
      out(`   height ${String(e.height).padEnd(5)} ${new Date(e.timestampMs).toISOString()}  ${e.verdict.padEnd(18)} app ${e.appPeer.slice(0, 20)}…  tx ${e.txId.slice(0, 12)}…`)
    }
    if (entries.length > 8) out(`   (${entries.length} in all)`)
  } finally {
    await client.close()
  }
  const statuses = await tn.statuses()
  await tn.close()
  out('\n6. every node agrees on the chain and the state:')
  for (const s of statuses) {
    out(`   node ${s.index}: height ${s.status?.height ?? '-'}, tip ${s.status === undefined ? '-' : toHex(s.status.tipHash).slice(0, 12)}…, ` +
      `state ${s.status === undefined || s.status.stateDigest.length === 0 ? '-' : toHex(s.status.stateDigest).slice(0, 12)}…`)
  }

  // Pairing codes serve once: read the lock's current one for the next app.
  const current = (await startDemoDevice(tn.dir, basePort + 100)).pairingCode
  const cli = 'npm run -s certchain --'
  const net = `--network ${networkFile}`
  out(`\nThe testnet and the lock keep running (${tn.dir}).${explorer === undefined ? '' : ` The explorer: ${explorer}/`} Try it by hand:`)
  out(`   ${cli} app register ${net} --home /tmp/my-app --device ${device.address} --pairing-code ${current}`)
  out(`   ${cli} app control ${net} --home /tmp/my-app --device ${device.address} unlock [--json]`)
  out(`   ${cli} app measure   the integrity key this install presents, and what it covers`)
  out(`   ${cli} audit ${net} --device ${device.id}`)
  out(`   ${cli} testnet kill 0 --dir ${tn.dir}   kill a node: the flow goes on through the others`)
  out(`   ${cli} testnet status --dir ${tn.dir}   heights, views, peers`)
  out(`   tail -f ${device.log}   the lock's side (a pairing code serves once; the log shows the next one)`)
  out(`Stop everything with: ${cli} testnet down --dir ${tn.dir}   (add --purge to delete its data)`)
}
