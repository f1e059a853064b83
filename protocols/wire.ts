// The structural check of the lenient decoders (codec.ts decodeLenient):
// received bytes are walked against the schema generated from the .proto
// files (proto/schema.ts) before protons decodes them. protons' decoders
// trust the wire type of a known field and read past a truncated varint, so
// on their own a wrong wire type is read as some other value rather than
// refused; this walk makes "decodes" mean what it means for any conformant
// proto3 parser, or refuses the input:
//  - every field of the schema has its type's wire type (a repeated scalar
//    may also be packed); field number 0, groups and wire types 6, 7 are
//    refused;
//  - varints end within 10 bytes and inside their message; a uint32, bool
//    or enum fits 32 bits, a uint64 (read as a JavaScript number) 2^53 - 1;
//  - lengths stay inside the enclosing message; strings are valid UTF-8;
//    embedded messages are walked the same way (depth at most 16);
//  - a field that does not repeat appears at most once. proto3 parsers take
//    the last of a scalar and merge two of a message, protons would replace
//    the message: no encoder writes a singular field twice, so refusing it
//    keeps one reading of every accepted input;
//  - unknown field numbers are skipped, as proto3 says (see codec.ts).
// Values are read with protons-runtime's reader; this file only checks
// bounds and shapes around it.
import { reader as protonsReader } from 'protons-runtime'
import { schema, type SchemaField } from './proto/schema.ts'

export class WireError extends Error {
  override name = 'WireError'
}

const depthMax = 16
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
type Reader = ReturnType<typeof protonsReader>

/** The byte length of the varint at `pos`, which must end before `end`, in at most `bytesMax` bytes. */
function varintLength (buf: Uint8Array, pos: number, end: number, bytesMax: number, what: string): number {
  for (let i = 0; i < bytesMax; i++) {
    if (pos + i >= end) throw new WireError(`${what}: truncated varint`)
    if (buf[pos + i] < 0x80) return i + 1
  }
  throw new WireError(`${what}: varint over ${bytesMax} bytes`)
}

/** A varint that fits 32 bits: at most 5 bytes, the fifth at most 0x0f. */
function read32 (r: Reader, end: number, what: string): number {
  const n = varintLength(r.buf, r.pos, end, 5, what)
  if (n === 5 && r.buf[r.pos + 4] > 0x0f) throw new WireError(`${what}: value over 32 bits`)
  return r.uint32()
}

function read64 (r: Reader, end: number, what: string): void {
  const n = varintLength(r.buf, r.pos, end, 10, what)
  if (n === 10 && r.buf[r.pos + 9] > 0x01) throw new WireError(`${what}: value over 64 bits`)
  if (r.uint64() > BigInt(Number.MAX_SAFE_INTEGER)) throw new WireError(`${what}: value over 2^53 - 1`)
}

function readLength (r: Reader, end: number, what: string): number {
  const length = read32(r, end, what)
  if (length > end - r.pos) throw new WireError(`${what}: length ${length} runs past the end`)
  return length
}

function skipUnknown (r: Reader, end: number, wireType: number, what: string): void {
  switch (wireType) {
    case 0: r.pos += varintLength(r.buf, r.pos, end, 10, what); return
    case 1: if (end - r.pos < 8) throw new WireError(`${what}: truncated fixed64`); r.pos += 8; return
    case 2: { const length = readLength(r, end, what); r.pos += length; return }
    case 5: if (end - r.pos < 4) throw new WireError(`${what}: truncated fixed32`); r.pos += 4; return
    default: throw new WireError(`${what}: wire type ${wireType} is not allowed`)
  }
}

function readScalar (r: Reader, end: number, f: SchemaField, what: string): void {
  if (f.kind === 'uint64') read64(r, end, what)
  else read32(r, end, what)
}

function walk (r: Reader, end: number, typeName: string, depth: number): void {
  const fields = schema[typeName]
  if (fields === undefined) throw new TypeError(`wire: no schema for ${typeName}`)
  if (depth > depthMax) throw new WireError(`${typeName}: messages nested deeper than ${depthMax}`)
  const seen = new Set<number>()
  while (r.pos < end) {
    const tag = read32(r, end, `${typeName}: tag`)
    const number = tag >>> 3
    const wireType = tag & 7
    if (number === 0) throw new WireError(`${typeName}: field number 0`)
    const f = fields[number]
    const what = `${typeName}.${f?.name ?? `#${number}`}`
    if (f === undefined) { skipUnknown(r, end, wireType, what); continue }
    if (!f.repeated) {
      if (seen.has(number)) throw new WireError(`${what}: a field that does not repeat appears twice`)
      seen.add(number)
    }
    const scalar = f.kind === 'uint32' || f.kind === 'uint64' || f.kind === 'bool' || f.kind === 'enum'
    if (scalar && wireType === 0) { readScalar(r, end, f, what); continue }
    if (scalar && f.repeated && wireType === 2) {
      const packedLength = readLength(r, end, what)
      const packedEnd = r.pos + packedLength
      while (r.pos < packedEnd) readScalar(r, packedEnd, f, what)
      continue
    }
    if (wireType !== 2 || scalar) throw new WireError(`${what}: wire type ${wireType}, expected ${scalar ? 0 : 2}`)
    const length = readLength(r, end, what)
    const fieldEnd = r.pos + length
    if (f.kind === 'string') {
      try {
        strictUtf8.decode(r.buf.subarray(r.pos, fieldEnd))
      } catch {
        throw new WireError(`${what}: not valid UTF-8`)
      }
    } else if (f.kind === 'message') {
      walk(r, fieldEnd, f.message as string, depth + 1)
    }
    r.pos = fieldEnd
  }
}

/** Throws WireError unless `bytes` is a well-formed proto3 encoding of `typeName` (see the header). */
export function checkWire (typeName: string, bytes: Uint8Array): void {
  const r = protonsReader(bytes)
  walk(r, bytes.length, typeName, 0)
}

export const hasSchema = (typeName: string): boolean => schema[typeName] !== undefined
