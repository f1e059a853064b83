// Valid certified chains, built fast and deterministically: validator and
// client keys come from fixed seeds, timestamps from the height, so the same
// call gives the same bytes on every run. Each builder takes overrides so a
// test can make exactly one thing wrong.
import { buildBlock, type BlockFields, type LinkPoint, type OpenedBlock } from '../../../protocols/block.ts'
import { utf8 } from '../../../protocols/bytes.ts'
import { makeValidatorSet, voteBodyBytes, type ValidatorSet } from '../../../protocols/certificate.ts'
import { decodeTransaction, encode } from '../../../protocols/codec.ts'
import { nodeEd25519 } from '../../../protocols/ed25519-node.ts'
import { genesisHash, makeGenesis, type Genesis } from '../../../protocols/genesis.ts'
import { sha256 } from '../../../protocols/hash.ts'
import { keyPairFromSeed, SignTag, signTagged, type Ed25519, type KeyPair } from '../../../protocols/sign.ts'
import { ResultCode, signTransaction, TxKind, txIdOf } from '../../../protocols/tx.ts'

export const fixtureGenesisTimeMs = 1_700_000_000_000
/** Blocks of a fixture chain are this far apart. */
export const fixtureBlockIntervalMs = 1000

const seedOf = (label: string): Uint8Array => sha256(utf8(`certchain-test-seed/${label}`))

export interface TestNetwork {
  ed: Ed25519
  genesis: Genesis
  validators: KeyPair[]
  validatorSet: ValidatorSet
  /** Signs the fixture's transactions. */
  client: KeyPair
}

export interface TestNetworkOptions {
  validatorCount?: number
  chainId?: string
  genesisTimeMs?: number
}

export function makeTestNetwork (options: TestNetworkOptions = {}): TestNetwork {
  const ed = nodeEd25519
  const chainId = options.chainId ?? 'test-chain'
  const validators = Array.from({ length: options.validatorCount ?? 4 }, (_, i) => keyPairFromSeed(seedOf(`validator-${i}`), ed))
  const genesis = makeGenesis(chainId, validators.map(v => v.publicKey), options.genesisTimeMs ?? fixtureGenesisTimeMs)
  return {
    ed,
    genesis,
    validators,
    validatorSet: makeValidatorSet(chainId, validators.map(v => v.publicKey)),
    client: keyPairFromSeed(seedOf(`client-${chainId}`), ed)
  }
}

/** The "height 0" point that block 1 follows. */
export const genesisPointOf = (network: TestNetwork): LinkPoint =>
  ({ height: 0, hash: genesisHash(network.genesis), timestampMs: network.genesis.genesisTimeMs })

export interface CertifiedBlock {
  opened: OpenedBlock
  blockBytes: Uint8Array
  certificateBytes: Uint8Array
}

/** Opaque transactions with ok results; the nonce makes every transaction of the chain distinct. */
export function makeTransactions (network: TestNetwork, height: number, count: number): { txs: Uint8Array[], results: Uint8Array[] } {
  const txs: Uint8Array[] = []
  const results: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const tx = signTransaction(network.ed, network.client, network.genesis.chainId,
      { kind: TxKind.opaque, nonce: height * 1000 + i, payload: utf8(`block ${height} tx ${i}`) })
    txs.push(tx)
    results.push(encode.txResult({ txId: txIdOf(decodeTransaction(tx).body), code: ResultCode.ok, data: new Uint8Array(0) }))
  }
  return { txs, results }
}

export interface CertificateOptions {
  view?: number
  /** Replica indexes that sign, in the order given; default the first quorum. */
  signers?: number[]
  /** Sign for another height or block than the one certified (to make bad certificates). */
  height?: number
  blockHash?: Uint8Array
}

export function makeCertificate (network: TestNetwork, opened: OpenedBlock, options: CertificateOptions = {}): Uint8Array {
  const view = options.view ?? opened.header.view
  const height = options.height ?? opened.header.height
  const blockHash = options.blockHash ?? opened.hash
  const signers = options.signers ?? Array.from({ length: network.validatorSet.quorum }, (_, i) => i)
  const signatures = signers.map(replica => ({
    replica,
    signature: signTagged(network.ed, network.validators[replica], SignTag.commit, network.genesis.chainId,
      voteBodyBytes(view, height, replica, blockHash))
  }))
  return encode.commitCertificate({ height, view, blockHash, signatures })
}

export interface BlockOptions {
  txCount?: number
  /** Overrides of the header fields derived from `prev`. */
  fields?: Partial<BlockFields>
  certificate?: CertificateOptions
}

/** A block that follows `prev`, with a quorum certificate (unless overridden). */
export function makeCertifiedBlock (network: TestNetwork, prev: LinkPoint, options: BlockOptions = {}): CertifiedBlock {
  const height = options.fields?.height ?? prev.height + 1
  const fields: BlockFields = {
    chainId: network.genesis.chainId,
    height,
    prevHash: prev.hash,
    timestampMs: prev.timestampMs + fixtureBlockIntervalMs,
    proposer: height % network.validators.length,
    view: 0,
    ...options.fields
  }
  const { txs, results } = makeTransactions(network, height, options.txCount ?? 2)
  const opened = buildBlock(fields, txs, results)
  return { opened, blockBytes: opened.bytes, certificateBytes: makeCertificate(network, opened, options.certificate) }
}

export const linkPointOfBlock = (block: CertifiedBlock): LinkPoint =>
  ({ height: block.opened.header.height, hash: block.opened.hash, timestampMs: block.opened.header.timestampMs })

/** Certified blocks from `after` (default genesis) on, lazily: a long chain never sits in memory whole. */
export function * certifiedBlocks (network: TestNetwork, count: number, options: BlockOptions & { after?: LinkPoint } = {}):
Generator<CertifiedBlock> {
  let prev = options.after ?? genesisPointOf(network)
  for (let i = 0; i < count; i++) {
    const block = makeCertifiedBlock(network, prev, options)
    yield block
    prev = linkPointOfBlock(block)
  }
}

export const makeChain = (network: TestNetwork, count: number, options: BlockOptions = {}): CertifiedBlock[] =>
  [...certifiedBlocks(network, count, options)]
