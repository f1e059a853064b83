// protobufjs, loaded from protocols/proto/*.proto, as another implementation
// would use it: `fromObject` then `encode` with no option, so every property
// the object has is written (defaults included) and repeated scalars are
// packed, the proto3 default. The lenient decoders must accept what it writes
// and read the same values; it must read what we write. Used by the property
// tests, the vector generator and testnet/test/interop-protobufjs.test.ts.
import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'

const protoDir = fileURLToPath(new URL('../proto/', import.meta.url))
export const protoFiles = ['chain', 'consensus', 'cert', 'node'].map(f => `${protoDir}${f}.proto`)

export const pbRoot: protobuf.Root = protobuf.loadSync(protoFiles)
pbRoot.resolveAll()

export const pbType = (name: string): protobuf.Type => pbRoot.lookupType(name)

/** protobufjs at its defaults: every property of `value` is set, then encoded. */
export function pbEncode (typeName: string, value: unknown): Uint8Array {
  const type = pbType(typeName)
  const message = type.fromObject(value as Record<string, unknown>)
  return Uint8Array.from(type.encode(message).finish())
}

/** protobufjs's reading of `bytes`, in the shape protons gives (numbers, enum names, Uint8Array, unset messages undefined). */
export function pbDecode (typeName: string, bytes: Uint8Array): unknown {
  const type = pbType(typeName)
  return shapeOf(type, type.toObject(type.decode(bytes), { longs: Number, enums: String, defaults: true, arrays: true }))
}

function shapeOf (type: protobuf.Type, object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of type.fieldsArray) {
    const value = object[field.name]
    const one = (v: unknown): unknown => {
      if (field.resolvedType instanceof protobuf.Type) return shapeOf(field.resolvedType, v as Record<string, unknown>)
      if (field.type === 'bytes') return Uint8Array.from(v as Uint8Array)
      return v
    }
    if (field.repeated) out[field.name] = (value as unknown[]).map(one)
    // A proto3 `optional` field (a synthetic oneof) has no default: unset stays unset, as protons reads it.
    else if (field.partOf !== null && (value === null || value === undefined)) continue
    else if (field.resolvedType instanceof protobuf.Type) {
      if (value !== null && value !== undefined) out[field.name] = one(value)
    } else out[field.name] = one(value)
  }
  return out
}

/** The values of a protons-decoded object with its byte views copied, so that equality does not depend on the buffer they view. */
export function plain (value: unknown): unknown {
  if (value instanceof Uint8Array) return Uint8Array.from(value)
  if (Array.isArray(value)) return value.map(plain)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]))
  }
  return value
}
