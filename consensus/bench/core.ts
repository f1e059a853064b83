// Throughput of the consensus state machine alone: n = 4 replicas in one
// process, messages delivered instantly in FIFO order, real Ed25519
// (node:crypto) for every signature and verification. No network, no disk:
// this is the ceiling the core puts on a node. Usage:
//   npm run bench:consensus-core [-- --batches 1,10,100,1000 --tx 4000]
import { sha256 } from '@noble/hashes/sha2.js'
import { Command } from 'commander'
import { utf8 } from '../../protocols/bytes.ts'
import { makeValidatorSet } from '../../protocols/certificate.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { genesisHash, makeGenesis } from '../../protocols/genesis.ts'
import { keyPairFromSeed } from '../../protocols/sign.ts'
import { signTransaction, TxKind } from '../../protocols/tx.ts'
import { OpaqueApp } from '../app.ts'
import { defaultConsensusParams } from '../constants.ts'
import { Replica } from '../replica.ts'
import type { Effect } from '../types.ts'

interface Row { batch: number, txs: number, blocks: number, seconds: number, blocksPerSecond: number, txPerSecond: number }

function runOnce (batch: number, txCount: number, payloadBytes: number): Row {
  const n = 4
  const chainId = 'bench-chain'
  const keys = Array.from({ length: n }, (_, i) => keyPairFromSeed(sha256(utf8(`bench-${i}`)), nodeEd25519))
  const set = makeValidatorSet(chainId, keys.map(k => k.publicKey))
  const gh = genesisHash(makeGenesis(chainId, keys.map(k => k.publicKey), 0))
  const params = { ...defaultConsensusParams, blockTxCountMax: batch, pendingTxCountMax: txCount + 1 }
  const apps = keys.map(() => new OpaqueApp(nodeEd25519, chainId))
  const replicas = keys.map((key, index) => new Replica({ index, key, validators: set, genesisHash: gh, genesisTimeMs: 0, ed: nodeEd25519, app: apps[index], params },
    { head: { height: 0, hash: gh, timestampMs: 0 } }))
  const client = keyPairFromSeed(sha256(utf8('bench-client')), nodeEd25519)
  const payload = new Uint8Array(payloadBytes)
  const txs = Array.from({ length: txCount }, (_, i) => signTransaction(nodeEd25519, client, chainId, { kind: TxKind.opaque, nonce: i + 1, payload }))
  const queue: Array<{ to: number, bytes: Uint8Array, tx: boolean }> = []
  let blocks = 0
  let now = 1
  const apply = (from: number, effects: Effect[]): void => {
    for (const e of effects) {
      if (e.kind === 'broadcast') for (let to = 0; to < n; to++) { if (to !== from) queue.push({ to, bytes: e.bytes, tx: false }) }
      else if (e.kind === 'send') queue.push({ to: e.to, bytes: e.bytes, tx: false })
      else if (e.kind === 'gossip-tx') for (let to = 0; to < n; to++) { if (to !== from) queue.push({ to, bytes: e.bytes, tx: true }) }
      else if (e.kind === 'commit' && from === 0) blocks++
    }
  }
  const t0 = performance.now()
  // Clients spread transactions over all replicas; each gossips to the others.
  for (let i = 0; i < txs.length; i++) {
    const to = i % n
    apply(to, replicas[to].step({ kind: 'tx', nowMs: now, bytes: txs[i], fromClient: true }))
    // Deliver as we go, so blocks form while transactions still arrive.
    if (i % batch === batch - 1) drain()
  }
  drain()
  function drain (): void {
    while (queue.length > 0) {
      const m = queue.shift() as { to: number, bytes: Uint8Array, tx: boolean }
      now += 0.001
      apply(m.to, replicas[m.to].step(m.tx ? { kind: 'tx', nowMs: now, bytes: m.bytes, fromClient: false } : { kind: 'message', nowMs: now, bytes: m.bytes }))
    }
  }
  const seconds = (performance.now() - t0) / 1000
  const committed = apps[0].committedCount
  if (committed !== txCount || replicas.some(r => r.head.height !== replicas[0].head.height)) {
    throw new Error(`bench run incomplete: ${committed}/${txCount} committed`)
  }
  return { batch, txs: txCount, blocks, seconds, blocksPerSecond: blocks / seconds, txPerSecond: txCount / seconds }
}

const program = new Command('bench:consensus-core')
  .option('--batches <list>', 'block sizes (transactions per block)', '1,10,100,1000')
  .option('--tx <count>', 'transactions per run', '4000')
  .option('--payload <bytes>', 'payload size of each transaction', '100')
  .action((o: { batches: string, tx: string, payload: string }) => {
    const rows: Row[] = []
    console.log(`consensus core alone, n = 4 in one process, ${o.tx} signed transactions of ${o.payload} payload bytes, node ${process.version}`)
    console.log('batch   blocks   seconds   blocks/s      tx/s')
    for (const batch of o.batches.split(',').map(Number)) {
      const row = runOnce(batch, Number(o.tx), Number(o.payload))
      rows.push(row)
      console.log(`${String(batch).padStart(5)} ${String(row.blocks).padStart(8)} ${row.seconds.toFixed(2).padStart(9)} ${row.blocksPerSecond.toFixed(0).padStart(10)} ${row.txPerSecond.toFixed(0).padStart(9)}`)
    }
    console.log('(all four replicas share one core here: a replica alone does about 4x this work rate)')
    console.log(JSON.stringify(rows))
  })
program.parse()
