// The genesis ceremony: how independent operators make one genesis without
// trusting each other's machines. Each operator makes its node key on its
// own host and hands out a validator entry (name, public key, PeerId and the
// addresses it announces); a coordinator collects them into a draft (chain
// id, consensus parameters and lock-out policy, vendors), finalizes it into
// the genesis and publishes its hash; every operator checks that hash
// before installing the file. Pure functions over JSON documents: the CLI
// (cli/genesis.ts, cli/node-run.ts) does the files, and `testnet up`
// (testnet/testnet.ts) makes its genesis through these same steps, so the
// two give byte-identical files for the same inputs.
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { ed25519 } from '@noble/curves/ed25519.js'
import { multiaddr } from '@multiformats/multiaddr'
import { fromHex, toHex } from './bytes.ts'
import { CeremonyError, GenesisError } from './errors.ts'
import { defaultGenesisParams, genesisHash, parseGenesis, parseParams, validatorAddressProblem, type Genesis, type GenesisParams, type GenesisValidator, type GenesisVendor } from './genesis.ts'
import { isValidChainId } from './sign.ts'
import { describeValue, isPlainObject } from './validate.ts'

export const validatorNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export const validatorEntryKind = 'certchain-validator-entry/v1'
export const genesisDraftKind = 'certchain-genesis-draft/v1'

/** What an operator hands the coordinator: printed by `certchain node init`, saved as <home>/validator.json. */
export interface ValidatorEntry {
  kind: typeof validatorEntryKind
  name: string
  /** Ed25519 public key, hex. */
  publicKey: string
  /** The libp2p PeerId of that key: an operator compares it with what its node logs. */
  peerId: string
  /** Where the node is reached (genesis `addresses`); may be empty for a node others do not dial. */
  addresses: string[]
}

/** A genesis in the making: `certchain genesis new`, `add-validator`, `add-vendor`, `finalize`. */
export interface GenesisDraft {
  kind: typeof genesisDraftKind
  chainId: string
  params: GenesisParams
  validators: GenesisValidator[]
  vendors: GenesisVendor[]
}

/** The file `certchain network export` writes: what devices and apps need to find and check a network. */
export interface NetworkFile {
  chainId: string
  genesisHash: string
  genesis: Genesis
  validators: Array<{ index: number, name: string, peerId: string, publicKey: string, multiaddrs: string[] }>
}

const peerIdOfHex = (publicKey: string): string => peerIdFromPublicKey(publicKeyFromRaw(fromHex(publicKey))).toString()

function bad (what: string): never { throw new CeremonyError('INVALID_ENTRY', what) }

/** Runs a genesis check and reports what it refused as a ceremony error of `code`. */
function asCeremony<T> (code: 'INVALID_ENTRY' | 'DUPLICATE', f: () => T): T {
  try {
    return f()
  } catch (err) {
    if (err instanceof GenesisError) {
      const duplicate = /listed twice|also the address of/.test(err.message)
      throw new CeremonyError(duplicate ? 'DUPLICATE' : code, err.message.replace(/^INVALID_GENESIS: /, ''))
    }
    throw err
  }
}

export function makeValidatorEntry (name: string, publicKey: Uint8Array, addresses: string[]): ValidatorEntry {
  return parseValidatorEntry({ kind: validatorEntryKind, name, publicKey: toHex(publicKey), peerId: peerIdOfHex(toHex(publicKey)), addresses })
}

const entryFields = ['kind', 'name', 'publicKey', 'peerId', 'addresses']

/** Checks an untrusted validator entry: every field, the PeerId against the key, every address. */
export function parseValidatorEntry (value: unknown): ValidatorEntry {
  if (!isPlainObject(value) || value.kind !== validatorEntryKind) {
    bad(`${describeValue(value)} is not a validator entry: expected {"kind": "${validatorEntryKind}", ...} as certchain node init prints it`)
  }
  for (const key of Object.keys(value)) if (!entryFields.includes(key)) bad(`${key}: not a field of a validator entry; it has ${entryFields.join(', ')}`)
  // Names are shown to every operator (and in terminals): letters, digits, dot, dash and underscore, nothing that prints as something else.
  if (typeof value.name !== 'string' || !validatorNamePattern.test(value.name)) {
    bad(`name: ${describeValue(value.name)} is not allowed: 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit`)
  }
  if (typeof value.publicKey !== 'string' || !/^[0-9a-f]{64}$/.test(value.publicKey)) {
    bad(`publicKey: ${describeValue(value.publicKey)} is not allowed: 64 lower-case hex digits (an Ed25519 public key)`)
  }
  // A key that is no curve point, or one of small order, can never sign a vote that verifies:
  // such a validator would silently use up one of the f faults the network tolerates.
  let usable = false
  try {
    usable = !ed25519.Point.fromBytes(fromHex(value.publicKey)).isSmallOrder()
  } catch {}
  if (!usable) bad(`publicKey: ${value.publicKey} is not a usable Ed25519 public key (not a point of the curve, or of small order): make the key with certchain node init`)
  const peerId = peerIdOfHex(value.publicKey)
  if (value.peerId !== peerId) bad(`peerId: ${describeValue(value.peerId)} is not the PeerId of publicKey ${value.publicKey} (that is ${peerId})`)
  if (!Array.isArray(value.addresses)) bad(`addresses: ${describeValue(value.addresses)} is not allowed: a list of multiaddrs`)
  value.addresses.forEach((a: unknown, i: number) => {
    const problem = validatorAddressProblem(a)
    if (problem !== undefined) bad(`addresses[${i}]: ${problem}`)
  })
  asCeremony('INVALID_ENTRY', () => parseGenesis({ chainId: 'entry-check', genesisTimeMs: 0, validators: [{ name: value.name, publicKey: value.publicKey, addresses: value.addresses }] }))
  return { kind: validatorEntryKind, name: value.name, publicKey: value.publicKey, peerId, addresses: value.addresses as string[] }
}

/** A new draft: the chain id and the parameters given, every other parameter at its default (shown in the draft). */
export function newDraft (chainId: string, params: Partial<GenesisParams> = {}): GenesisDraft {
  if (!isValidChainId(chainId)) bad(`chain id ${describeValue(chainId)} is not allowed: 1-64 lower-case letters, digits and dashes, not starting with a dash`)
  return { kind: genesisDraftKind, chainId, params: asCeremony('INVALID_ENTRY', () => parseParams({ ...defaultGenesisParams, ...params })), validators: [], vendors: [] }
}

const draftFields = ['kind', 'chainId', 'params', 'validators', 'vendors']

/** Checks an untrusted draft file: everything a genesis checks, except that it may have no validator yet. */
export function parseDraft (value: unknown): GenesisDraft {
  if (!isPlainObject(value) || value.kind !== genesisDraftKind) {
    bad(`${describeValue(value)} is not a genesis draft: expected {"kind": "${genesisDraftKind}", ...} as certchain genesis new writes it`)
  }
  for (const key of Object.keys(value)) if (!draftFields.includes(key)) bad(`${key}: not a field of a genesis draft; it has ${draftFields.join(', ')}`)
  if (typeof value.chainId !== 'string') bad(`chainId: ${describeValue(value.chainId)} is not allowed`)
  const draft = newDraft(value.chainId, value.params as Partial<GenesisParams>)
  const validators = value.validators
  if (!Array.isArray(validators) || !Array.isArray(value.vendors)) bad('validators and vendors: lists')
  // A placeholder validator lets an empty draft pass the genesis rules; it is dropped again.
  const placeholder = { name: '\u0000draft', publicKey: '00'.repeat(32) }
  const g = asCeremony('INVALID_ENTRY', () => parseGenesis({ chainId: draft.chainId, genesisTimeMs: 0, params: draft.params, vendors: value.vendors,
    validators: validators.length > 0 ? validators : [placeholder] }))
  return { ...draft, validators: validators.length > 0 ? g.validators : [], vendors: g.vendors }
}

/** The draft with one more validator, at the end (its index is its position). */
export function addValidator (draft: GenesisDraft, entry: ValidatorEntry): GenesisDraft {
  const e = parseValidatorEntry(entry)
  const v: GenesisValidator = { name: e.name, publicKey: e.publicKey, ...(e.addresses.length > 0 ? { addresses: e.addresses } : {}) }
  return parseDraft({ ...draft, validators: [...draft.validators, v] })
}

export function addVendor (draft: GenesisDraft, name: string, publicKey: string): GenesisDraft {
  return parseDraft({ ...draft, vendors: [...draft.vendors, { name, publicKey }] })
}

/** The genesis of a draft with at least one validator, at `genesisTimeMs`. */
export function finalizeDraft (draft: GenesisDraft, genesisTimeMs: number): Genesis {
  const d = parseDraft(draft)
  if (d.validators.length === 0) bad('the draft has no validator yet: add each operator\'s entry with certchain genesis add-validator FILE')
  return asCeremony('INVALID_ENTRY', () => parseGenesis({ chainId: d.chainId, genesisTimeMs, validators: d.validators, vendors: d.vendors, params: d.params }))
}

/** The genesis file's bytes: every node's genesis.json, the same for one genesis whoever writes it. */
export const genesisFileText = (genesis: Genesis): string => JSON.stringify(genesis, null, 2) + '\n'

export const genesisHashHex = (genesis: Genesis): string => toHex(genesisHash(genesis))

/** Refuses a genesis whose hash is not `expected` (hex, as `genesis finalize` printed it). */
export function checkGenesisHash (genesis: Genesis, expected: string): void {
  const actual = genesisHashHex(genesis)
  if (actual !== expected.trim().toLowerCase()) {
    throw new CeremonyError('HASH_MISMATCH', `this genesis hashes to ${actual}, not to ${expected.trim()}: it is not the genesis the coordinator published; do not install it`)
  }
}

/** What clients need of a network: the genesis, and one entry per validator with its dialable addresses (with /p2p). */
export function networkFileOf (genesis: Genesis): NetworkFile {
  return {
    chainId: genesis.chainId,
    genesisHash: genesisHashHex(genesis),
    genesis,
    validators: genesis.validators.map((v, index) => {
      const peerId = peerIdOfHex(v.publicKey)
      return { index, name: v.name, peerId, publicKey: v.publicKey, multiaddrs: (v.addresses ?? []).map(a => multiaddr(a).encapsulate(`/p2p/${peerId}`).toString()) }
    })
  }
}
