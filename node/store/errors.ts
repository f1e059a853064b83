// Named errors of the chain store. Callers and tests branch on `name` and
// `code`, never on message text; `details` carries typed facts (the height,
// the code of the underlying protocol error) for logs and the CLI.
import { CertchainError } from '../../protocols/errors.ts'

export type StoreErrorCode =
  /** append: a block at this height is already stored (a WORM store never replaces one). */
  'HEIGHT_EXISTS' |
  /** append: the block is not at head + 1. */
  'NOT_NEXT_HEIGHT' |
  /** The block does not follow its parent: chain id, height, previous hash or timestamp. */
  'BAD_LINK' |
  /** The block's bytes are well formed but its roots, counts or transactions do not match its header. */
  'ROOT_MISMATCH' |
  /** The block or record bytes do not decode. */
  'MALFORMED' |
  /** The commit certificate does not decode, or is not a quorum of valid signatures for this block. */
  'BAD_CERTIFICATE' |
  /** A record holds another height than its key names (records moved or swapped). */
  'MISPLACED' |
  /**
   * A stored value fails its frame check (checksum, length, size cap), or
   * LevelDB reports its own files corrupt or missing (details.causeCode
   * LEVEL_CORRUPTION, or LEVEL_IO_ERROR for a file it cannot open where a
   * database exists, such as a MANIFEST that CURRENT names).
   */
  'CORRUPT' |
  /**
   * A record below the head is missing, the head pointer is past the last
   * record, or the chain ends below (or holds another block at) the height
   * known durable: the one the durable-head marker names, or the caller's
   * `expectedDurableHeight`. For the last two, `details.durableHeight` is that
   * height and `details.lostHeights` how many heights are gone.
   */
  'TRUNCATED' |
  /** The head pointer disagrees with the last record (records past it, or another hash). */
  'HEAD_MISMATCH' |
  /** The store was created for another genesis, or its meta record is absent or unreadable. */
  'GENESIS_MISMATCH' |
  /** The store was written in a layout version this code does not read. */
  'UNSUPPORTED_FORMAT' |
  /** verifyChain: there is no store in that directory. */
  'MISSING' |
  /** The store is open elsewhere (LevelDB holds a lock on it), or open or being verified in this process. */
  'LOCKED' |
  /** verifyChain could not copy the store to its scratch directory (disk full, no permission): nothing was checked. */
  'SCRATCH_FAILED' |
  /** Too many appends wait for their turn. */
  'BUSY' |
  /** Reading back what an append just wrote gave other bytes: the disk or the database is failing. */
  'READBACK_MISMATCH' |
  /** An earlier storage fault left the store in an unknown state; it refuses all work until reopened. */
  'FAILED' |
  /** The store was closed. */
  'CLOSED'

export interface StoreErrorDetails {
  /** The height the problem is at: for open-time verification, the first bad height. */
  height?: number
  /** The code of the protocol error behind this one (BlockError, CertificateError, DecodeError). */
  causeCode?: string
  /**
   * TRUNCATED against a known durable height: that height (from the
   * durable-head marker, or the caller's expectedDurableHeight). `height` is
   * then the first lost height.
   */
  durableHeight?: number
  /**
   * TRUNCATED against a known durable height: how many heights are lost
   * (durableHeight - the last height the store still has). Absent when the
   * chain reaches durableHeight but holds another block there: how far back
   * it differs, the marker's one hash cannot tell.
   */
  lostHeights?: number
}

export class StoreError extends CertchainError {
  declare readonly code: StoreErrorCode
  readonly details: StoreErrorDetails
  constructor (code: StoreErrorCode, message: string, details: StoreErrorDetails = {}) {
    super('StoreError', code, message)
    this.details = details
  }
}
