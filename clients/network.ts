// What a client knows of a network, and how it reaches it: network.json
// (chain id, genesis with the validator set, node addresses) and a pool
// that sends each request to one node and moves to the next when that node
// is unreachable or gives an answer that does not verify.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { toHex } from '../protocols/bytes.ts'
import { makeValidatorSet, type ValidatorSet } from '../protocols/certificate.ts'
import { genesisHash, parseGenesis, validatorPublicKeys, type Genesis } from '../protocols/genesis.ts'
import { nobleEd25519, type Ed25519 } from '../protocols/sign.ts'
import { decodeClientTransaction } from '../protocols/codec.ts'
import { verifyReceipt, type Receipt, type VerifiedReceipt } from '../protocols/node-protocols.ts'
import { txIdOf } from '../protocols/tx.ts'
import { ClientError, type NodeClient } from './node-client.ts'

export interface Network {
  chainId: string
  genesis: Genesis
  /** The validator set every proof is checked against. */
  set: ValidatorSet
  /** One address per node, with /p2p/<PeerId>: each validator's first address in network.json (those without one are left out). */
  nodes: string[]
  /** The validator index (its place in network.json) of each of `nodes`. */
  nodeValidators: number[]
  /** The folder of network.json (a testnet keeps its demo vendor key there). */
  dir: string
}

/**
 * Reads and checks a network.json: `{chainId, genesisHash, genesis, validators:
 * [{multiaddrs: [...]}, ...]}` as `certchain testnet up` writes it. The genesis
 * must hash to `genesisHash` and name the same chain.
 */
export function loadNetwork (path: string): Network {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new ClientError('BAD_RESPONSE', `cannot read network file ${path}: ${(err as Error).message}`)
  }
  const n = raw as { chainId?: unknown, genesisHash?: unknown, genesis?: unknown, validators?: unknown }
  const genesis = parseGenesis(n.genesis)
  if (n.chainId !== genesis.chainId) throw new ClientError('BAD_RESPONSE', `${path}: chainId differs from the genesis's`)
  if (n.genesisHash !== toHex(genesisHash(genesis))) throw new ClientError('BAD_RESPONSE', `${path}: genesisHash is not the hash of its genesis`)
  if (!Array.isArray(n.validators)) throw new ClientError('BAD_RESPONSE', `${path}: validators must be a list`)
  const firsts = n.validators.map((v: { multiaddrs?: unknown }) => Array.isArray(v.multiaddrs) ? v.multiaddrs.find((a): a is string => typeof a === 'string') : undefined)
  const nodeValidators = firsts.flatMap((a, i) => a === undefined ? [] : [i])
  const nodes = nodeValidators.map(i => firsts[i] as string)
  if (nodes.length === 0) throw new ClientError('BAD_RESPONSE', `${path}: no node address`)
  return { chainId: genesis.chainId, genesis, set: makeValidatorSet(genesis.chainId, validatorPublicKeys(genesis)), nodes, nodeValidators, dir: dirname(resolve(path)) }
}

/** Failures that say "this node, not this request": try another node. */
const moveOn = new Set(['UNREACHABLE', 'UNAVAILABLE', 'BAD_RESPONSE', 'RATE_LIMITED', 'MEMPOOL_FULL', 'INTERNAL'])

/**
 * Sends requests to one node at a time, starting from a preferred one; on a
 * node-level failure moves on to the next, and remembers the last node that
 * answered. Request-level failures (MALFORMED, UNAUTHORIZED...) are thrown
 * at once: another node would say the same.
 */
export class NodePool {
  private current: number
  /** Failures seen, for callers that report them (e.g. a node that lied). */
  readonly failures: Array<{ node: string, code: string, message: string }> = []

  constructor (readonly client: NodeClient, readonly network: Network, readonly ed: Ed25519 = nobleEd25519, start = 0) {
    this.current = ((start % network.nodes.length) + network.nodes.length) % network.nodes.length
  }

  get node (): string { return this.network.nodes[this.current] }

  /** A receipt checked against the validator set (throws DecodeError, CertificateError or ProofError). */
  verify (receipt: Receipt, txId?: Uint8Array): VerifiedReceipt {
    return verifyReceipt(this.ed, this.network.set, receipt, txId)
  }

  /**
   * Submits a signed transaction and waits for its commit, on one node after
   * another until one returns a receipt that verifies against the validator
   * set. Resubmitting to the next node is safe: one id executes once.
   */
  async commit (tx: Uint8Array, timeoutMs: number): Promise<{ receipt: Receipt, verified: VerifiedReceipt, txId: Uint8Array }> {
    const txId = txIdOf(decodeClientTransaction(tx).body)
    return await this.call('submit', async address => {
      const r = await this.client.submit(address, tx, { wait: true, timeoutMs })
      if (r.status === 'timeout') throw new ClientError('UNAVAILABLE', 'not committed within the wait')
      // ALREADY_COMMITTED may come without a receipt (e.g. sent before to a node that failed): ask for it.
      const receipt = r.rawReceipt ?? await this.client.rawReceipt(address, txId)
      try {
        return { receipt, verified: this.verify(receipt, txId), txId }
      } catch (err) {
        throw new ClientError('BAD_RESPONSE', `the receipt does not verify: ${(err as Error).message}`)
      }
    })
  }

  async call<T> (what: string, fn: (address: string) => Promise<T>): Promise<T> {
    const n = this.network.nodes.length
    let last: ClientError | undefined
    for (let tried = 0; tried < n; tried++) {
      const address = this.network.nodes[this.current]
      try {
        return await fn(address)
      } catch (err) {
        if (!(err instanceof ClientError) || !moveOn.has(err.code)) throw err
        last = err
        this.failures.push({ node: address, code: err.code, message: err.message })
        if (this.failures.length > 100) this.failures.shift()
        this.current = (this.current + 1) % n
      }
    }
    throw new ClientError(last?.code === 'BAD_RESPONSE' ? 'BAD_RESPONSE' : 'UNREACHABLE',
      `${what}: no node of ${n} gave a verifiable answer (last: ${last?.message ?? 'none'})`)
  }
}
