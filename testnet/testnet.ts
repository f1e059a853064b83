// A local multi-node testnet of real node processes: make genesis and keys,
// start, watch, stop, kill, break (isolate, partition, byzantine modes) and
// heal. Everything goes through the node CLI and the public protocols; no
// node code runs in this process.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { fromHex, toHex } from '../protocols/bytes.ts'
import { makeValidatorSet, type ValidatorSet } from '../protocols/certificate.ts'
import { CeremonyError, GenesisError } from '../protocols/errors.ts'
import { addValidator, addVendor, finalizeDraft, genesisFileText, makeValidatorEntry, networkFileOf, newDraft, type ValidatorEntry } from '../protocols/ceremony.ts'
import { parseGenesis, validatorPublicKeys, type Genesis, type GenesisConsensusParams, type GenesisParams, type GenesisVendor } from '../protocols/genesis.ts'
import { ControlRequest, decodeControlResponse, ProtocolId, Status, type NodeStatus } from '../protocols/node-protocols.ts'
import { exchange } from '../protocols/rpc.ts'
import { generateKeyPair as generateSigningKey, keyPairFromSeed, SignTag, signTagged, type KeyPair } from '../protocols/sign.ts'
import { nodeEd25519 } from '../protocols/ed25519-node.ts'
import { packageRoot } from '../protocols/package-root.ts'
import { multiaddr } from '@multiformats/multiaddr'
import { NodeClient } from '../clients/node-client.ts'
import { nodeByzantineModes } from '../consensus/byzantine.ts'
import { artifactPath, readManifest } from '../clients/build-app.ts'
import { readKeyFile } from '../clients/common.ts'
import { AppRelease, CertTxKind } from '../protocols/cert.ts'
import { ResultCode, signTransaction } from '../protocols/tx.ts'

export type ByzantineNodeMode = typeof nodeByzantineModes[number]

export interface NetworkValidator {
  index: number
  name: string
  peerId: string
  publicKey: string
  multiaddrs: string[]
  home: string
}

/** DIR/network.json: what clients need to find and check the network. */
export interface NetworkFile {
  chainId: string
  genesisHash: string
  genesis: Genesis
  validators: NetworkValidator[]
}

export class TestnetError extends Error {
  constructor (readonly code: 'NO_TESTNET' | 'EXISTS' | 'BAD_INDEX' | 'NOT_READY' | 'START_FAILED' | 'BAD_ARGUMENT', message: string) {
    super(message)
    this.name = 'TestnetError'
  }
}

// Nodes run as an operator runs them: the certchain launcher, `certchain node --home DIR`.
export const launcher = join(packageRoot, 'bin', 'certchain.js')
const bundledNode = join(packageRoot, 'node_modules', 'node', 'bin', 'node')
/** Nodes need Node >= 24: this process's own if it is one, else the project's (the `node` npm package). */
export const nodeBinary = Number(process.versions.node.split('.')[0]) >= 24 || !existsSync(bundledNode) ? process.execPath : bundledNode

export interface UpOptions {
  nodes: number
  dir: string
  basePort: number
  byzantine?: Map<number, ByzantineNodeMode>
  /**
   * Consensus rules of the testnet's genesis (short view timeouts for tests,
   * say): every node shares them, so they go into the genesis, never into a
   * node's config.
   */
  consensus?: Partial<GenesisConsensusParams>
  /** Genesis lock-out: consecutive failed attempts that lock a registration (default 5). */
  lockoutFailures?: number
  /** Node-local pacing written to every node's config.json `timing` (resendMs, syncRetryMs, statusIntervalMs). */
  timing?: Record<string, number>
  /** Node-local memory bounds written to every node's config.json `limits` (pendingTxCountMax, ...). */
  limits?: Record<string, number>
  logLevel?: string
  /** Whether every node serves its read-only HTTP API and metrics (default true; bench:http measures the node without it). */
  http?: boolean
  /** The API's request budget per client address a minute (config.json http.requestsPerMinutePerClient), when not the default. */
  httpRequestsPerMinute?: number
  /** libp2p's own metrics at /metrics (config.json http.libp2pMetrics, default true). */
  libp2pMetrics?: boolean
  onProgress?: (line: string) => void
  readyTimeoutMs?: number
  /** The genesis time (default now); bench:scale sets it in the past, to write a long chain of earlier blocks. */
  genesisTimeMs?: number
}

export interface NodeState {
  index: number
  pid?: number
  up: boolean
  status?: NodeStatus
  error?: string
}

/** The demo vendor's key, beside network.json: devices of this testnet are attested with it. */
export const demoVendorKeyFile = 'demo-vendor.key'
export const demoVendorName = 'demo-vendor'
/** Node i of a testnet serves its HTTP API at base-port + httpPortOffset + i. */
export const httpPortOffset = 1000

export const nodeHome = (dir: string, index: number): string => join(dir, `node-${index}`)

/**
 * The testnet's genesis, made through the ceremony's own steps
 * (protocols/ceremony.ts), in the order a coordinator runs them: the same
 * entries, vendors, parameters and time give the byte-identical file that
 * `certchain genesis new / add-validator / add-vendor / finalize` writes.
 */
export function testnetGenesis (o: { chainId: string, entries: ValidatorEntry[], vendors: GenesisVendor[], params: Partial<GenesisParams>, genesisTimeMs: number }): Genesis {
  const params = Object.fromEntries(Object.entries(o.params).filter(([, v]) => v !== undefined)) as Partial<GenesisParams>
  let draft = newDraft(o.chainId, params)
  for (const e of o.entries) draft = addValidator(draft, e)
  for (const v of o.vendors) draft = addVendor(draft, v.name, v.publicKey)
  return finalizeDraft(draft, o.genesisTimeMs)
}

export function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export class Testnet {
  private client?: NodeClient
  readonly network: NetworkFile
  readonly set: ValidatorSet
  private readonly operator: KeyPair

  private constructor (readonly dir: string) {
    const path = join(dir, 'network.json')
    if (!existsSync(path)) throw new TestnetError('NO_TESTNET', `no testnet in ${dir} (start one with: certchain testnet up --dir ${dir})`)
    this.network = JSON.parse(readFileSync(path, 'utf8')) as NetworkFile
    this.network.genesis = parseGenesis(this.network.genesis)
    this.set = makeValidatorSet(this.network.chainId, validatorPublicKeys(this.network.genesis))
    this.operator = keyPairFromSeed(fromHex(readFileSync(join(dir, 'operator.key'), 'utf8').trim()), nodeEd25519)
  }

  static open (dir: string): Testnet { return new Testnet(resolve(dir)) }

  /**
   * Makes a new testnet's files without starting a node: keys, the genesis
   * (through the ceremony's steps, testnetGenesis), each node home with its
   * validator.json and config.json, and network.json.
   */
  static async create (options: UpOptions): Promise<Testnet> {
    const dir = resolve(options.dir)
    if (existsSync(join(dir, 'network.json'))) throw new TestnetError('EXISTS', `${dir} holds a testnet already`)
    if (!Number.isSafeInteger(options.nodes) || options.nodes < 1 || options.nodes > 64) throw new TestnetError('BAD_ARGUMENT', '--nodes must be between 1 and 64')
    if (!Number.isSafeInteger(options.basePort) || options.basePort < 1 || options.basePort + options.nodes - 1 > 65535) {
      throw new TestnetError('BAD_ARGUMENT', `--base-port ${options.basePort}: the ports ${options.basePort}..${options.basePort + options.nodes - 1} must lie in 1..65535`)
    }
    const keys = await Promise.all(Array.from({ length: options.nodes }, async () => await generateKeyPair('Ed25519')))
    const chainId = `testnet-${Date.now().toString(36)}`
    // The demo vendor: attests the devices and publishes the app releases of this testnet.
    const vendor = generateSigningKey(nodeEd25519)
    const entries = keys.map((k, index) => makeValidatorEntry(`validator-${index}`, k.publicKey.raw, [`/ip4/127.0.0.1/tcp/${options.basePort + index}`]))
    let genesis: Genesis
    try {
      genesis = testnetGenesis({
        chainId,
        entries,
        vendors: [{ name: demoVendorName, publicKey: toHex(vendor.publicKey) }],
        params: { ...options.consensus, ...(options.lockoutFailures === undefined ? {} : { lockoutFailures: options.lockoutFailures }) },
        genesisTimeMs: options.genesisTimeMs ?? Date.now()
      })
    } catch (err) {
      if (err instanceof GenesisError || err instanceof CeremonyError) throw new TestnetError('BAD_ARGUMENT', `the testnet's genesis: ${err.message}`)
      throw err
    }
    // Only a valid genesis gets a directory: a refused parameter leaves nothing behind.
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, demoVendorKeyFile), toHex(vendor.secretKey) + '\n', { mode: 0o600 })
    const operator = generateSigningKey(nodeEd25519)
    writeFileSync(join(dir, 'operator.key'), toHex(operator.secretKey) + '\n', { mode: 0o600 })
    const network: NetworkFile = { ...networkFileOf(genesis), validators: networkFileOf(genesis).validators.map(v => ({ ...v, home: nodeHome(dir, v.index) })) }
    for (const v of network.validators) {
      mkdirSync(v.home, { recursive: true })
      writeFileSync(join(v.home, 'node.key'), privateKeyToProtobuf(keys[v.index]), { mode: 0o600 })
      writeFileSync(join(v.home, 'validator.json'), JSON.stringify(entries[v.index], null, 2) + '\n')
      writeFileSync(join(v.home, 'genesis.json'), genesisFileText(genesis))
      const byzantine = options.byzantine?.get(v.index)
      // No peers: each node dials the others at the addresses their genesis entries give, as a ceremony's network does.
      writeFileSync(join(v.home, 'config.json'), JSON.stringify({
        listen: [`/ip4/127.0.0.1/tcp/${options.basePort + v.index}`],
        peers: [],
        ...(options.limits === undefined ? {} : { limits: options.limits }),
        ...(options.timing === undefined ? {} : { timing: options.timing }),
        logLevel: options.logLevel ?? 'info',
        // The read-only HTTP API, on in testnets (off unless configured on a validator): port base-port + 1000 + i.
        ...(options.http === false
          ? {}
          : {
              http: {
                listen: `127.0.0.1:${options.basePort + httpPortOffset + v.index}`,
                libp2pMetrics: options.libp2pMetrics ?? true,
                ...(options.httpRequestsPerMinute === undefined ? {} : { requestsPerMinutePerClient: options.httpRequestsPerMinute })
              }
            }),
        testnet: { operatorPublicKey: toHex(operator.publicKey), ...(byzantine === undefined ? {} : { byzantine }) }
      }, null, 2) + '\n')
    }
    writeFileSync(join(dir, 'network.json'), JSON.stringify(network, null, 2) + '\n')
    return Testnet.open(dir)
  }

  /** Creates genesis, keys and node homes, starts every node and waits until all are connected and ready. */
  static async up (options: UpOptions): Promise<Testnet> {
    const dir = resolve(options.dir)
    const progress = options.onProgress ?? (() => {})
    if (existsSync(join(dir, 'network.json'))) {
      const existing = Testnet.open(dir)
      if (existing.network.validators.length !== options.nodes) {
        throw new TestnetError('EXISTS', `${dir} holds a ${existing.network.validators.length}-node testnet; use it, or 'testnet down --purge' first`)
      }
      progress(`restarting the existing testnet in ${dir}`)
      // Its genesis is made: new consensus rules would make another network.
      if (Object.keys(options.consensus ?? {}).length > 0 || options.lockoutFailures !== undefined) {
        progress('  (it keeps the parameters of its genesis; genesis parameters apply to a new testnet only)')
      }
      await existing.startNodes(existing.network.validators.map(v => v.index).filter(i => !existing.nodeUp(i)), options.readyTimeoutMs ?? 60_000, progress)
      return existing
    }
    const testnet = await Testnet.create(options)
    progress(`starting ${options.nodes} nodes (chain ${testnet.network.chainId}) in ${dir}`)
    await testnet.startNodes(testnet.network.validators.map(v => v.index), options.readyTimeoutMs ?? 60_000, progress)
    let release
    try {
      release = await testnet.publishDemoApp()
    } catch (err) {
      await testnet.down()
      throw err
    }
    for (const v of testnet.network.validators) {
      const url = testnet.httpUrl(v.index)
      progress(url === undefined ? `  node ${v.index}: no HTTP API` : `  node ${v.index}: API ${url}/status, metrics ${url}/metrics`)
    }
    progress(`published app release ${release.appId} ${release.version} for ${release.runtime} (sha256 ${release.checksum.slice(0, 16)}… of dist/certchain-app.mjs) at height ${release.height}`)
    return testnet
  }

  /**
   * Publishes the release of the app built in this checkout
   * (dist/certchain-app.mjs, or `artifact`), signed by the demo vendor: that
   * file passes the integrity check, any other bytes do not.
   */
  async publishDemoApp (artifact: string = artifactPath()): Promise<{ appId: string, version: string, checksum: string, runtime: string, height: number }> {
    const m = readManifest(artifact)
    const height = await this.publishRelease({ appId: m.appId, version: m.version, checksum: fromHex(m.sha256), runtime: m.runtime })
    return { appId: m.appId, version: m.version, checksum: m.sha256, runtime: m.runtime, height }
  }

  /** Publishes an app release signed by the demo vendor; resolves with its height once committed. */
  async publishRelease (release: AppRelease): Promise<number> {
    const vendor = readKeyFile(join(this.dir, demoVendorKeyFile), nodeEd25519)
    const tx = signTransaction(nodeEd25519, vendor, this.network.chainId, { kind: CertTxKind.publishAppRelease, nonce: Date.now(), payload: AppRelease.encode(release) })
    const client = await this.getClient()
    // Through a node that runs honestly: a byzantine one (a fault test's) need not relay it.
    const honest = this.network.validators.find(v => {
      const config = JSON.parse(readFileSync(join(v.home, 'config.json'), 'utf8')) as { testnet?: { byzantine?: string } }
      return config.testnet?.byzantine === undefined
    })?.index ?? 0
    const r = await client.submit(this.address(honest), tx, { wait: true, ed: nodeEd25519, set: this.set, timeoutMs: 20_000 })
    if (r.receipt === undefined) throw new TestnetError('START_FAILED', `publishing the app release ${release.appId} ${release.version}: ${r.status}`)
    if (r.receipt.resultCode !== ResultCode.ok) throw new TestnetError('START_FAILED', `publishing the app release ${release.appId} ${release.version} refused: ${new TextDecoder().decode(r.receipt.resultData)}`)
    return r.receipt.header.height
  }

  get size (): number { return this.network.validators.length }

  /** The base URL of node `index`'s HTTP API (from its config.json), or undefined when it has none. */
  httpUrl (index: number): string | undefined {
    const config = JSON.parse(readFileSync(join(this.validator(index).home, 'config.json'), 'utf8')) as { http?: { listen?: string } }
    return config.http?.listen === undefined ? undefined : `http://${config.http.listen}`
  }
  address (index: number): string { return this.validator(index).multiaddrs[0] }

  private validator (index: number): NetworkValidator {
    const v = this.network.validators[index]
    if (v === undefined) throw new TestnetError('BAD_INDEX', `no node ${index}: this testnet has nodes 0..${this.size - 1}`)
    return v
  }

  async getClient (): Promise<NodeClient> {
    this.client ??= await NodeClient.create({ timeoutMs: 3000 })
    return this.client
  }

  async close (): Promise<void> {
    await this.client?.close()
    this.client = undefined
  }

  pidOf (index: number): number | undefined {
    const path = join(this.validator(index).home, 'node.pid')
    if (!existsSync(path)) return undefined
    const pid = Number(readFileSync(path, 'utf8').trim())
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  }

  nodeUp (index: number): boolean {
    const pid = this.pidOf(index)
    return pid !== undefined && isAlive(pid)
  }

  /** Starts node `index` in the background, its output appended to its node.log. */
  spawnNode (index: number, byzantine?: ByzantineNodeMode | 'honest'): void {
    const v = this.validator(index)
    if (this.nodeUp(index)) throw new TestnetError('BAD_ARGUMENT', `node ${index} is already running (pid ${this.pidOf(index) ?? '?'})`)
    if (byzantine !== undefined) {
      const path = join(v.home, 'config.json')
      const config = JSON.parse(readFileSync(path, 'utf8')) as { testnet: { byzantine?: string } }
      if (byzantine === 'honest') delete config.testnet.byzantine
      else config.testnet.byzantine = byzantine
      writeFileSync(path, JSON.stringify(config, null, 2) + '\n')
    }
    const log = openSync(join(v.home, 'node.log'), 'a')
    try {
      // CERTCHAIN_PROFILE_DIR=dir: each node writes a V8 CPU profile there when it stops (for `testnet down`).
      const profile = process.env.CERTCHAIN_PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.CERTCHAIN_PROFILE_DIR}`]
      // CERTCHAIN_NODE_HEAP_MB=n caps each node's V8 old space (to study memory; off by default).
      const heap = [
        ...(process.env.CERTCHAIN_NODE_HEAP_MB === undefined ? [] : [`--max-old-space-size=${process.env.CERTCHAIN_NODE_HEAP_MB}`]),
        // CERTCHAIN_NODE_SEMI_SPACE_MB=n: V8's young generation semi-space cap of each node (to study memory against throughput).
        ...(process.env.CERTCHAIN_NODE_SEMI_SPACE_MB === undefined ? [] : [`--max-semi-space-size=${process.env.CERTCHAIN_NODE_SEMI_SPACE_MB}`])
      ]
      const child = spawn(nodeBinary, [...heap, ...profile, launcher, 'node', '--home', v.home], {
        detached: true, stdio: ['ignore', log, log], cwd: packageRoot
      })
      if (child.pid === undefined) throw new TestnetError('START_FAILED', `node ${index} did not start`)
      writeFileSync(join(v.home, 'node.pid'), `${child.pid}\n`)
      child.unref()
    } finally {
      closeSync(log)
    }
  }

  /**
   * Starts nodes `indexes` and waits until every node is ready. When one
   * fails (a port in use, a bad home), every node this call started is
   * stopped again, and the error says which node failed and why (the
   * `certchain: error` line of its log).
   */
  async startNodes (indexes: number[], readyTimeoutMs: number, progress: (line: string) => void = () => {}): Promise<void> {
    const started: number[] = []
    // Where each log stood before this start: a failure is told from what was written after.
    const logFrom = new Map(this.network.validators.map(v => [v.index, this.logSize(v.index)]))
    try {
      for (const i of indexes) {
        this.spawnNode(i)
        started.push(i)
      }
      await this.waitReady(readyTimeoutMs, progress)
    } catch (err) {
      const failed = this.network.validators.map(v => v.index).filter(i => !this.nodeUp(i))
      try {
        await this.stopNodes(started)
      } finally {
        await this.close()
      }
      const why = failed.map(i => `node ${i}: ${this.failureOf(i, logFrom.get(i) ?? 0)}`).join('; ')
      const stopped = `stopped the ${started.length} node${started.length === 1 ? '' : 's'} this command started`
      throw new TestnetError('START_FAILED', `${why === '' ? (err as Error).message : why}; ${stopped} (logs in ${this.dir}/node-*/node.log)`)
    }
  }

  private logSize (index: number): number {
    const path = join(this.validator(index).home, 'node.log')
    return existsSync(path) ? statSync(path).size : 0
  }

  /** Why node `index` stopped: the last `certchain:` line its log has after byte `from`, or where to look. */
  failureOf (index: number, from = 0): string {
    const path = join(this.validator(index).home, 'node.log')
    if (!existsSync(path)) return 'it did not start'
    const text = readFileSync(path).subarray(from).toString('utf8')
    const lines = text.slice(-64 * 1024).split('\n').filter(l => l.startsWith('certchain: '))
    const last = lines.at(-1)
    return last === undefined ? `it exited; see ${path}` : last.replace(/^certchain: (error: )?/, '')
  }

  /** SIGKILL: the node dies at once, mid-write if it was writing. */
  kill (index: number): boolean { return this.signal(index, 'SIGKILL') }
  /** SIGTERM: the node finishes the block in hand and stops. */
  stop (index: number): boolean { return this.signal(index, 'SIGTERM') }

  private signal (index: number, signal: NodeJS.Signals): boolean {
    const pid = this.pidOf(index)
    if (pid === undefined || !isAlive(pid)) return false
    process.kill(pid, signal)
    return true
  }

  async waitDown (index: number, timeoutMs = 15_000): Promise<void> {
    const end = Date.now() + timeoutMs
    while (this.nodeUp(index)) {
      if (Date.now() > end) throw new TestnetError('NOT_READY', `node ${index} did not stop within ${timeoutMs} ms`)
      await sleep(50)
    }
  }

  async status (index: number): Promise<NodeState> {
    const pid = this.pidOf(index)
    if (pid === undefined || !isAlive(pid)) return { index, pid, up: false }
    try {
      const client = await this.getClient()
      return { index, pid, up: true, status: await client.status(this.address(index)) }
    } catch (err) {
      return { index, pid, up: true, error: (err as Error).message }
    }
  }

  async statuses (): Promise<NodeState[]> {
    return await Promise.all(this.network.validators.map(async v => await this.status(v.index)))
  }

  /** Waits until every running node answers and is connected to (and gossiping with) every other running one. */
  async waitReady (timeoutMs: number, progress: (line: string) => void = () => {}, indexes?: number[]): Promise<void> {
    const end = Date.now() + timeoutMs
    const want = indexes ?? this.network.validators.map(v => v.index)
    let last = ''
    for (;;) {
      const states = await Promise.all(want.map(async i => await this.status(i)))
      const running = states.filter(s => s.up).length
      const ready = states.filter(s => s.status !== undefined && s.status.connectedValidators.length >= want.length - 1 && s.status.meshPeers >= want.length - 1).length
      const line = `  ${ready}/${want.length} nodes ready (${running} running)`
      if (line !== last) { progress(line); last = line }
      if (ready === want.length) return
      const dead = states.find(s => !s.up)
      if (dead !== undefined && Date.now() > end - timeoutMs + 5000) {
        throw new TestnetError('START_FAILED', `node ${dead.index} is not running; see ${join(this.validator(dead.index).home, 'node.log')}`)
      }
      if (Date.now() > end) throw new TestnetError('NOT_READY', `nodes not ready within ${timeoutMs} ms: ${line.trim()}`)
      await sleep(200)
    }
  }

  /** SIGTERM to nodes `indexes`, SIGKILL to those still up after `graceMs`; resolves once all are down. */
  private async stopNodes (indexes: number[], graceMs = 10_000): Promise<void> {
    for (const i of indexes) this.stop(i)
    const end = Date.now() + graceMs
    for (const i of indexes) {
      while (this.nodeUp(i) && Date.now() < end) await sleep(50)
      if (this.nodeUp(i)) this.kill(i)
    }
    for (const i of indexes) await this.waitDown(i)
  }

  /** Stops every node (SIGTERM, then SIGKILL after a grace period); `purge` deletes the directory. */
  async down (purge = false, graceMs = 10_000): Promise<void> {
    await this.stopDemoDevice(graceMs)
    await this.stopNodes(this.network.validators.map(v => v.index), graceMs)
    await this.close()
    if (purge) rmSync(this.dir, { recursive: true, force: true })
  }

  /** The demo's smart lock (DIR/device, started by `demo`), if it runs. */
  private async stopDemoDevice (graceMs: number): Promise<void> {
    const pidFile = join(this.dir, 'device', 'device.pid')
    if (!existsSync(pidFile)) return
    const pid = Number(readFileSync(pidFile, 'utf8'))
    if (!Number.isSafeInteger(pid) || pid <= 0 || !isAlive(pid)) return
    process.kill(pid, 'SIGTERM')
    const end = Date.now() + graceMs
    while (isAlive(pid) && Date.now() < end) await sleep(50)
    if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  }

  // ---------------------------------------------------------------- fault injection

  /** Sets, on every running node, the peers it must refuse. */
  async setBlocked (blockedOf: (index: number) => number[]): Promise<void> {
    const client = await this.getClient()
    await Promise.all(this.network.validators.map(async v => {
      if (!this.nodeUp(v.index)) return
      const issuedMs = Math.max(Date.now(), ++this.controlClock)
      this.controlClock = issuedMs
      const blockedPeers = blockedOf(v.index).map(i => this.validator(i).peerId)
      const unsigned = ControlRequest.encode({ blockedPeers, signature: new Uint8Array(0), issuedMs })
      const signature = signTagged(nodeEd25519, this.operator, SignTag.testnetControl, this.network.chainId, unsigned)
      const stream = await client.libp2p.dialProtocol(multiaddr(this.address(v.index)), ProtocolId.control, { signal: AbortSignal.timeout(3000) })
      const r = decodeControlResponse(await exchange(stream, ControlRequest.encode({ blockedPeers, signature, issuedMs }), 4096, 3000))
      if (r.status !== Status.OK) throw new TestnetError('BAD_ARGUMENT', `node ${v.index} refused the fault: ${r.error}`)
    }))
  }

  private controlClock = 0

  /** Cuts node `index` off from every other validator. */
  async isolate (index: number): Promise<void> {
    this.validator(index)
    await this.setBlocked(i => i === index ? this.others(index) : [index])
  }

  /** Splits the validators into groups that cannot talk to each other. */
  async partition (groups: number[][]): Promise<void> {
    const seen = new Set<number>()
    for (const g of groups) for (const i of g) { this.validator(i); if (seen.has(i)) throw new TestnetError('BAD_ARGUMENT', `node ${i} in two groups`); seen.add(i) }
    const groupOf = (i: number): number => groups.findIndex(g => g.includes(i))
    await this.setBlocked(i => this.network.validators.map(v => v.index).filter(j => j !== i && groupOf(j) !== groupOf(i)))
  }

  async heal (): Promise<void> { await this.setBlocked(() => []) }

  private others (index: number): number[] { return this.network.validators.map(v => v.index).filter(i => i !== index) }
}

export const sleep = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }
