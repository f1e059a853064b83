// The step of `npm run gen:proto` after protons: reads the .proto files with
// protobufjs (a dev dependency: nothing here runs in a node or a client) and
//  1. writes schema.ts: for every message, each field's number, name, kind,
//     and whether it repeats. protocols/wire.ts checks received bytes against
//     it (wire types, UTF-8, ranges) before protons decodes them;
//  2. patches protons' decoders of repeated scalar fields so that they read
//     the packed form too. protons 9 reads only the unpacked one (one tag per
//     element) and ignores the wire type, so a packed field, what proto3
//     encoders write by default, was read as garbage. The proto3 spec says a
//     parser must accept both forms of a repeated scalar.
//
// Deterministic: the same .proto files and protons version give the same
// files. It refuses to run on output it does not recognise (a protons
// upgrade that changes its decoders must be looked at, not patched blindly).
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url))
const protoFiles = ['chain', 'consensus', 'cert', 'node']

export type WireKind = 'uint32' | 'uint64' | 'bool' | 'enum' | 'string' | 'bytes' | 'message'
export interface SchemaField { name: string, kind: WireKind, repeated: boolean, message?: string }

const scalarKinds: Record<string, WireKind> = { uint32: 'uint32', uint64: 'uint64', bool: 'bool', string: 'string', bytes: 'bytes' }
const packable = new Set<WireKind>(['uint32', 'uint64', 'bool', 'enum'])

function kindOf (field: protobuf.Field): { kind: WireKind, message?: string } {
  field.resolve()
  if (field.resolvedType instanceof protobuf.Enum) return { kind: 'enum' }
  if (field.resolvedType instanceof protobuf.Type) return { kind: 'message', message: field.resolvedType.name }
  const kind = scalarKinds[field.type]
  if (kind === undefined) throw new Error(`postgen: field ${field.fullName} has type ${field.type}, which protocols/wire.ts does not know`)
  return { kind }
}

/** Every message, in the order of the .proto files. */
function messagesOf (root: protobuf.Root): protobuf.Type[] {
  return protoFiles.flatMap(file =>
    root.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type && n.filename?.endsWith(`${file}.proto`) === true))
}

const marker = '// certchain postgen: packed form'

/**
 * Wraps the case block of repeated field `name` (number `id`) so that wire
 * type 2 reads a run of packed values, bounded by the field's length and the
 * enclosing message's end. Both the decoder and the streaming decoder hold
 * one such block per field.
 */
function patchPacked (source: string, message: string, id: number, name: string): string {
  const start = source.indexOf(`export namespace ${message} {`)
  if (start < 0) throw new Error(`postgen: no namespace ${message}`)
  const next = source.indexOf('\nexport ', start + 1)
  const stop = next < 0 ? source.length : next
  let section = source.slice(start, stop)
  const open = `            case ${id}: {\n`
  const close = '\n              break\n            }\n'
  let from = 0
  let patched = 0
  for (;;) {
    const at = section.indexOf(open, from)
    if (at < 0) break
    const end = section.indexOf(close, at)
    if (end < 0) throw new Error(`postgen: unrecognised case block of ${message}.${name}`)
    const body = section.slice(at + open.length, end)
    if (!body.includes(`obj.${name}`) || body.includes(marker)) throw new Error(`postgen: unexpected case block of ${message}.${name}`)
    const indented = body.split('\n').map(l => (l === '' ? l : `    ${l}`)).join('\n')
    const block = `${open}              ${marker} (wire type 2) or one value per tag\n` +
      '              if ((tag & 7) === 2) {\n' +
      '                const packedEnd = reader.uint32() + reader.pos\n' +
      `                if (packedEnd > end) throw new Error('packed field "${name}" runs past the end of its message')\n` +
      '                while (reader.pos < packedEnd) {\n' +
      `${indented}\n` +
      '                }\n' +
      `                if (reader.pos !== packedEnd) throw new Error('packed field "${name}": a value runs past the field')\n` +
      '                break\n' +
      '              }\n' +
      `${body}${close}`
    section = section.slice(0, at) + block + section.slice(end + close.length)
    from = at + block.length
    patched++
  }
  if (patched !== 2) throw new Error(`postgen: expected 2 decoders of ${message}.${name}, found ${patched}`)
  return source.slice(0, start) + section + source.slice(stop)
}

function main (): void {
  const root = protobuf.loadSync(protoFiles.map(f => here(`./${f}.proto`)))
  root.resolveAll()
  const schema: Record<string, Record<number, SchemaField>> = {}
  for (const type of messagesOf(root)) {
    const fields: Record<number, SchemaField> = {}
    for (const field of [...type.fieldsArray].sort((a, b) => a.id - b.id)) {
      const { kind, message } = kindOf(field)
      fields[field.id] = { name: field.name, kind, repeated: field.repeated, ...(message === undefined ? {} : { message }) }
    }
    schema[type.name] = fields
  }
  // protons writes a copy of every imported message into the file that imports it: patch each copy.
  for (const file of protoFiles) {
    const tsPath = here(`./${file}.ts`)
    let source = readFileSync(tsPath, 'utf8')
    for (const [name, fields] of Object.entries(schema)) {
      if (!source.includes(`export namespace ${name} {`)) continue
      for (const [id, f] of Object.entries(fields)) {
        if (f.repeated && packable.has(f.kind)) source = patchPacked(source, name, Number(id), f.name)
      }
    }
    writeFileSync(tsPath, source)
  }
  const lines = [
    '// Generated by protocols/proto/postgen.ts from protocols/proto/*.proto (npm run gen:proto). Do not edit.',
    '// Each message\'s fields by number: what protocols/wire.ts checks received bytes against.',
    '',
    'export type WireKind = \'uint32\' | \'uint64\' | \'bool\' | \'enum\' | \'string\' | \'bytes\' | \'message\'',
    'export interface SchemaField { name: string, kind: WireKind, repeated: boolean, message?: string }',
    '',
    'export const schema: Record<string, Record<number, SchemaField>> = {'
  ]
  for (const [name, fields] of Object.entries(schema)) {
    lines.push(`  ${name}: {`)
    const entries = Object.entries(fields)
    entries.forEach(([id, f], i) => {
      const message = f.message === undefined ? '' : `, message: '${f.message}'`
      lines.push(`    ${id}: { name: '${f.name}', kind: '${f.kind}', repeated: ${String(f.repeated)}${message} }${i < entries.length - 1 ? ',' : ''}`)
    })
    lines.push(`  }${name === Object.keys(schema).at(-1) ? '' : ','}`)
  }
  lines.push('}', '')
  writeFileSync(here('./schema.ts'), lines.join('\n'))
}

main()
