// `npm start` / `certchain demo`: a local 4-node testnet, a few transactions
// with their receipts checked offline against the validator set, a short
// load, the status of every node, then how to go on by hand.
import { toHex } from '../protocols/bytes.ts'
import { nodeEd25519 } from '../protocols/ed25519-node.ts'
import { runLoad, signLoad } from './load.ts'
import { Testnet } from './testnet.ts'

export interface DemoOptions {
  dir: string
  basePort: number
  out: (line: string) => void
}

export async function runDemo ({ dir, basePort, out }: DemoOptions): Promise<void> {
  out('certchain demo: a local network of 4 certification nodes (PBFT over libp2p, f = 1)')
  const tn = await Testnet.up({ nodes: 4, dir, basePort, onProgress: out })
  out(`  chain ${tn.network.chainId}, validators:`)
  for (const v of tn.network.validators) out(`    node ${v.index}  ${v.multiaddrs[0]}`)
  const client = await tn.getClient()
  out('\n1. three signed transactions, each sent to a different node, waiting for its commit;')
  out('   each receipt (block header, commit certificate, Merkle proofs) is verified here, offline, against the validator set:')
  for (const [i, tx] of signLoad(tn.network.chainId, 3).entries()) {
    const t0 = performance.now()
    const r = await client.submit(tn.address(i + 1), tx, { wait: true, ed: nodeEd25519, set: tn.set })
    if (r.receipt === undefined) throw new Error(`transaction ${i} not committed: ${r.status}`)
    // Ask another node for the same receipt: any node can serve it, and it verifies the same way.
    const again = await client.receipt(tn.address(0), r.txId, nodeEd25519, tn.set)
    if (again.blockHash.length !== 32 || again.header.height !== r.receipt.header.height) throw new Error('receipts disagree')
    out(`   tx ${toHex(r.txId).slice(0, 16)}… via node ${i + 1}: committed at height ${r.receipt.header.height}, ` +
      `block ${toHex(r.receipt.blockHash).slice(0, 16)}…, ${(performance.now() - t0).toFixed(0)} ms; receipt verified (also as served by node 0)`)
  }
  out('\n2. a short load: 1,000 transactions to random nodes, 64 in flight')
  const result = await runLoad(client, tn.network.validators.map(v => v.multiaddrs[0]), signLoad(tn.network.chainId, 1000), { tx: 1000, concurrency: 64 })
  out(`   committed ${result.committed}/${result.submitted} in ${result.seconds.toFixed(2)} s (${result.throughput.toFixed(0)} tx/s), ` +
    `latency p50 ${result.latencyMs.p50.toFixed(0)} ms, p99 ${result.latencyMs.p99.toFixed(0)} ms`)
  out('\n3. every node, over the query protocol:')
  for (const s of await tn.statuses()) {
    out(`   node ${s.index}: height ${s.status?.height ?? '-'}, view ${s.status?.view ?? '-'}, tip ${s.status === undefined ? '-' : toHex(s.status.tipHash).slice(0, 16)}…, ` +
      `${s.status?.connectedValidators.length ?? 0}/3 validators connected`)
  }
  await tn.close()
  const cli = 'npm run -s certchain --'
  out(`\nThe testnet keeps running in ${tn.dir}. Try it by hand:`)
  out(`   ${cli} testnet status                 heights, views, tips, peers`)
  out(`   ${cli} testnet load --tx 5000         throughput and latency`)
  out(`   ${cli} testnet kill 0                 kill the primary, watch the view change`)
  out(`   ${cli} testnet start 0                bring it back: it catches up`)
  out(`   ${cli} testnet partition 0,1 2,3      no quorum on either side; then: testnet heal`)
  out(`   ${cli} chain verify --home ${tn.dir}/node-1   (on a stopped node) check a store offline`)
  out(`Stop it with: ${cli} testnet down   (add --purge to delete its data)`)
}
