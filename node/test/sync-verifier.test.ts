// The sync verifier checks a fetched batch's signatures on a worker and
// remembers the valid ones in the node's cache: afterwards the replica's own
// certificate check and the application's transaction checks find every one
// of them there (none is checked again on the main thread), a bad signature
// is never remembered, and bytes that do not decode are skipped.
import { afterEach, describe, expect, test } from 'vitest'
import { verifyCommitCertificate } from '../../protocols/certificate.ts'
import { decodeCommitCertificate, encode } from '../../protocols/codec.ts'
import { ed25519Counts, nodeEd25519, withVerifiedCache } from '../../protocols/ed25519-node.ts'
import { checkTransaction } from '../../protocols/tx.ts'
import { makeChain, makeTestNetwork } from '../store/test/fixtures.ts'
import { SyncVerifier } from '../sync-verifier.ts'

const network = makeTestNetwork()
let verifier: SyncVerifier | undefined
afterEach(async () => { await verifier?.idle() })

/** Checks every signature of `blocks` as the pipeline does, through `ed`; how many reached node:crypto. */
function pipelineChecks (ed: ReturnType<typeof withVerifiedCache>, blocks: ReturnType<typeof makeChain>): number {
  const before = ed25519Counts.verifications
  for (const b of blocks) {
    verifyCommitCertificate(ed, network.validatorSet, decodeCommitCertificate(b.certificateBytes), { height: b.opened.header.height, blockHash: b.opened.hash })
    for (const tx of b.opened.block.txs) checkTransaction(ed, network.genesis.chainId, tx)
  }
  return ed25519Counts.verifications - before
}

describe('the sync verifier', () => {
  test('remembers every valid signature of a batch: the checks after it reach node:crypto for none', async () => {
    const chain = makeChain(network, 40, { txCount: 3 })
    const stored = chain.map(b => ({ opened: b.opened, certificate: b.certificateBytes }))
    const cold = withVerifiedCache(nodeEd25519, 10_000)
    // Without it: 3 votes and 3 transactions per block.
    expect(pipelineChecks(cold, chain)).toBe(40 * (network.validatorSet.quorum + 3))
    const ed = withVerifiedCache(nodeEd25519, 10_000)
    verifier = new SyncVerifier(network.genesis, ed, 1)
    await verifier.verify(stored)
    expect(pipelineChecks(ed, chain)).toBe(0)
  })

  test('a bad signature is not remembered (nor what follows it in the batch), and a certificate that does not decode is skipped', async () => {
    const chain = makeChain(network, 10, { txCount: 1 })
    // Block 6's certificate: well formed, one vote's signature damaged.
    const cert = decodeCommitCertificate(chain[5].certificateBytes)
    const damaged = cert.signatures[1].signature.slice()
    damaged[10] ^= 0x01
    const forged = encode.commitCertificate({ ...cert, signatures: cert.signatures.map((s, i) => i === 1 ? { ...s, signature: damaged } : s) })
    const stored = chain.map((b, i) => ({ opened: b.opened, certificate: i === 5 ? forged : b.certificateBytes }))
    const ed = withVerifiedCache(nodeEd25519, 10_000)
    verifier = new SyncVerifier(network.genesis, ed, 1)
    await verifier.verify([{ opened: chain[0].opened, certificate: new Uint8Array([1, 2, 3]) }, ...stored])
    // Blocks 1..5 come before the bad one: remembered. From it on, checked again by the pipeline (and block 6 refused there).
    expect(pipelineChecks(ed, chain.slice(0, 5))).toBe(0)
    expect(() => pipelineChecks(ed, chain.slice(5, 6).map(b => ({ ...b, certificateBytes: forged })))).toThrow()
    expect(pipelineChecks(ed, chain.slice(6))).toBe(4 * (network.validatorSet.quorum + 1))
  })
})
