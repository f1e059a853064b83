// The genesis document: the chain id, the validator set, the vendors and the
// chain-wide parameters every node must agree on, the consensus rules among
// them. It is a JSON file an operator can read; its hash is over a canonical
// JSON form (sorted keys, no spaces, every default filled in), so formatting
// does not change it and every rule in force is covered by it.
import { multiaddr } from '@multiformats/multiaddr'
import { fromHex, toHex, utf8 } from './bytes.ts'
import { genesisParamLimits, validatorAddressBytesMax, validatorAddressesMax, validatorCountMax, vendorCountMax } from './constants.ts'
import { GenesisError } from './errors.ts'
import { HashTag, taggedHash } from './hash.ts'
import { isValidChainId } from './sign.ts'
import { describeValue, integerIn, isPlainObject } from './validate.ts'

export interface GenesisValidator {
  name: string
  /** Ed25519 public key, hex; also the validator's libp2p identity. */
  publicKey: string
  /**
   * Where the other validators and the clients reach it: multiaddrs
   * `/ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>`, without /p2p (the PeerId
   * is the key's). Left out when empty, so a genesis without addresses
   * hashes as it did before they existed.
   */
  addresses?: string[]
}

/** A maker of devices and apps: signs app releases and attests device keys. */
export interface GenesisVendor {
  name: string
  /** Ed25519 public key, hex. */
  publicKey: string
}

/**
 * The consensus rules every validator applies to every other's messages
 * (defaults and ranges in protocols/constants.ts `genesisParamLimits`).
 * Validators that disagree on one of them refuse each other's proposals,
 * never make the same checkpoint stable, or never time out together, so they
 * are in the genesis, where the genesis hash covers them, and never in a
 * node's own config. The consensus core's own type (consensus/constants.ts
 * `ConsensusParams`) adds what each node may choose for itself: memory
 * bounds and how often it re-sends, re-asks and announces.
 */
export interface GenesisConsensusParams {
  /** Transactions per block: a follower refuses a proposal with more. */
  blockTxCountMax: number
  /** Encoded transaction bytes per block: the primary's batch bound. */
  blockTxBytesMax: number
  /** Heights between checkpoints: a checkpoint is stable when 2f+1 replicas signed the same height. */
  checkpointIntervalBlocks: number
  /** The high watermark: proposals more than this above the last stable checkpoint are ignored. */
  windowBlocks: number
  /** How far in the future, by the follower's clock, a block timestamp may be. */
  timestampDriftMaxMs: number
  /** Wait for progress on pending work before asking for a new view. */
  viewTimeoutMs: number
  /** Cap of the exponential back-off of the view timeout. */
  viewTimeoutMaxMs: number
}

export const genesisConsensusParamNames = [
  'blockTxCountMax', 'blockTxBytesMax', 'checkpointIntervalBlocks', 'windowBlocks', 'timestampDriftMaxMs', 'viewTimeoutMs', 'viewTimeoutMaxMs'
] as const satisfies ReadonlyArray<keyof GenesisConsensusParams>

export interface GenesisParams extends GenesisConsensusParams {
  /** Consecutive failed attempts that lock a registration. */
  lockoutFailures: number
}

export interface Genesis {
  chainId: string
  genesisTimeMs: number
  validators: GenesisValidator[]
  vendors: GenesisVendor[]
  params: GenesisParams
}

type ParamName = keyof typeof genesisParamLimits
const paramNames = Object.keys(genesisParamLimits) as ParamName[]
// A compile-time check: every parameter has its limits, and every limit is a parameter.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
void (true satisfies Same<ParamName, keyof GenesisParams>)
void (true satisfies Same<typeof genesisConsensusParamNames[number] | 'lockoutFailures', keyof GenesisParams>)

export const defaultGenesisParams: GenesisParams = Object.fromEntries(paramNames.map(k => [k, genesisParamLimits[k].default])) as unknown as GenesisParams

const genesisFields = ['chainId', 'genesisTimeMs', 'validators', 'vendors', 'params']

function invalid (field: string | undefined, what: string): never {
  throw new GenesisError('INVALID_GENESIS', field === undefined ? what : `${field}: ${what}`, field)
}

/**
 * `[{name, publicKey, ...}]` entries (validators, vendors): named 1-64
 * characters, names and keys distinct, no field but those listed: an
 * unknown one (a misspelt `adresses`) is refused, never dropped unseen.
 */
function parseKeyedEntries (list: unknown[], field: string, fields: string[]): Array<Record<string, unknown> & { name: string, publicKey: string }> {
  const keys = new Set<string>()
  const names = new Set<string>()
  return list.map((e: unknown, i: number) => {
    const at = `${field}[${i}]`
    if (!isPlainObject(e)) invalid(at, `${describeValue(e)} is not allowed: an object {${fields.join(', ')}}`)
    for (const key of Object.keys(e)) if (!fields.includes(key)) invalid(`${at}.${key}`, `not a field of ${field}; an entry has ${fields.join(', ')}`)
    if (typeof e.name !== 'string' || e.name.length < 1 || e.name.length > 64) invalid(`${at}.name`, `${describeValue(e.name)} is not allowed: 1-64 characters`)
    if (names.has(e.name)) invalid(`${at}.name`, `${JSON.stringify(e.name)} is listed twice: names must be distinct`)
    names.add(e.name)
    if (typeof e.publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(e.publicKey)) {
      invalid(`${at}.publicKey`, `${describeValue(e.publicKey)} is not allowed: 64 lower-case hex digits (an Ed25519 public key)`)
    }
    if (keys.has(e.publicKey)) invalid(`${at}.publicKey`, `${e.publicKey} is listed twice: keys must be distinct`)
    keys.add(e.publicKey)
    return { ...e, name: e.name, publicKey: e.publicKey }
  })
}

const addressProtocols = ['ip4', 'ip6', 'dns', 'dns4', 'dns6']
const unspecifiedHosts = ['0.0.0.0', '::']

/**
 * One address a validator announces: host and TCP port, nothing else.
 * Returns the message of what is wrong, or undefined when it is allowed.
 */
/** A host name as DNS has it (RFC 1123 labels), at most 253 characters; a trailing dot is not part of it. */
const dnsNamePattern = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

export function validatorAddressProblem (value: unknown): string | undefined {
  const example = '/dns4/node0.example.org/tcp/4001 or /ip4/203.0.113.7/tcp/4001'
  if (typeof value !== 'string' || value.length > validatorAddressBytesMax) {
    return `${describeValue(value)} is not allowed: a multiaddr of at most ${validatorAddressBytesMax} characters such as ${example}`
  }
  let components
  try {
    components = multiaddr(value).getComponents()
  } catch {
    return `${describeValue(value)} is not a multiaddr; expected one such as ${example}`
  }
  if (components.length !== 2 || !addressProtocols.includes(components[0].name) || components[1].name !== 'tcp') {
    return `${describeValue(value)} is not allowed: /${addressProtocols.join('|')}/<host>/tcp/<port> and nothing else ` +
      '(no /p2p: the PeerId is the validator\'s key\'s), such as ' + example
  }
  // One spelling per address: a trailing slash, upper-case IPv6 or a leading zero would pass the parser and then
  // break the /p2p suffix or dodge the duplicate check; the canonical form is what every node and client dials.
  const canonical = multiaddr(value).toString()
  if (canonical !== value) return `${describeValue(value)} is not allowed: write it as ${canonical}`
  const host = components[0].value ?? ''
  if (components[0].name.startsWith('dns') && host !== host.toLowerCase()) {
    return `${describeValue(value)} is not allowed: write it in lower case (DNS names are case-blind), as ${value.replace(host, host.toLowerCase())}`
  }
  if (components[0].name.startsWith('dns') && !dnsNamePattern.test(host)) {
    return `${describeValue(value)} is not allowed: ${JSON.stringify(host)} is not a DNS name (labels of letters, digits and hyphens, dot-separated, at most 253 characters)`
  }
  if (unspecifiedHosts.includes(components[0].value ?? '')) {
    return `${describeValue(value)} is not allowed: ${components[0].value ?? ''} is where a node listens, not an address others can dial; announce the host's own address`
  }
  if (Number(components[1].value) === 0) return `${describeValue(value)} is not allowed: port 0 is not an address others can dial`
  return undefined
}

function parseValidators (list: unknown[]): GenesisValidator[] {
  const seen = new Map<string, string>()
  return parseKeyedEntries(list, 'validators', ['name', 'publicKey', 'addresses']).map((e, i) => {
    const v: GenesisValidator = { name: e.name, publicKey: e.publicKey }
    if (e.addresses === undefined) return v
    const at = `validators[${i}].addresses`
    if (!Array.isArray(e.addresses) || e.addresses.length > validatorAddressesMax) {
      invalid(at, `${describeValue(e.addresses)} is not allowed: a list of at most ${validatorAddressesMax} multiaddrs`)
    }
    const addresses = e.addresses.map((a: unknown, j: number) => {
      const problem = validatorAddressProblem(a)
      if (problem !== undefined) invalid(`${at}[${j}]`, problem)
      const owner = seen.get(a as string)
      if (owner !== undefined) invalid(`${at}[${j}]`, `${a as string} is also the address of ${owner}: each address is one validator's`)
      seen.set(a as string, e.name)
      return a as string
    })
    if (addresses.length > 0) v.addresses = addresses
    return v
  })
}

/**
 * Each parameter within its range, a missing one at its default, nothing
 * else: a misspelt name would otherwise leave its default in force unseen.
 */
export function parseParams (value: unknown): GenesisParams {
  const p = value ?? {}
  if (!isPlainObject(p)) invalid('params', `${describeValue(p)} is not allowed: an object of parameters`)
  for (const key of Object.keys(p)) {
    if (!(paramNames as string[]).includes(key)) {
      invalid(`params.${key}`, `not a genesis parameter; a genesis sets ${paramNames.join(', ')} ` +
        '(node-local settings such as mempool bounds belong in each node\'s config.json)')
    }
  }
  const out: Record<string, number> = {}
  for (const name of paramNames) {
    const limit = genesisParamLimits[name]
    out[name] = p[name] === undefined ? limit.default : integerIn(p[name], limit, m => invalid(`params.${name}`, m))
  }
  const params = out as unknown as GenesisParams
  // The relations the consensus core asserts (consensus/constants.ts checkParams), said here in the genesis's terms.
  if (params.viewTimeoutMaxMs < params.viewTimeoutMs) {
    invalid('params.viewTimeoutMaxMs', `${params.viewTimeoutMaxMs} is not allowed: at least params.viewTimeoutMs (${params.viewTimeoutMs}), ` +
      'the first timeout of the back-off it caps')
  }
  if (params.windowBlocks < 2 * params.checkpointIntervalBlocks) {
    invalid('params.windowBlocks', `${params.windowBlocks} is not allowed: at least 2 × params.checkpointIntervalBlocks ` +
      `(${2 * params.checkpointIntervalBlocks}), so that a primary can propose past a checkpoint while it becomes stable`)
  }
  return params
}

/** Validates an untrusted JSON value as a genesis document; parameters it leaves out get their defaults. */
export function parseGenesis (value: unknown): Genesis {
  if (!isPlainObject(value)) invalid(undefined, `${describeValue(value)} is not a genesis: expected an object {${genesisFields.join(', ')}}`)
  const g = value
  for (const key of Object.keys(g)) {
    if (!genesisFields.includes(key)) invalid(key, `not a genesis field; a genesis has ${genesisFields.join(', ')}`)
  }
  if (typeof g.chainId !== 'string' || !isValidChainId(g.chainId)) {
    invalid('chainId', `${describeValue(g.chainId)} is not allowed: 1-64 lower-case letters, digits and dashes, not starting with a dash`)
  }
  const genesisTimeMs = integerIn(g.genesisTimeMs, { min: 0, max: Number.MAX_SAFE_INTEGER, unit: 'ms since 1970' }, m => invalid('genesisTimeMs', m))
  if (!Array.isArray(g.validators) || g.validators.length < 1 || g.validators.length > validatorCountMax) {
    invalid('validators', `${describeValue(g.validators)} is not allowed: a list of 1 to ${validatorCountMax} validators`)
  }
  const validators = parseValidators(g.validators)
  const vendorList = g.vendors ?? []
  if (!Array.isArray(vendorList) || vendorList.length > vendorCountMax) {
    invalid('vendors', `${describeValue(vendorList)} is not allowed: a list of at most ${vendorCountMax} vendors`)
  }
  const vendors = parseKeyedEntries(vendorList, 'vendors', ['name', 'publicKey']).map(e => ({ name: e.name, publicKey: e.publicKey }))
  return { chainId: g.chainId, genesisTimeMs, validators, vendors, params: parseParams(g.params) }
}

/** JSON with object keys sorted at every level and no insignificant space. */
export function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new TypeError('canonical JSON holds integers only')
  return JSON.stringify(value)
}

export function genesisHash (genesis: Genesis): Uint8Array {
  return taggedHash(HashTag.genesis, utf8(canonicalJson(genesis)))
}

/** A genesis of these validators (named validator-<i>); parameters left out get their defaults. */
export function makeGenesis (chainId: string, publicKeys: Uint8Array[], genesisTimeMs: number,
  params: Partial<GenesisParams> = {}, vendors: GenesisVendor[] = []): Genesis {
  return parseGenesis({
    chainId,
    genesisTimeMs,
    validators: publicKeys.map((k, i) => ({ name: `validator-${i}`, publicKey: toHex(k) })),
    vendors,
    params
  })
}

/** Vendors allowed to publish app releases and attest devices. */
export const vendorPublicKeys = (genesis: Genesis): Uint8Array[] => genesis.vendors.map(v => fromHex(v.publicKey))

export const validatorPublicKeys = (genesis: Genesis): Uint8Array[] => genesis.validators.map(v => fromHex(v.publicKey))
