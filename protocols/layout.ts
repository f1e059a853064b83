// Fixed byte layouts: what a hash or a signature covers when its input is a
// value rather than bytes that travel. Protobuf is not used for those: an
// encoding that every library writes the same way at its defaults does not
// exist (packed or not, defaults written or not), and a hash must be
// recomputable from the values alone by any implementation, a C device
// included. Each item is length-prefixed, so the concatenation is
// unambiguous; the tag of the hash or signature separates the domains.
//
//   item(b)  = u32be(length of b) || b
//   layout   = item(b1) || item(b2) || ... || item(bn)
//
// docs/PROTOCOL.md section 2 lists each layout byte by byte, and
// docs/vectors/certchain-formats.json (`layouts`) holds an example of each.
import { concatBytes } from './bytes.ts'

const itemBytesMax = 0xffff_ffff

/** item(b1) || ... || item(bn), item(b) = u32be(b.length) || b. */
export function lengthPrefixed (items: Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = []
  for (const item of items) {
    if (!(item instanceof Uint8Array) || item.length > itemBytesMax) throw new TypeError('a layout item is bytes, at most 2^32 - 1 of them')
    const prefix = new Uint8Array(4)
    new DataView(prefix.buffer).setUint32(0, item.length, false)
    parts.push(prefix, item)
  }
  return concatBytes(parts)
}
