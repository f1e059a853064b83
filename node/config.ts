// A node's home directory:
//   node.key      libp2p Ed25519 private key (protobuf), also the validator key
//   genesis.json  the chain's genesis (identical on every node): validators,
//                 vendors and the consensus rules every validator shares
//   config.json   what this node chooses for itself: listen and announce
//                 addresses, extra validator peers, its limits and timing,
//                 log level, testnet
//   validator.json  the validator entry `node init` printed (genesis ceremony)
//   chain/        the WORM chain store
//   safety.a/.b   the replica's safety record (view, votes), see safety-store.ts
import { closeSync, existsSync, fchmodSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf, publicKeyFromRaw } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { peerIdFromPrivateKey, peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { networkFileOf } from '../protocols/ceremony.ts'
import { validatorCountMax } from '../protocols/constants.ts'
import { genesisConsensusParamNames, parseGenesis, validatorPublicKeys, type Genesis } from '../protocols/genesis.ts'
import { describeValue, integerIn, isPlainObject, type IntegerRange } from '../protocols/validate.ts'
import { nodeByzantineModes } from '../consensus/byzantine.ts'
import type { ConsensusParams } from '../consensus/constants.ts'
import * as L from './constants.ts'
import { ConfigError } from './errors.ts'
import { consensusParamsOf, nodeLimitNames, nodeTimingNames, type NodeLimits, type NodeTiming } from './params.ts'

export { ConfigError }

export interface TestnetSettings {
  /** Hex Ed25519 public key of the testnet operator: the only one allowed to inject faults. */
  operatorPublicKey: string
  /** Start as a byzantine validator (testnet only). */
  byzantine?: typeof nodeByzantineModes[number]
}

export type LogLevel = typeof L.logLevels[number]

/**
 * config.json: what this node chooses for itself. The consensus rules every
 * validator must share are in genesis.json (`params`), never here.
 */
export interface NodeConfig {
  listen: string[]
  /**
   * The addresses others reach this node at, when they differ from where it
   * listens (0.0.0.0, a NAT, a container): told to peers through identify.
   */
  announce?: string[]
  /**
   * Multiaddrs (with /p2p/<PeerId>) of other validators, besides the
   * addresses the genesis gives for them: for a validator whose genesis
   * entry has none, or a new address before the genesis knows it.
   */
  peers: string[]
  /** This node's memory bounds (defaults in consensus/constants.ts). */
  limits?: Partial<NodeLimits>
  /** How often this node re-sends, re-asks and announces. */
  timing?: Partial<NodeTiming>
  testnet?: TestnetSettings
  logLevel?: LogLevel
  /** The read-only HTTP API (node/services/http.ts): off unless set; `listen` is HOST:PORT, an IP address (127.0.0.1 keeps it on this host). */
  http?: {
    listen: { host: string, port: number }
    requestsPerMinutePerClient?: number
    /** libp2p's own metrics (connections, streams by protocol, bytes) at /metrics too (default true); false leaves out their per-stream bookkeeping. */
    libp2pMetrics?: boolean
  }
}

export const homePaths = (home: string): Record<'key' | 'genesis' | 'config' | 'entry' | 'chain' | 'safety' | 'state' | 'log' | 'pid', string> => ({
  key: join(home, 'node.key'),
  entry: join(home, 'validator.json'),
  genesis: join(home, 'genesis.json'),
  config: join(home, 'config.json'),
  chain: join(home, 'chain'),
  safety: join(home, 'safety'),
  state: join(home, 'state'),
  log: join(home, 'node.log'),
  pid: join(home, 'node.pid')
})

function readJson (path: string, what: string): unknown {
  if (!existsSync(path)) throw new ConfigError(`missing ${what}: ${path}`)
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new ConfigError(`${what} ${path} is not valid JSON: ${(err as Error).message}`)
  }
}

const configFields = ['listen', 'announce', 'peers', 'limits', 'timing', 'logLevel', 'http', 'testnet']
const genesisNames = genesisConsensusParamNames as readonly string[]

function fail (field: string, what: string): never {
  throw new ConfigError(`${field}: ${what}`, { field })
}

/** A consensus parameter in config.json: say where each of its keys lives now. */
function movedToGenesis (field: string, names: string[]): never {
  const shared = names.filter(n => genesisNames.includes(n))
  const limits = names.filter(n => (nodeLimitNames as string[]).includes(n))
  const timing = names.filter(n => (nodeTimingNames as string[]).includes(n))
  const verb = (list: string[], one: string, many: string): string => `${list.join(', ')} ${list.length === 1 ? one : many}`
  const where = [
    shared.length > 0 ? `${verb(shared, 'now lives', 'now live')} in genesis.json "params" (every validator must hold the same values: ` +
      'the network needs a new genesis to change them)' : '',
    limits.length > 0 ? `${verb(limits, 'goes', 'go')} under config.json "limits"` : '',
    timing.length > 0 ? `${verb(timing, 'goes', 'go')} under config.json "timing"` : ''
  ].filter(x => x !== '')
  throw new ConfigError(`${field}: consensus parameters are no longer read from config.json: ` +
    `${where.length > 0 ? where.join('; ') : `those every validator shares live in genesis.json "params"`}`, { code: 'GENESIS_PARAMETER', field })
}

function addresses (value: unknown, field: string, countMax: number, withPeerId: boolean): string[] {
  const example = withPeerId ? '/ip4/10.0.0.2/tcp/4001/p2p/12D3KooW...' : '/ip4/0.0.0.0/tcp/4001'
  if (!Array.isArray(value) || value.length > countMax) fail(field, `${describeValue(value)} is not allowed: a list of at most ${countMax} multiaddrs`)
  const seen = new Set<string>()
  return value.map((s: unknown, i: number) => {
    const at = `${field}[${i}]`
    if (typeof s !== 'string') fail(at, `${describeValue(s)} is not allowed: a multiaddr such as ${example}`)
    let components
    try {
      components = multiaddr(s).getComponents()
    } catch {
      fail(at, `${describeValue(s)} is not a multiaddr; expected one such as ${example}`)
    }
    const p2p = components.filter(c => c.name === 'p2p')
    if (withPeerId) {
      // The host dials the address without its /p2p part and checks the PeerId it reaches: it needs both.
      if (p2p.length !== 1 || components.length < 2 || components[components.length - 1].name !== 'p2p') {
        fail(at, `${describeValue(s)} is not allowed: a validator's address ending in /p2p/<PeerId>, such as ${example}`)
      }
      try { peerIdFromString(p2p[0].value ?? '') } catch { fail(at, `${describeValue(p2p[0].value)} is not a PeerId`) }
      const id = p2p[0].value ?? ''
      if (seen.has(id)) fail(at, `PeerId ${id} is listed twice`)
      seen.add(id)
    } else if (p2p.length > 0) {
      fail(at, `${describeValue(s)} is not allowed: a listen address names no PeerId (the node's is its key's)`)
    }
    return s
  })
}

/** `limits` or `timing`: known names only, each within its range; a consensus parameter is sent to the genesis. */
function integers<K extends string> (value: unknown, field: string, ranges: Record<K, IntegerRange>): Partial<Record<K, number>> {
  if (!isPlainObject(value)) fail(field, `${describeValue(value)} is not allowed: an object {${Object.keys(ranges).join(', ')}}`)
  const out: Partial<Record<K, number>> = {}
  for (const [key, v] of Object.entries(value)) {
    if (genesisNames.includes(key)) movedToGenesis(`${field}.${key}`, [key])
    if (!(key in ranges)) fail(`${field}.${key}`, `not a setting of ${field}; it has ${Object.keys(ranges).join(', ')}`)
    out[key as K] = integerIn(v, ranges[key as K], m => fail(`${field}.${key}`, m))
  }
  return out
}

function testnetSettings (value: unknown): TestnetSettings {
  const field = 'config.testnet'
  if (!isPlainObject(value)) fail(field, `${describeValue(value)} is not allowed: an object {operatorPublicKey, byzantine?}`)
  for (const key of Object.keys(value)) {
    if (key !== 'operatorPublicKey' && key !== 'byzantine') fail(`${field}.${key}`, 'not a testnet setting; it has operatorPublicKey, byzantine')
  }
  if (typeof value.operatorPublicKey !== 'string' || !/^[0-9a-f]{64}$/.test(value.operatorPublicKey)) {
    fail(`${field}.operatorPublicKey`, `${describeValue(value.operatorPublicKey)} is not allowed: 64 lower-case hex digits (an Ed25519 public key)`)
  }
  const settings: TestnetSettings = { operatorPublicKey: value.operatorPublicKey }
  if (value.byzantine !== undefined) {
    if (!(nodeByzantineModes as readonly unknown[]).includes(value.byzantine)) {
      fail(`${field}.byzantine`, `${describeValue(value.byzantine)} is not allowed: one of ${nodeByzantineModes.join(', ')}`)
    }
    settings.byzantine = value.byzantine as TestnetSettings['byzantine']
  }
  return settings
}

/** Validates an untrusted JSON value as a node's config.json: every field, and no field it does not know. */
function httpSettings (value: unknown): NonNullable<NodeConfig['http']> {
  if (!isPlainObject(value)) fail('config.http', `${describeValue(value)} is not allowed: {"listen": "127.0.0.1:8080"}`)
  const keys = ['listen', 'requestsPerMinutePerClient', 'libp2pMetrics']
  for (const key of Object.keys(value)) if (!keys.includes(key)) fail(`config.http.${key}`, `not an http setting; it has ${keys.join(', ')}`)
  if (value.libp2pMetrics !== undefined && typeof value.libp2pMetrics !== 'boolean') fail('config.http.libp2pMetrics', `${describeValue(value.libp2pMetrics)} is not allowed: true or false`)
  const rate = value.requestsPerMinutePerClient === undefined
    ? undefined
    : integerIn(value.requestsPerMinutePerClient, { min: 1, max: 10_000_000, unit: 'requests a minute' }, m => fail('config.http.requestsPerMinutePerClient', m))
  const m = typeof value.listen === 'string' ? /^(?:\[([0-9a-fA-F:]+)\]|(\d{1,3}(?:\.\d{1,3}){3})):(\d{1,5})$/.exec(value.listen) : null
  const port = m === null ? -1 : Number(m[3])
  if (m === null || port < 0 || port > 65535 || (m[2] !== undefined && m[2].split('.').some(o => Number(o) > 255))) {
    fail('config.http.listen', `${describeValue(value.listen)} is not allowed: IPV4:PORT or [IPV6]:PORT, e.g. 127.0.0.1:8080 (this host only) or 0.0.0.0:8080`)
  }
  return {
    listen: { host: m[1] ?? m[2], port },
    ...(rate === undefined ? {} : { requestsPerMinutePerClient: rate }),
    ...(value.libp2pMetrics === undefined ? {} : { libp2pMetrics: value.libp2pMetrics as boolean })
  }
}

export function parseConfig (value: unknown): NodeConfig {
  if (!isPlainObject(value)) fail('config', `${describeValue(value)} is not allowed: an object {${configFields.join(', ')}}`)
  const c = value
  if (c.consensus !== undefined) movedToGenesis('config.consensus', isPlainObject(c.consensus) ? Object.keys(c.consensus) : [])
  for (const key of Object.keys(c)) {
    if (genesisNames.includes(key)) movedToGenesis(`config.${key}`, [key])
    if (!configFields.includes(key)) fail(`config.${key}`, `not a config field; config.json has ${configFields.join(', ')}`)
  }
  const config: NodeConfig = {
    listen: addresses(c.listen, 'config.listen', L.listenAddressesMax, false),
    peers: addresses(c.peers ?? [], 'config.peers', validatorCountMax - 1, true)
  }
  if (config.listen.length === 0) fail('config.listen', 'an empty list is not allowed: at least one address to listen on')
  if (c.announce !== undefined) config.announce = addresses(c.announce, 'config.announce', L.listenAddressesMax, false)
  if (c.limits !== undefined) config.limits = integers(c.limits, 'config.limits', L.configLimitRanges)
  if (c.timing !== undefined) config.timing = integers(c.timing, 'config.timing', L.configTimingRanges)
  if (c.logLevel !== undefined) {
    if (!(L.logLevels as readonly unknown[]).includes(c.logLevel)) fail('config.logLevel', `${describeValue(c.logLevel)} is not allowed: one of ${L.logLevels.join(', ')}`)
    config.logLevel = c.logLevel as LogLevel
  }
  if (c.http !== undefined) config.http = httpSettings(c.http)
  if (c.testnet !== undefined) config.testnet = testnetSettings(c.testnet)
  return config
}

/** The config's peers must be the genesis's other validators: the host treats every one of them as a validator. */
export function checkPeersAgainstGenesis (config: NodeConfig, genesis: Genesis, self: string): void {
  const validators = validatorPublicKeys(genesis).map(k => peerIdFromPublicKey(publicKeyFromRaw(k)).toString())
  config.peers.forEach((address, i) => {
    const id = multiaddr(address).getComponents().find(c => c.name === 'p2p')?.value ?? ''
    if (id === self) fail(`config.peers[${i}]`, `${id} is this node's own PeerId; list the other validators`)
    if (!validators.includes(id)) {
      fail(`config.peers[${i}]`, `${id} is not a validator of genesis.json (its validators: ${validators.join(', ')})`)
    }
  })
}

/**
 * The addresses this node dials to reach the other validators: those the
 * genesis gives for each (with /p2p/<PeerId> added), then config.json's
 * `peers`.
 */
export function validatorPeersOf (genesis: Genesis, config: NodeConfig, self: string): string[] {
  const fromGenesis = networkFileOf(genesis).validators.flatMap(v => v.peerId === self ? [] : v.multiaddrs)
  return [...new Set([...fromGenesis, ...config.peers])]
}

/**
 * The node key must be readable by its owner only: whoever reads it signs
 * as this validator. A key left readable by group or others (a copy, an
 * archive restored with another umask) is refused with the fix.
 */
export function checkKeyMode (path: string): void {
  if (process.platform === 'win32') return
  const mode = statSync(path).mode & 0o777
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`node key ${path} is readable by others (mode ${mode.toString(8).padStart(4, '0')}): whoever reads it signs as this validator; ` +
      `make it the owner's only with: chmod 600 ${path}`, { code: 'KEY_EXPOSED' })
  }
}

export interface Home {
  dir: string
  key: PrivateKey
  genesis: Genesis
  config: NodeConfig
  /** The replica's parameters: the genesis's consensus rules and this node's limits and timing (node/params.ts). */
  params: ConsensusParams
}

export function loadHome (dir: string): Home {
  const p = homePaths(dir)
  if (!existsSync(dir)) throw new ConfigError(`no node home at ${dir} (create one with: certchain node init --home ${dir})`)
  if (!existsSync(p.key)) throw new ConfigError(`missing node key: ${p.key}`)
  checkKeyMode(p.key)
  if (!existsSync(p.genesis)) {
    throw new ConfigError(`no genesis in ${dir} yet: install the network's with certchain node init --home ${dir} --genesis FILE --genesis-hash HASH ` +
      '(docs/OPERATIONS.md, the genesis ceremony)')
  }
  let key: PrivateKey
  try {
    key = privateKeyFromProtobuf(readFileSync(p.key))
  } catch (err) {
    throw new ConfigError(`node key ${p.key} is unreadable: ${(err as Error).message}`)
  }
  if (key.type !== 'Ed25519') throw new ConfigError('the node key must be Ed25519')
  let genesis: Genesis
  try {
    genesis = parseGenesis(readJson(p.genesis, 'genesis'))
  } catch (err) {
    if (err instanceof ConfigError) throw err
    throw new ConfigError(`genesis ${p.genesis}: ${(err as Error).message}`)
  }
  const config = inFile(p.config, () => {
    const parsed = parseConfig(readJson(p.config, 'config'))
    checkPeersAgainstGenesis(parsed, genesis, peerIdFromPrivateKey(key).toString())
    return parsed
  })
  const params = inFile(p.config, () => consensusParamsOf(genesis, config))
  return { dir, key, genesis, config, params }
}

/** Runs `read`; a ConfigError it throws gets the file's path in front of its message. */
function inFile<T> (path: string, read: () => T): T {
  try {
    return read()
  } catch (err) {
    if (err instanceof ConfigError && !err.message.includes(path)) throw new ConfigError(`${path}: ${err.message}`, { code: err.code, field: err.field })
    throw err
  }
}

/**
 * Makes a node key at `path`, mode 0600 whatever the umask, and never over
 * an existing one: the file is written under a temporary name and linked
 * into place, which fails if a key is there already (another init at the
 * same moment, a key restored meanwhile). The directory is fsynced, so a
 * key whose entry was handed out survives a crash.
 */
export async function createNodeKey (path: string): Promise<PrivateKey> {
  const key = await generateKeyPair('Ed25519')
  const tmp = `${path}.tmp`
  rmSync(tmp, { force: true })
  const fd = openSync(tmp, 'wx', 0o600)
  try {
    fchmodSync(fd, 0o600)
    writeSync(fd, privateKeyToProtobuf(key))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(tmp, path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ConfigError(`${path} exists: a node key is never replaced`, { code: 'KEY_EXISTS' })
    throw err
  } finally {
    rmSync(tmp, { force: true })
  }
  const dir = openSync(dirname(path), 'r')
  try { fsyncSync(dir) } finally { closeSync(dir) }
  return key
}

/** Raw 32-byte Ed25519 seed of a libp2p key: the validator's signing key. */
export const seedOf = (key: PrivateKey): Uint8Array => key.raw.subarray(0, 32)
export const publicKeyOf = (key: PrivateKey): Uint8Array => key.publicKey.raw

/** Write to a temporary file, fsync, rename: the file is either old or new, never torn. */
export function writeFileAtomic (path: string, data: Uint8Array | string, mode = 0o644): void {
  const tmp = `${path}.tmp`
  const fd = openSync(tmp, 'w', mode)
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
}

export function ensureDir (dir: string): void { mkdirSync(dir, { recursive: true }) }
