// The genesis document: the chain id, the validator set and the chain-wide
// parameters every node must agree on. It is a JSON file an operator can
// read; its hash is over a canonical JSON form (sorted keys, no spaces), so
// formatting does not change it.
import { fromHex, toHex, utf8 } from './bytes.ts'
import { validatorCountMax, vendorCountMax } from './constants.ts'
import { GenesisError } from './errors.ts'
import { HashTag, taggedHash } from './hash.ts'
import { isValidChainId } from './sign.ts'

export interface GenesisValidator {
  name: string
  /** Ed25519 public key, hex; also the validator's libp2p identity. */
  publicKey: string
}

/** A maker of devices and apps: signs app releases and attests device keys. */
export interface GenesisVendor {
  name: string
  /** Ed25519 public key, hex. */
  publicKey: string
}

export interface GenesisParams {
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

export const defaultGenesisParams: GenesisParams = { lockoutFailures: 5 }

function invalid (what: string): never { throw new GenesisError('INVALID_GENESIS', what) }

/** `[{name, publicKey}]` entries (validators, vendors): named 1-64 characters, 64 hex digits, keys distinct. */
function parseKeyedEntries (list: unknown[], field: string): Array<{ name: string, publicKey: string }> {
  const seen = new Set<string>()
  return list.map((v: unknown, i: number) => {
    const e = v as Record<string, unknown>
    if (typeof e !== 'object' || e === null) invalid(`${field}[${i}]: expected an object`)
    if (typeof e.name !== 'string' || e.name.length < 1 || e.name.length > 64) invalid(`${field}[${i}].name: 1-64 characters`)
    if (typeof e.publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(e.publicKey)) invalid(`${field}[${i}].publicKey: 64 hex digits`)
    if (seen.has(e.publicKey)) invalid(`${field}[${i}].publicKey: duplicate`)
    seen.add(e.publicKey)
    return { name: e.name, publicKey: e.publicKey }
  })
}

/** Validates an untrusted JSON value as a genesis document. */
export function parseGenesis (value: unknown): Genesis {
  if (typeof value !== 'object' || value === null) invalid('expected an object')
  const g = value as Record<string, unknown>
  if (typeof g.chainId !== 'string' || !isValidChainId(g.chainId)) invalid('chainId: lower-case letters, digits and dashes, 1-64')
  if (!Number.isSafeInteger(g.genesisTimeMs) || (g.genesisTimeMs as number) < 0) invalid('genesisTimeMs: a non-negative integer')
  if (!Array.isArray(g.validators) || g.validators.length < 1 || g.validators.length > validatorCountMax) {
    invalid(`validators: 1 to ${validatorCountMax} entries`)
  }
  const validators = parseKeyedEntries(g.validators, 'validators')
  const vendorList = g.vendors ?? []
  if (!Array.isArray(vendorList) || vendorList.length > vendorCountMax) invalid(`vendors: at most ${vendorCountMax} entries`)
  const vendors = parseKeyedEntries(vendorList, 'vendors')
  const p = (g.params ?? {}) as Record<string, unknown>
  const lockoutFailures = p.lockoutFailures ?? defaultGenesisParams.lockoutFailures
  if (!Number.isSafeInteger(lockoutFailures) || (lockoutFailures as number) < 1 || (lockoutFailures as number) > 1000) {
    invalid('params.lockoutFailures: 1 to 1000')
  }
  return { chainId: g.chainId, genesisTimeMs: g.genesisTimeMs as number, validators, vendors, params: { lockoutFailures: lockoutFailures as number } }
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

export function makeGenesis (chainId: string, publicKeys: Uint8Array[], genesisTimeMs: number,
  params: GenesisParams = defaultGenesisParams, vendors: GenesisVendor[] = []): Genesis {
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
