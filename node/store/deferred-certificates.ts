// Certificate checks split in two for the open-time walk: the structure now,
// on the walking thread, and the signatures later, in batches, on the
// signature pool.
//
// The structure is checked by the protocol's own verifyCommitCertificate,
// given an Ed25519 that records each signature it is asked about and answers
// true. So there is one definition of a valid certificate: it holds iff that
// call passes and every recorded signature verifies, because the signatures
// it asks about never depend on the answers (it would only stop early at a
// false one).
import type { OpenedBlock } from '../../protocols/block.ts'
import type { Ed25519 } from '../../protocols/sign.ts'
import * as C from './constants.ts'
import type { SignaturePool, SignatureCheck } from './signature-pool.ts'
import { checkCertificateWith, type ChainRules } from './verify.ts'

export class DeferredCertificates {
  private checks: SignatureCheck[] = []
  /** heights[i]: the block that checks[i] belongs to. */
  private heights: number[] = []
  private blocksQueued = 0
  private readonly inFlight = new Set<Promise<void>>()
  private failedHeight: number | null = null
  private error: unknown
  private readonly recorder: Ed25519
  private readonly inFlightMax: number

  constructor (private readonly rules: ChainRules, private readonly pool: SignaturePool) {
    this.inFlightMax = pool.threads * C.signatureBatchesInFlightPerThread
    this.recorder = {
      verify: (publicKey, message, signature) => {
        this.checks.push({ publicKey, message, signature })
        return true
      },
      sign: () => { throw new Error('a recording Ed25519 does not sign') },
      publicKey: () => { throw new Error('a recording Ed25519 derives no keys') }
    }
  }

  /** The lowest height whose signatures are known to fail, so far. */
  get firstFailedHeight (): number | null { return this.failedHeight }

  /**
   * Checks the certificate's structure now (throws BAD_CERTIFICATE) and queues
   * its signatures; waits while too many batches are in flight.
   */
  async add (opened: OpenedBlock, certificateBytes: Uint8Array): Promise<void> {
    this.throwIfFailed()
    const before = this.checks.length
    try {
      checkCertificateWith(this.recorder, this.rules, opened, certificateBytes)
    } catch (err) {
      this.checks.length = before
      throw err
    }
    for (let i = before; i < this.checks.length; i++) this.heights.push(opened.header.height)
    if (++this.blocksQueued >= C.signatureBatchBlocks) this.dispatch()
    while (this.inFlight.size >= this.inFlightMax) await Promise.race(this.inFlight)
    this.throwIfFailed()
  }

  /** Sends what is queued, waits for every batch, and returns the lowest height whose signatures failed. */
  async finish (): Promise<number | null> {
    this.dispatch()
    await Promise.all(this.inFlight)
    this.throwIfFailed()
    return this.failedHeight
  }

  private dispatch (): void {
    if (this.checks.length === 0) return
    const checks = this.checks
    const heights = this.heights
    this.checks = []
    this.heights = []
    this.blocksQueued = 0
    const tracked: Promise<void> = this.pool.verify(checks).then(
      (firstBad) => {
        if (firstBad >= 0 && (this.failedHeight === null || heights[firstBad] < this.failedHeight)) this.failedHeight = heights[firstBad]
      },
      (err: unknown) => { this.error ??= err }
    ).then(() => { this.inFlight.delete(tracked) })
    this.inFlight.add(tracked)
  }

  private throwIfFailed (): void {
    if (this.error !== undefined) throw this.error
  }
}
