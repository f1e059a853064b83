// Signature checks of blocks fetched by sync, on a worker thread, ahead of
// the pipeline. A node catching up spends most of its main thread on
// Ed25519: each block's commit certificate (a quorum of votes) and, as it
// executes the block again, each transaction's signature. The sync loop
// hands a fetched batch here while the pipeline still works on the one
// before; the signatures found valid go into the node's verified-signature
// cache (protocols/ed25519-node.ts withVerifiedCache), where the replica's
// and the application's own checks then find them. Nothing is decided here:
// every check still runs where it always runs, on the same bytes; a
// signature that fails here, or a block that does not decode, is simply not
// remembered and is checked (and refused) there.
import type { Genesis } from '../protocols/genesis.ts'
import type { Ed25519 } from '../protocols/sign.ts'
import type { VerifiedCacheEd25519 } from '../protocols/ed25519-node.ts'
import type { SyncedBlock } from './ports.ts'
import { CertApp } from './state/cert-app.ts'
import { SignaturePool, type SignatureCheck } from './store/signature-pool.ts'
import { chainRulesOf, checkCertificateWith, type ChainRules } from './store/verify.ts'

export class SyncVerifier {
  private pool: SignaturePool | undefined
  private readonly rules: ChainRules
  /** The application's stateless checks (transaction signature, a registration's co-signature), recording instead of checking. */
  private readonly app: CertApp
  private checks: SignatureCheck[] = []
  private readonly recorder: Ed25519 = {
    verify: (publicKey, message, signature) => { this.checks.push({ publicKey, message, signature }); return true },
    sign: () => { throw new Error('a recording Ed25519 does not sign') },
    publicKey: () => { throw new Error('a recording Ed25519 derives no keys') }
  }

  constructor (genesis: Genesis, private readonly cache: VerifiedCacheEd25519, readonly threads: number) {
    this.rules = chainRulesOf(genesis, this.recorder)
    this.app = new CertApp(this.recorder, genesis)
  }

  /**
   * Checks the signatures of `blocks` (each an opened block with its
   * certificate, as sync answers carry them) on the worker and remembers the valid ones.
   * Resolves once done; never rejects (a failure only means nothing was
   * remembered).
   */
  async verify (blocks: SyncedBlock[]): Promise<void> {
    const checks = this.record(blocks)
    if (checks.length === 0) return
    try {
      this.pool ??= SignaturePool.start(this.threads)
      const firstBad = await this.pool.verify(checks)
      const valid = firstBad < 0 ? checks : checks.slice(0, firstBad)
      for (const c of valid) this.cache.remember(c.publicKey, c.message, c.signature)
    } catch {
      // The pool failed (a worker died): the pipeline checks everything itself, as without this.
    }
  }

  /** Every signature the pipeline will check for these blocks, in order; a block whose checks throw adds none. */
  private record (blocks: SyncedBlock[]): SignatureCheck[] {
    this.checks = []
    for (const { opened, certificate } of blocks) {
      const before = this.checks.length
      try {
        checkCertificateWith(this.recorder, this.rules, opened, certificate)
        for (const tx of opened.block.txs) this.app.checkTx(tx)
      } catch {
        this.checks.length = before
      }
    }
    return this.checks
  }

  /** Stops the worker (it starts again with the next batch). */
  async idle (): Promise<void> {
    const pool = this.pool
    this.pool = undefined
    await pool?.close()
  }
}
