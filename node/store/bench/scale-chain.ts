// The chain bench:scale (testnet/bench/scale.ts) starts its nodes on, as a
// script it runs in a process of its own:
//   npx tsx node/store/bench/scale-chain.ts --genesis FILE --chain DIR --vendor-key FILE \
//     --validator-key FILE... --blocks N --registrations N --users-per-device N --out FILE.json
// It writes `blocks` certified blocks that
// hold `registrations` user registrations of `registrations / usersPerDevice`
// devices, signed by the testnet's own demo vendor, devices and users, and
// certified by a quorum of its validators' keys, written through the chain
// store's own append (every link, root and certificate checked as a node
// checks a block it commits). Results are what the certification state
// gives each transaction (ok; a RegisterUser's data is its registration id):
// the nodes replay the chain at start and crash on a result that differs,
// so a wrong chain cannot pass unseen. Deterministic for a given testnet:
// keys from the testnet's files, device and user keys from fixed seeds,
// block times 1 ms apart from the genesis time on.
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { buildBlock, type LinkPoint } from '../../../protocols/block.ts'
import { fromHex, toHex, utf8 } from '../../../protocols/bytes.ts'
import {
  CertTxKind, DeviceRegistration, h1Of, h2Of, h3Of, RegisterUser, registrationHashOf, registrationIdOf, signRegistrationCosign, UserRegistration,
  type CombinationMethod
} from '../../../protocols/cert.ts'
import { voteBodyBytes } from '../../../protocols/certificate.ts'
import { decodeTransaction, encode } from '../../../protocols/codec.ts'
import { nodeEd25519 } from '../../../protocols/ed25519-node.ts'
import { genesisHash } from '../../../protocols/genesis.ts'
import { sha256 } from '../../../protocols/hash.ts'
import { keyPairFromSeed, SignTag, signTagged, type KeyPair } from '../../../protocols/sign.ts'
import { ResultCode, signTransaction, txIdOf } from '../../../protocols/tx.ts'
import { parseGenesis, type Genesis as GenesisFile } from '../../../protocols/genesis.ts'
import { seedOf } from '../../config.ts'
import { ChainStore } from '../chain-store.ts'

interface ScaleChainOptions {
  /** The chain store directory to fill (empty or absent). */
  chain: string
  /** Each validator's libp2p key file (node.key), in validator order. */
  validatorKeys: string[]
  /** The vendor's key file (a 32-byte hex seed), a vendor of the genesis. */
  vendorKey: string
  blocks: number
  registrations: number
  usersPerDevice: number
  onProgress?: (line: string) => void
}

interface ScaleChain {
  height: number
  /** Registration ids, device keys and transaction ids to query, a sample of each. */
  sample: { registrationIds: Uint8Array[], deviceKeys: Uint8Array[], txIds: Uint8Array[] }
  /** Bytes of the blocks (header, transactions, results) and their certificates, as appended. */
  blockBytes: number
  certificateBytes: number
  ms: number
}

const seeded = (label: string): KeyPair => keyPairFromSeed(sha256(utf8(`certchain-bench-scale/${label}`)), nodeEd25519)
/** Queried ids: at most this many of each kind are kept. */
const sampleMax = 2000
/** Appends handed to the store before the first of them is awaited: its group commit writes them in batches. */
const appendsInFlight = 512

/** Writes the chain into the store `o.chain` (empty, no node running on it); the caller copies it to every home. */
async function writeScaleChain (genesis: GenesisFile, o: ScaleChainOptions): Promise<ScaleChain> {
  const t0 = Date.now()
  const ed = nodeEd25519
  const chainId = genesis.chainId
  const validators = o.validatorKeys.map(path => keyPairFromSeed(seedOf(privateKeyFromProtobuf(readFileSync(path))), ed))
  if (validators.length !== genesis.validators.length) throw new Error(`${validators.length} validator keys for ${genesis.validators.length} validators`)
  const quorum = 2 * Math.floor((validators.length - 1) / 3) + 1
  const vendor = keyPairFromSeed(fromHex(readFileSync(o.vendorKey, 'utf8').trim()), ed)
  const devices = Math.ceil(o.registrations / o.usersPerDevice)
  const totalTxs = devices + o.registrations
  if (o.blocks < 1 || totalTxs > o.blocks * 64) throw new Error(`${totalTxs} transactions do not fit ${o.blocks} blocks of at most 64`)
  const integrity = { appId: 'bench.scale', version: '1.0.0', checksum: sha256(utf8('bench:scale app')) }
  const h2 = h2Of(integrity)
  const method: CombinationMethod = { selection: [1, 2, 3], salt: new Uint8Array(16).fill(7) }

  // The transactions in chain order: each device's registration, then its users'.
  let device = 0
  let user = 0
  let deviceKey: KeyPair | undefined
  let h3: Uint8Array = new Uint8Array(0)
  const sample: ScaleChain['sample'] = { registrationIds: [], deviceKeys: [], txIds: [] }
  const keep = <T>(list: T[], v: T, n: number): void => { if (list.length < sampleMax && n % Math.max(1, Math.floor(o.registrations / sampleMax)) === 0) list.push(v) }
  const nextTx = (timestampMs: number): { tx: Uint8Array, data: Uint8Array } => {
    if (deviceKey === undefined || (user > 0 && user % o.usersPerDevice === 0 && user / o.usersPerDevice === device)) {
      deviceKey = seeded(`device-${device}`)
      h3 = h3Of({ model: 'bench-lock', serial: `SN-${device}` })
      const payload = DeviceRegistration.encode({ deviceKey: deviceKey.publicKey, h3, model: 'bench-lock' })
      keep(sample.deviceKeys, deviceKey.publicKey, device * o.usersPerDevice)
      device++
      return { tx: signTransaction(ed, vendor, chainId, { kind: CertTxKind.registerDevice, nonce: device, payload }), data: new Uint8Array(0) }
    }
    const userKey = seeded(`user-${user}`)
    const h1 = h1Of({ owner: `user ${user}`, device: device - 1 })
    const R = registrationHashOf(method, { h1, h2, h3 }) as Uint8Array
    const registration = UserRegistration.encode({ deviceKey: deviceKey.publicKey, userKey: userKey.publicKey, h1, h2, h3, method, registrationHash: R, issuedMs: timestampMs })
    const payload = RegisterUser.encode({ registration, deviceSignature: signRegistrationCosign(ed, deviceKey, chainId, registration) })
    const id = registrationIdOf(deviceKey.publicKey, userKey.publicKey)
    keep(sample.registrationIds, id, user)
    user++
    return { tx: signTransaction(ed, userKey, chainId, { kind: CertTxKind.registerUser, nonce: timestampMs, payload }), data: id }
  }

  const store = await ChainStore.open(o.chain, genesis, ed)
  let blockBytes = 0
  let certificateBytes = 0
  try {
    if (store.height() !== 0) throw new Error(`node 0's chain store holds ${store.height()} blocks: bench:scale fills an empty one`)
    let prev: LinkPoint = { height: 0, hash: genesisHash(genesis), timestampMs: genesis.genesisTimeMs }
    if (prev.timestampMs + o.blocks >= Date.now()) throw new Error('the genesis time must lie at least one ms per block in the past')
    let made = 0
    const inFlight: Array<Promise<unknown>> = []
    for (let height = 1; height <= o.blocks; height++) {
      const timestampMs = prev.timestampMs + 1
      const upTo = Math.floor(height * totalTxs / o.blocks)
      const txs: Uint8Array[] = []
      const results: Uint8Array[] = []
      for (; made < upTo; made++) {
        const { tx, data } = nextTx(timestampMs)
        const txId = txIdOf(decodeTransaction(tx).body)
        if (made % Math.max(1, Math.floor(totalTxs / sampleMax)) === 0 && sample.txIds.length < sampleMax) sample.txIds.push(txId)
        txs.push(tx)
        results.push(encode.txResult({ txId, code: ResultCode.ok, data }))
      }
      const opened = buildBlock({ chainId, height, prevHash: prev.hash, timestampMs, proposer: 0, view: 0 }, txs, results)
      const signatures = validators.slice(0, quorum).map((key, replica) => ({
        replica, signature: signTagged(ed, key, SignTag.commit, chainId, voteBodyBytes(0, height, replica, opened.hash))
      }))
      const certificate = encode.commitCertificate({ height, view: 0, blockHash: opened.hash, signatures })
      blockBytes += opened.bytes.length
      certificateBytes += certificate.length
      inFlight.push(store.append(opened.bytes, certificate))
      if (inFlight.length >= appendsInFlight) await Promise.all(inFlight.splice(0))
      prev = { height, hash: opened.hash, timestampMs }
      if (height % 10_000 === 0) o.onProgress?.(`  chain: ${height} of ${o.blocks} blocks, ${user} registrations (${((Date.now() - t0) / 1000).toFixed(0)} s)`)
    }
    await Promise.all(inFlight)
    if (user !== o.registrations) throw new Error(`assertion: ${user} registrations made, ${o.registrations} asked`)
    return { height: store.height(), sample, blockBytes, certificateBytes, ms: Date.now() - t0 }
  } finally {
    await store.close()
  }
}

const { values } = parseArgs({
  options: {
    genesis: { type: 'string' }, chain: { type: 'string' }, 'vendor-key': { type: 'string' }, 'validator-key': { type: 'string', multiple: true },
    blocks: { type: 'string' }, registrations: { type: 'string' }, 'users-per-device': { type: 'string', default: '2' }, out: { type: 'string' }
  }
})
const need = (name: string, v: string | undefined): string => { if (v === undefined) throw new Error(`--${name} is required`); return v }
const count = (name: string, v: string | undefined): number => {
  const n = Number(need(name, v))
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name}: a positive integer, not ${String(v)}`)
  return n
}
const genesis = parseGenesis(JSON.parse(readFileSync(need('genesis', values.genesis), 'utf8')))
const chain = await writeScaleChain(genesis, {
  chain: need('chain', values.chain),
  validatorKeys: values['validator-key'] ?? [],
  vendorKey: need('vendor-key', values['vendor-key']),
  blocks: count('blocks', values.blocks),
  registrations: count('registrations', values.registrations),
  usersPerDevice: count('users-per-device', values['users-per-device']),
  onProgress: line => { console.error(line) }
})
const hex = (list: Uint8Array[]): string[] => list.map(toHex)
writeFileSync(need('out', values.out), JSON.stringify({
  ...chain,
  sample: { registrationIds: hex(chain.sample.registrationIds), deviceKeys: hex(chain.sample.deviceKeys), txIds: hex(chain.sample.txIds) }
}) + '\n')
