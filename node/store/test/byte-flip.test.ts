// One flipped byte anywhere in LevelDB's own files (the write-ahead .log, an
// .ldb table, the MANIFEST) of a stopped store: verifyChain either refuses it
// with a code (and the first bad height when a block is hit), or passes it
// with exactly the original height and head. It must never pass a shorter
// chain: that is LevelDB's recovery dropping a damaged log tail unseen.
// Seeded and bounded; replay a failure with BYTE_FLIP_SEED=<seed>.
import { cp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { toHex } from '../../../protocols/bytes.ts'
import { ChainStore, verifyChain } from '../chain-store.ts'
import type { StoreErrorCode } from '../errors.ts'
import { makeChain, makeTestNetwork, type CertifiedBlock } from './fixtures.ts'
import { appendAll, makeStoreDir, makeTempDir, removeTempDirs } from './helpers.ts'

const network = makeTestNetwork()
const blockCount = 40
/** Blocks appended before the reopen: LevelDB replays them from the log into an .ldb table at that reopen. */
const tableBlockCount = 25
const flipsPerKind = 20
const seed = Number(process.env.BYTE_FLIP_SEED ?? Math.floor(Math.random() * 2 ** 31))
const kinds = [
  { kind: '.log', matches: (name: string) => name.endsWith('.log') },
  { kind: '.ldb', matches: (name: string) => name.endsWith('.ldb') },
  { kind: 'MANIFEST', matches: (name: string) => name.startsWith('MANIFEST-') }
]
/** Codes that are about one block: they must name its height. */
const blockCodes: StoreErrorCode[] = ['BAD_LINK', 'ROOT_MISMATCH', 'MALFORMED', 'BAD_CERTIFICATE', 'MISPLACED', 'TRUNCATED', 'HEAD_MISMATCH']

let chain: CertifiedBlock[] = []
let template = ''

/** mulberry32: a small seeded generator, so a failing run replays exactly. */
function seededRandom (s: number): () => number {
  let a = s >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

beforeAll(async () => {
  chain = makeChain(network, blockCount)
  template = await makeStoreDir(network, chain.slice(0, tableBlockCount))
  const store = await ChainStore.open(template, network.genesis, network.ed)
  await appendAll(store, chain.slice(tableBlockCount))
  await store.close()
})
afterAll(removeTempDirs)

it('a flipped byte in .log, .ldb or MANIFEST is refused, or changes nothing; the chain never comes out shorter', async () => {
  const names = await readdir(template)
  const rand = seededRandom(seed)
  const head = chain[blockCount - 1].opened.hash
  const outcomes: Record<string, number> = {}
  for (const { kind, matches } of kinds) {
    const files = names.filter(matches)
    expect(files, `the template store has a ${kind} file (files: ${names.join(', ')})`).not.toHaveLength(0)
    for (let i = 0; i < flipsPerKind; i++) {
      const file = files[Math.floor(rand() * files.length)]
      const bytes = await readFile(join(template, file))
      const offset = Math.floor(rand() * bytes.length)
      const mask = 1 + Math.floor(rand() * 255)
      const where = `seed ${seed}: ${file} offset ${offset} of ${bytes.length}, xor 0x${mask.toString(16)}`
      const dir = await makeTempDir('flip')
      await cp(template, dir, { recursive: true })
      bytes[offset] ^= mask
      await writeFile(join(dir, file), bytes)
      const report = await verifyChain(dir, network.genesis, network.ed, { verifyThreads: 0 })
      if (report.ok) {
        expect({ height: report.height, head: toHex(report.headHash) }, where).toEqual({ height: blockCount, head: toHex(head) })
      } else {
        expect(report.code, where).toMatch(/^[A-Z_]+$/)
        if (blockCodes.includes(report.code)) {
          expect(report.firstBadHeight, `${where}: ${report.code} ${report.reason}`).not.toBeNull()
          expect(report.firstBadHeight, where).toBeGreaterThanOrEqual(1)
          expect(report.firstBadHeight, where).toBeLessThanOrEqual(blockCount)
        }
      }
      const outcome = `${kind} ${report.ok ? 'ok' : report.code}`
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    }
  }
  // What the flips did, for the record (and to see the test exercised every kind of file).
  console.log(`byte-flip seed ${seed}: ${JSON.stringify(outcomes)}`)
}, 60_000)

it('a damaged table magic number, which LevelDB itself reports, is CORRUPT, not a crash', async () => {
  const names = await readdir(template)
  const table = names.find(name => name.endsWith('.ldb')) as string
  const size = (await readFile(join(template, table))).length
  // The last 8 bytes of a table are its magic number; LevelDB refuses to read a table without it.
  for (const fromEnd of [1, 8]) {
    const dir = await makeTempDir('flip')
    await cp(template, dir, { recursive: true })
    const bytes = await readFile(join(dir, table))
    bytes[size - fromEnd] ^= 0xff
    await writeFile(join(dir, table), bytes)
    const report = await verifyChain(dir, network.genesis, network.ed, { verifyThreads: 0 })
    // No height: the table holds the meta record too, and that is read (and refused) first.
    expect(report, `${table} byte ${fromEnd} from the end`).toMatchObject({ ok: false, code: 'CORRUPT', firstBadHeight: null })
    expect(report.ok || report.reason).toMatch(/LevelDB reports Corruption/)
  }
})
