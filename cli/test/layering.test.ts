// The dependency rule between the top-level folders, checked on every
// import of every TypeScript file (tests included): a folder may import only
// from the folders below it. The node runs without the testnet and the
// clients; the clients run without the node; only the CLI program, which
// wires everything together, may import from all of them.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(fileURLToPath(new URL('../../', import.meta.url)))

/** Who may import whom. Every folder may import itself. */
const allowed: Record<string, string[]> = {
  protocols: [],
  consensus: ['protocols'],
  node: ['protocols', 'consensus'],
  clients: ['protocols'],
  // The explorer runs in a browser: of the clients it may use only their pure verification code (below).
  explorer: ['protocols', 'clients'],
  testnet: ['protocols', 'consensus', 'clients'],
  cli: ['protocols', 'consensus', 'node', 'clients', 'testnet']
}

function tsFiles (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(path)
    return /\.tsx?$/.test(e.name) ? [path] : []
  })
}

/** Relative specifiers of static imports and exports, and of dynamic import() with a literal. */
function relativeImports (source: string): string[] {
  const found: string[] = []
  const patterns = [/\bfrom\s*'(\.{1,2}\/[^']+)'/g, /\bimport\s*\(\s*'(\.{1,2}\/[^']+)'\s*\)/g, /^\s*import\s+'(\.{1,2}\/[^']+)'/gm,
    /new URL\('(\.{1,2}\/[^']+\.ts)'/g]
  for (const p of patterns) for (const m of source.matchAll(p)) found.push(m[1])
  return found
}

function violations (files: Array<{ file: string, source: string }>): string[] {
  const out: string[] = []
  for (const { file, source } of files) {
    const from = relative(root, file).split(sep)[0]
    const may = allowed[from]
    if (may === undefined) continue
    for (const spec of relativeImports(source)) {
      const target = relative(root, resolve(dirname(file), spec)).split(sep)[0]
      if (target === from || !(target in allowed)) continue
      const what = relative(root, resolve(dirname(file), spec))
      if (from === 'explorer' && target === 'clients' && what !== join('clients', 'verify.ts')) {
        out.push(`${relative(root, file)} imports ${spec} (explorer/ may use only clients/verify.ts of the clients)`)
        continue
      }
      if (may.includes(target)) continue
      out.push(`${relative(root, file)} imports ${spec} (${from}/ may import only ${[from, ...may].join(', ')})`)
    }
  }
  return out
}

describe('the dependency rule between top-level folders', () => {
  it('holds for every import', () => {
    const files = Object.keys(allowed).flatMap(d => tsFiles(join(root, d))).map(file => ({ file, source: readFileSync(file, 'utf8') }))
    expect(files.length).toBeGreaterThan(100)
    expect(violations(files)).toEqual([])
  })

  it('finds an import that breaks it (the check itself can fail)', () => {
    expect(relativeImports("import { x } from '../testnet/testnet.ts'\nconst m = await import('../../clients/app.ts')"))
      .toEqual(['../testnet/testnet.ts', '../../clients/app.ts'])
    // node/node.ts reaching into the CLI's constants, as it once did, and a client importing the node.
    expect(violations([
      { file: join(root, 'node', 'node.ts'), source: "import { ExitCode } from './cli/constants.ts'\nimport { x } from '../cli/constants.ts'" },
      { file: join(root, 'clients', 'test', 'a.test.ts'), source: "import { CertNode } from '../../node/node.ts'" },
      { file: join(root, 'testnet', 'x.ts'), source: "import { main } from '../cli/program.ts'\nimport { ok } from '../clients/app.ts'" },
      { file: join(root, 'explorer', 'main.tsx'), source: "import { checkVerdict } from '../clients/verify.ts'\nimport { App } from '../clients/app.ts'" }
    ])).toEqual([
      'node/node.ts imports ../cli/constants.ts (node/ may import only node, protocols, consensus)',
      'clients/test/a.test.ts imports ../../node/node.ts (clients/ may import only clients, protocols)',
      'testnet/x.ts imports ../cli/program.ts (testnet/ may import only testnet, protocols, consensus, clients)',
      'explorer/main.tsx imports ../clients/app.ts (explorer/ may use only clients/verify.ts of the clients)'
    ])
  })
})
