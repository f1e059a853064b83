// Domain-separated SHA-256. A hash of one purpose can never be taken for a
// hash of another: the tag and a zero byte come first.
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8 } from './bytes.ts'

export const HashTag = {
  block: 'certchain/block/v1',
  txId: 'certchain/txid/v1',
  genesis: 'certchain/genesis/v1',
  /** H1: the user-device info, hashed in the app; never leaves it in clear. */
  h1: 'certchain/h1/v1',
  /** H2: the app's integrity verification key (app id, version, checksum), in a fixed layout (v1 hashed its protobuf encoding). */
  h2: 'certchain/h2/v2',
  /** H3: the IoT device's info, hashed on the device. */
  h3: 'certchain/h3/v1',
  /** R: the registration hash over the combination method and the selected hashes, in a fixed layout (v1 hashed the method's protobuf encoding). */
  registrationHash: 'certchain/registration-hash/v2',
  registrationId: 'certchain/registration-id/v1',
  /** What a running app measured when more than its built file runs (clients/measure.ts): never a release's checksum. */
  appMeasurement: 'certchain/app-measurement/v1',
  /** The challenge of a platform attestation: the login and H2. */
  attestationChallenge: 'certchain/attestation-challenge/v1'
} as const
export type HashTagValue = typeof HashTag[keyof typeof HashTag]

const tagPrefixes = new Map<string, Uint8Array>()
function prefixOf (tag: string): Uint8Array {
  let prefix = tagPrefixes.get(tag)
  if (prefix === undefined) {
    const t = utf8(tag)
    prefix = new Uint8Array(t.length + 1)
    prefix.set(t, 0)
    tagPrefixes.set(tag, prefix)
  }
  return prefix
}

/** sha256(utf8(tag) || 0x00 || data) */
export function taggedHash (tag: HashTagValue, data: Uint8Array): Uint8Array {
  return sha256.create().update(prefixOf(tag)).update(data).digest()
}

export { sha256 }
