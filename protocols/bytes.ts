// Small byte helpers over uint8arrays, so the rest of the code reads as intent.
import { equals } from 'uint8arrays/equals'
import { concat } from 'uint8arrays/concat'
import { toString } from 'uint8arrays/to-string'
import { fromString } from 'uint8arrays/from-string'
import { compare } from 'uint8arrays/compare'

export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => equals(a, b)
export const concatBytes = (parts: Uint8Array[]): Uint8Array => concat(parts)
export const compareBytes = (a: Uint8Array, b: Uint8Array): number => compare(a, b)
export const toHex = (b: Uint8Array): string => toString(b, 'base16')
export const utf8 = (s: string): Uint8Array => fromString(s, 'utf8')
export const fromUtf8 = (b: Uint8Array): string => toString(b, 'utf8')

export function fromHex (s: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/.test(s)) throw new TypeError('expected lower-case hex of whole bytes')
  return fromString(s, 'base16')
}

/** Short hex for logs: the first 8 bytes. */
export const shortHex = (b: Uint8Array): string => toHex(b.subarray(0, 8))
