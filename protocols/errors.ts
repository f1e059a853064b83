// Named errors with codes. Callers and tests branch on `name` and `code`,
// never on message text. These are peer faults: they reject one input and
// must never take a process down.

export class CertchainError extends Error {
  readonly code: string
  constructor (name: string, code: string, message: string) {
    super(`${code}: ${message}`)
    this.name = name
    this.code = code
  }
}

export type DecodeErrorCode = 'OVERSIZED' | 'MALFORMED' | 'NON_CANONICAL' | 'INVALID_FIELD'
/** Bytes that are not a valid encoding of the expected type. */
export class DecodeError extends CertchainError {
  constructor (code: DecodeErrorCode, message: string) { super('DecodeError', code, message) }
}

export type SignatureErrorCode = 'BAD_SIGNATURE' | 'UNKNOWN_SIGNER'
export class SignatureError extends CertchainError {
  constructor (code: SignatureErrorCode, message: string) { super('SignatureError', code, message) }
}

export type BlockErrorCode = 'TX_ROOT_MISMATCH' | 'RESULT_ROOT_MISMATCH' | 'COUNT_MISMATCH' | 'RESULT_TX_MISMATCH' |
'WRONG_CHAIN' | 'BAD_LINK' | 'BAD_HEIGHT' | 'BAD_TIMESTAMP' | 'DUPLICATE_TX' | 'BAD_PROPOSER'
export class BlockError extends CertchainError {
  constructor (code: BlockErrorCode, message: string) { super('BlockError', code, message) }
}

export type CertificateErrorCode = 'WRONG_HEIGHT' | 'WRONG_BLOCK' | 'NOT_ENOUGH_SIGNATURES' | 'UNORDERED_SIGNERS' |
'UNKNOWN_REPLICA' | 'BAD_SIGNATURE'
export class CertificateError extends CertchainError {
  constructor (code: CertificateErrorCode, message: string) { super('CertificateError', code, message) }
}

export type ProofErrorCode = 'BAD_INDEX' | 'BAD_LENGTH' | 'ROOT_MISMATCH'
export class ProofError extends CertchainError {
  constructor (code: ProofErrorCode, message: string) { super('ProofError', code, message) }
}

export type GenesisErrorCode = 'INVALID_GENESIS'
export class GenesisError extends CertchainError {
  /** The field at fault, as a path ('params.windowBlocks', 'validators[2].publicKey'); undefined for the document as a whole. */
  readonly field?: string
  constructor (code: GenesisErrorCode, message: string, field?: string) {
    super('GenesisError', code, message)
    this.field = field
  }
}

export type CeremonyErrorCode =
  /** A validator entry or a draft that is not one (bad key, PeerId not the key's, bad address). */
  'INVALID_ENTRY' |
  /** A second validator or vendor with a name, key or address already in the draft. */
  'DUPLICATE' |
  /** A genesis whose hash is not the one the operator was told. */
  'HASH_MISMATCH'
export class CeremonyError extends CertchainError {
  constructor (code: CeremonyErrorCode, message: string) { super('CeremonyError', code, message) }
}
