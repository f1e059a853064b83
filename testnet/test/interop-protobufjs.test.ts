// Interop end to end: an app written from docs/PROTOCOL.md with protobufjs at
// its defaults (no option, no override: explicit defaults written, repeated
// scalars packed), loaded from protocols/proto/*.proto, against a real 4-node
// testnet and our device SDK. Every protobuf byte the app sends comes from
// protobufjs; it uses our Ed25519 signing, the fixed hash layouts and libp2p's
// length-prefixed framing, and checks what it receives with our receipt check.
// It pairs, registers (relayed by the device, then the same bytes directly),
// queries the nodes, certifies (GRANTED) and runs a command.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { lpStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeviceProtocol } from '../../clients/common.ts'
import { Device } from '../../clients/device.ts'
import { loadNetwork, type Network } from '../../clients/network.ts'
import { bytesEqual, toHex } from '../../protocols/bytes.ts'
import { certificationValue, decodeAuthVerdict, h1Of, h2Of, peerIdOfKey, registrationIdOf, Verdict, verifyNonce, verifyRegistrationCosign } from '../../protocols/cert.ts'
import { nobleEd25519, SignTag, signTagged, type KeyPair } from '../../protocols/sign.ts'
import {
  decodeQueryResponse, decodeSubmitTxResponse, ProtocolId, queryResponseBytesMax, Status, submitResponseBytesMax, verifyReceipt, type Receipt
} from '../../protocols/node-protocols.ts'
import { exchange } from '../../protocols/rpc.ts'
import { txIdOf } from '../../protocols/tx.ts'
import { deviceMessageBytesMax } from '../../protocols/constants.ts'
import { pbDecode, pbEncode } from '../../protocols/test/protobufjs.ts'
import type { Testnet } from '../testnet.ts'
import { startTestnet } from './helpers.ts'

const ed = nobleEd25519
let tn: Testnet
let network: Network
let dir: string
let device: Device
let libp2p: Libp2p
let user: KeyPair

type Json = Record<string, any>

/** One /certchain/device/1.0.0 stream, each message encoded and read by protobufjs. */
async function openDevice (): Promise<{ send: (m: Json) => Promise<void>, read: () => Promise<Json>, close: () => Promise<void> }> {
  const stream = await libp2p.dialProtocol(multiaddr(device.multiaddrs[0]), DeviceProtocol, { signal: AbortSignal.timeout(10_000) })
  const lp = lpStream(stream, { maxDataLength: deviceMessageBytesMax })
  return {
    send: async m => { await lp.write(pbEncode('AppMessage', m), { signal: AbortSignal.timeout(10_000) }) },
    read: async () => pbDecode('DeviceMessage', (await lp.read({ signal: AbortSignal.timeout(30_000) })).subarray()) as Json,
    close: async () => { await stream.close() }
  }
}

/** A request/response protocol of a node, the request encoded by protobufjs. */
async function ask (node: number, protocol: string, type: string, request: Json, responseBytesMax: number): Promise<Uint8Array> {
  const stream = await libp2p.dialProtocol(multiaddr(tn.address(node)), protocol, { signal: AbortSignal.timeout(10_000) })
  return await exchange(stream, pbEncode(type, request), responseBytesMax, 20_000)
}

/** Every field of a QueryRequest set, the unused ones to their defaults, as a protobufjs user would leave them. */
const query = (fields: Json): Json => ({ kind: 'QUERY_KIND_UNSPECIFIED', height: 0, txId: new Uint8Array(0), count: 0, id: new Uint8Array(0), offset: 0, ...fields })

/** A signed transaction whose every byte is protobufjs's: the body, then the envelope. */
function transaction (kind: number, nonce: number, payload: Uint8Array): Uint8Array {
  const body = pbEncode('TxBody', { kind, signer: user.publicKey, nonce, payload })
  return pbEncode('Transaction', { body, signature: signTagged(ed, user, SignTag.tx, network.chainId, body) })
}

beforeAll(async () => {
  tn = await startTestnet(27800)
  await tn.publishRelease({ ...integrity, runtime: `node/${process.versions.node.split('.')[0]}` })
  dir = mkdtempSync(join(tmpdir(), 'certchain-interop-'))
  network = loadNetwork(join(tn.dir, 'network.json'))
  device = await Device.open({ network, home: join(dir, 'device'), allowLoopback: true })
  await device.start()
  await device.provision()
  const seed = randomBytes(32)
  user = { secretKey: seed, publicKey: ed.publicKey(seed) }
  libp2p = await createLibp2p({
    privateKey: await generateKeyPairFromSeed('Ed25519', seed),
    addresses: { listen: [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()]
  })
}, 120_000)

afterAll(async () => {
  await libp2p?.stop()
  await device?.stop()
  await tn?.down(true)
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

/**
 * This app is an outside vendor's: its integrity key names this file's own
 * bytes, and the test publishes that release as the vendor would (PROTOCOL.md
 * section 14) before it certifies.
 */
const integrity = {
  appId: 'org.example.interop-protobufjs',
  version: '1.0.0',
  checksum: createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest()
}

describe('an app that speaks protobufjs at its defaults', () => {
  const h1 = h1Of({ installId: 'interop', platform: 'protobufjs' })
  const h2 = h2Of(integrity)
  const selection = [3, 1, 2]
  let registrationId: Uint8Array
  let registrationHash: Uint8Array
  let registrationTx: Uint8Array

  it('pairs (the method\'s selection packed) and registers, relayed by the device', async () => {
    const salt = randomBytes(16)
    const io = await openDevice()
    try {
      await io.send({ pair: { pairingCode: device.pairingCode, h1, h2, method: { selection, salt } } })
      const pair = (await io.read()).pair
      expect(pair).toBeDefined()
      const registration = pbDecode('UserRegistration', pair.registration) as Json
      expect(registration.method).toEqual({ selection, salt: Uint8Array.from(salt) })
      expect(toHex(registration.userKey)).toBe(toHex(user.publicKey))
      expect(verifyRegistrationCosign(ed, device.key.publicKey, network.chainId, pair.registration, pair.deviceSignature)).toBe(true)
      registrationHash = registration.registrationHash
      registrationTx = transaction(4, registration.issuedMs, pbEncode('RegisterUser', { registration: pair.registration, deviceSignature: pair.deviceSignature }))
      await io.send({ register: { tx: registrationTx } })
      const registered = (await io.read()).registered
      expect(registered?.receipt).toBeDefined()
      const receipt = registered.receipt as Receipt
      const txId = txIdOf((pbDecode('Transaction', registrationTx) as Json).body)
      const verified = verifyReceipt(ed, network.set, receipt, txId)
      expect(verified.resultCode).toBe(0)
      registrationId = registrationIdOf(device.key.publicKey, user.publicKey)
      expect(toHex(verified.resultData)).toBe(toHex(registrationId))
      // Both fields set and in order: protobufjs's envelope is the canonical one, which the chain holds.
      expect(bytesEqual(receipt.tx, registrationTx)).toBe(true)
    } finally {
      await io.close()
    }
  })

  it('submits the same transaction directly: ALREADY_COMMITTED, with its receipt', async () => {
    const r = decodeSubmitTxResponse(await ask(1, ProtocolId.tx, 'SubmitTxRequest', { tx: registrationTx, wait: true, timeoutMs: 0 }, submitResponseBytesMax))
    expect(r.status).toBe(Status.ALREADY_COMMITTED)
    expect(toHex(r.txId)).toBe(toHex(txIdOf((pbDecode('Transaction', registrationTx) as Json).body)))
  })

  it('queries the nodes (every field written, defaults included): STATUS, TX, REGISTRATION, INTEGRITY', async () => {
    expect(toHex(pbEncode('QueryRequest', query({ kind: 'STATUS' })))).toBe('080110001a0020002a003800')
    const status = decodeQueryResponse(await ask(0, ProtocolId.query, 'QueryRequest', query({ kind: 'STATUS' }), queryResponseBytesMax))
    expect(status.status).toBe(Status.OK)
    expect(status.nodeStatus?.chainId).toBe(network.chainId)
    const txId = txIdOf((pbDecode('Transaction', registrationTx) as Json).body)
    const tx = decodeQueryResponse(await ask(2, ProtocolId.query, 'QueryRequest', query({ kind: 'TX', txId }), queryResponseBytesMax))
    expect(tx.status).toBe(Status.OK)
    verifyReceipt(ed, network.set, tx.receipt as Receipt, txId)
    const reg = decodeQueryResponse(await ask(3, ProtocolId.query, 'QueryRequest', query({ kind: 'REGISTRATION', id: registrationId }), queryResponseBytesMax))
    expect(reg.status).toBe(Status.OK)
    expect(reg.registration?.method?.selection).toEqual(selection)
    expect(toHex(reg.registration?.registrationHash ?? new Uint8Array(0))).toBe(toHex(registrationHash))
    const verdict = decodeQueryResponse(await ask(0, ProtocolId.query, 'QueryRequest', query({ kind: 'INTEGRITY', id: registrationId, integrity }), queryResponseBytesMax))
    expect(verdict.verdict).toBe(Verdict.GRANTED)
  })

  it('certifies: GRANTED, verified with the receipt; then a command', async () => {
    const io = await openDevice()
    try {
      const appPeer = peerIdOfKey(user.publicKey)
      const login = pbEncode('LoginBody', { registrationId, appPeer, devicePeer: device.deviceId, timeMs: Date.now() })
      await io.send({ login: { login, loginSignature: signTagged(ed, user, SignTag.login, network.chainId, login), h1, integrity } })
      const challenge = (await io.read()).challenge
      expect(challenge).toBeDefined()
      expect(verifyNonce(ed, device.key.publicKey, network.chainId, challenge.nonce, challenge.nonceSignature)).toBe(true)
      const nonce = pbDecode('NonceBody', challenge.nonce) as Json
      expect(nonce.appPeer).toBe(appPeer)
      const signature = certificationValue(ed, user, network.chainId, { nonce: nonce.nonce, registrationHash, appPeer, devicePeer: device.deviceId })
      await io.send({ certification: { signature } })
      const answer = await io.read()
      expect(answer.error).toBeUndefined()
      const verified = verifyReceipt(ed, network.set, answer.verdict.receipt as Receipt)
      expect(decodeAuthVerdict(verified.resultData).verdict).toBe(Verdict.GRANTED)
      expect(answer.verdict.sessionExpiresMs).toBeGreaterThan(Date.now())
      await io.send({ command: { seq: 1, name: 'unlock' } })
      expect((await io.read()).result).toMatchObject({ seq: 1, state: 'unlocked' })
    } finally {
      await io.close()
    }
  })
})
