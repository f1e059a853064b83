// Every limit of the wire formats. Units last in names. The relations
// between them are asserted at load so a careless edit fails fast.

export const hashBytes = 32
export const publicKeyBytes = 32
export const signatureBytes = 64
export const chainIdBytesMax = 64

/** One encoded Transaction (body + signature). */
export const txBytesMax = 64 * 1024
/** The kind-specific payload inside a TxBody. */
export const txPayloadBytesMax = 60 * 1024
/** The kind-specific output inside a TxResult. */
export const resultDataBytesMax = 1024

/** Transactions per block. */
export const blockTxCountMax = 4096
/** The nonce that starts every gossip envelope (node-protocols.ts wrapGossip). */
export const gossipNonceBytes = 8
/** One encoded Block. Kept well below gossipsub's 4 MiB frame so a block always fits one message. */
export const blockBytesMax = 2 * 1024 * 1024
export const blockHeaderBytesMax = 512

/** Validators in a genesis. A commit certificate is bounded by it. */
export const validatorCountMax = 64
export const certificateBytesMax = validatorCountMax * (signatureBytes + 8) + 128

/** A consensus message may carry a whole block (PRE-PREPARE, VIEW-CHANGE). */
export const consensusMessageBytesMax = blockBytesMax + 64 * 1024
/** A NEW-VIEW carries 2f+1 VIEW-CHANGEs with their blocks stripped. */
export const viewChangeStrippedBytesMax = 16 * 1024

/** Merkle audit paths never exceed ceil(log2(blockTxCountMax)) siblings. */
export const merkleProofSiblingsMax = 32

// ---- the certification flow (chain-wide rules: every node applies the same)

/** A login proof and a device nonce are fresh within this of the block's timestamp. */
export const loginFreshnessMs = 60_000
export const nonceFreshnessMs = 60_000
/** A user registration is accepted within this of the device's co-signing time. */
export const registrationFreshnessMs = 60 * 60_000
export const nonceBytes = 32
/** Vendors in a genesis. */
export const vendorCountMax = 256
/** Addresses a validator may announce in the genesis (IPv4, IPv6 and DNS names, say). */
export const validatorAddressesMax = 8
/** One announced multiaddr, in characters: a DNS name is at most 253. */
export const validatorAddressBytesMax = 300
export const saltBytes = 16
export const appIdLengthMax = 64
export const versionLengthMax = 32
/** An app release's runtime name, e.g. `node/24`. */
export const runtimeLengthMax = 32
/** A platform attestation's evidence (an X.509 chain, an App Attest object, a TPM quote and its signature). */
export const attestationEvidenceBytesMax = 4096
export const modelLengthMax = 64
/** An Ed25519 PeerId in base58btc is 52 characters. */
export const peerIdLengthMax = 64
/** The app <-> device protocol: one message. */
export const deviceMessageBytesMax = 64 * 1024

// ---- genesis parameters (the genesis's `params`): chain-wide, covered by the genesis hash

/**
 * What a genesis may set in `params`, with the value that applies when it
 * says nothing. Each is a rule every validator applies to every other's
 * messages, so it must be shared: a node never takes it from its own
 * config (see docs/PROTOCOL.md section 6 for why each one is here). The
 * lower bounds also catch a value written in the wrong unit (seconds for
 * milliseconds).
 */
export const genesisParamLimits = {
  /** Consecutive failed attempts that lock a registration. */
  lockoutFailures: { default: 5, min: 1, max: 1000, unit: 'attempts' },
  /** Transactions per block: a follower refuses a proposal with more. */
  blockTxCountMax: { default: 1024, min: 1, max: blockTxCountMax, unit: 'transactions' },
  /** Transaction bytes per block; at least one largest transaction, or it could never commit. */
  blockTxBytesMax: { default: 1024 * 1024, min: txBytesMax, max: blockBytesMax / 2, unit: 'bytes' },
  /** Heights between checkpoints: 2f+1 replicas must sign a checkpoint at the same height to make it stable. */
  checkpointIntervalBlocks: { default: 16, min: 1, max: 1024, unit: 'blocks' },
  /** The high watermark: a replica ignores proposals more than this above its last stable checkpoint. */
  windowBlocks: { default: 64, min: 2, max: 4096, unit: 'blocks' },
  /** How far in the future a block timestamp may be: a follower refuses a proposal beyond. */
  timestampDriftMaxMs: { default: 5000, min: 100, max: 600_000, unit: 'ms' },
  /** Wait for progress before asking for a new view: 2f+1 replicas must time out together for a view change. */
  viewTimeoutMs: { default: 1000, min: 100, max: 600_000, unit: 'ms' },
  /** Cap of the exponential back-off of the view timeout. */
  viewTimeoutMaxMs: { default: 16_000, min: 100, max: 3_600_000, unit: 'ms' }
} as const

function assertLimit (condition: boolean, what: string): void {
  if (!condition) throw new Error(`protocols/constants: broken limit relation: ${what}`)
}
assertLimit(txPayloadBytesMax + 128 <= txBytesMax, 'a maximal payload must fit a transaction')
assertLimit(blockBytesMax < 4 * 1024 * 1024, 'a block must fit one gossipsub frame')
assertLimit(consensusMessageBytesMax < 4 * 1024 * 1024, 'a consensus message must fit one gossipsub frame')
assertLimit(2 ** merkleProofSiblingsMax >= blockTxCountMax, 'proof depth covers the largest block')
for (const [name, l] of Object.entries(genesisParamLimits)) assertLimit(l.min <= l.default && l.default <= l.max, `the default of ${name} lies in its range`)
