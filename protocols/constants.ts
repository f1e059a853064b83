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
export const saltBytes = 16
export const appIdLengthMax = 64
export const versionLengthMax = 32
export const modelLengthMax = 64
/** An Ed25519 PeerId in base58btc is 52 characters. */
export const peerIdLengthMax = 64
/** The app <-> device protocol: one message. */
export const deviceMessageBytesMax = 64 * 1024

function assertLimit (condition: boolean, what: string): void {
  if (!condition) throw new Error(`protocols/constants: broken limit relation: ${what}`)
}
assertLimit(txPayloadBytesMax + 128 <= txBytesMax, 'a maximal payload must fit a transaction')
assertLimit(blockBytesMax < 4 * 1024 * 1024, 'a block must fit one gossipsub frame')
assertLimit(consensusMessageBytesMax < 4 * 1024 * 1024, 'a consensus message must fit one gossipsub frame')
assertLimit(2 ** merkleProofSiblingsMax >= blockTxCountMax, 'proof depth covers the largest block')
