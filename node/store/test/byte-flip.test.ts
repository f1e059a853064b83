// One flipped byte anywhere in the files of a stopped store (LevelDB's
// write-ahead .log, an .ldb table, the MANIFEST, CURRENT, the durable-head
// marker): verifyChain either refuses it with a code (and the first bad
// height when a block is hit), or passes it with exactly the chain up to the
// marker height and the same head hash. It must never pass a shorter chain:
// that is LevelDB's recovery dropping a damaged log tail unseen. verifyChain
// must leave the damaged files as they were, and ChainStore.open (what a node
// does) must come to the same verdict.
// Seeded and bounded; every assertion names the seed, file, offset and mask,
// and BYTE_FLIP_SEED=<seed> replays a run.
import { createHash } from 'node:crypto'
import { cp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { toHex } from '../../../protocols/bytes.ts'
import { ChainStore, verifyChain, type ChainVerification } from '../chain-store.ts'
import * as C from '../constants.ts'
import { readDurableHead } from '../durable-head.ts'
import { StoreError, type StoreErrorCode } from '../errors.ts'
import { makeChain, makeTestNetwork, type CertifiedBlock } from './fixtures.ts'
import { appendAll, makeStoreDir, makeTempDir, removeTempDirs } from './helpers.ts'

const network = makeTestNetwork()
const blockCount = 45
/** Blocks appended before the reopen: LevelDB replays them from the log into an .ldb table at that reopen. */
const tableBlockCount = 20
/** Transactions per block: enough that the second session's log spans several of LevelDB's 32 KiB log blocks. */
const txCount = 16
const logBlockBytes = 32 * 1024
const seed = Number(process.env.BYTE_FLIP_SEED ?? Math.floor(Math.random() * 2 ** 31))

interface Kind {
  kind: string
  matches: (name: string) => boolean
  flips: number
  /** The heights a flip here can damage: the records this kind of file holds. Undefined: any, or none. */
  heights?: { min: number, max: number }
  /** A flip here never changes the verdict (the marker: a damaged slot reads as none, the other slot is older). */
  harmless?: boolean
}
/** About a hundred flips in all: some 20 s alone on a 2-core machine (most of it fsyncs), inside the timeout when it is shared. */
const kinds: Kind[] = [
  { kind: '.log', matches: name => name.endsWith('.log'), flips: 36, heights: { min: tableBlockCount + 1, max: blockCount } },
  { kind: '.ldb', matches: name => name.endsWith('.ldb'), flips: 36 },
  { kind: 'MANIFEST', matches: name => name.startsWith('MANIFEST-'), flips: 16 },
  { kind: 'CURRENT', matches: name => name === 'CURRENT', flips: 6 },
  { kind: C.durableHeadFileBase, matches: name => name.startsWith(`${C.durableHeadFileBase}.`), flips: 8, harmless: true }
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

/** Every file of a directory: name, size and sha256. */
async function snapshot (dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort()
  return await Promise.all(names.map(async name => {
    const bytes = await readFile(join(dir, name))
    return `${name} ${bytes.length} ${createHash('sha256').update(bytes).digest('hex')}`
  }))
}

/** What ChainStore.open makes of the store: the same shape as verifyChain's report, to compare the two. */
async function openVerdict (dir: string): Promise<{ ok: true, height: number, head: string, hashes: string[] } | { ok: false, code: string, height: number | null }> {
  let store: ChainStore
  try {
    store = await ChainStore.open(dir, network.genesis, network.ed, { verifyThreads: 0 })
  } catch (err) {
    if (!(err instanceof StoreError)) throw err
    return { ok: false, code: err.code, height: err.details.height ?? null }
  }
  try {
    const hashes: string[] = []
    for await (const block of store.blocks(1)) hashes.push(toHex(block.hash))
    return { ok: true, height: store.height(), head: toHex(store.head().hash), hashes }
  } finally {
    await store.close()
  }
}

beforeAll(async () => {
  chain = makeChain(network, blockCount, { txCount })
  template = await makeStoreDir(network, chain.slice(0, tableBlockCount))
  const store = await ChainStore.open(template, network.genesis, network.ed)
  await appendAll(store, chain.slice(tableBlockCount))
  await store.close()
}, 30_000)
afterAll(removeTempDirs)

it('a flipped byte is refused, or changes nothing; the chain never comes out shorter, and verify leaves the damage as it was', async () => {
  const names = await readdir(template)
  const logs = names.filter(name => name.endsWith('.log'))
  expect(logs, `one write-ahead log (files: ${names.join(', ')})`).toHaveLength(1)
  const logBytes = (await readFile(join(template, logs[0]))).length
  expect(logBytes, 'the log spans several 32 KiB log blocks, so a flip can drop a middle run of blocks, not only the tail')
    .toBeGreaterThan(2 * logBlockBytes)
  const marker = readDurableHead(template)
  expect(marker?.head.height, 'the marker names the head').toBe(blockCount)
  const heads = chain.map(block => toHex(block.opened.hash))
  const rand = seededRandom(seed)
  const outcomes: Record<string, number> = {}
  for (const { kind, matches, flips, heights, harmless } of kinds) {
    const files = names.filter(matches)
    expect(files, `the template store has a ${kind} file (files: ${names.join(', ')})`).not.toHaveLength(0)
    for (let i = 0; i < flips; i++) {
      const file = files[Math.floor(rand() * files.length)]
      const bytes = await readFile(join(template, file))
      const offset = Math.floor(rand() * bytes.length)
      const mask = 1 + Math.floor(rand() * 255)
      const dir = await makeTempDir('flip')
      await cp(template, dir, { recursive: true })
      bytes[offset] ^= mask
      await writeFile(join(dir, file), bytes)
      const before = await snapshot(dir)
      const report: ChainVerification = await verifyChain(dir, network.genesis, network.ed, { verifyThreads: 0 })
      const where = `seed ${seed}: ${file} offset ${offset} of ${bytes.length}, xor 0x${mask.toString(16)}: ` +
        (report.ok ? `ok at ${report.height}` : `${report.code} at ${String(report.firstBadHeight)}: ${report.reason}`)
      expect(await snapshot(dir), `${where}: verify changed the store`).toEqual(before)
      if (report.ok) {
        // Harmless only if it is the whole chain, up to the height the marker made durable.
        expect({ height: report.height, head: toHex(report.headHash) }, where).toEqual({ height: blockCount, head: heads[blockCount - 1] })
      } else {
        expect(harmless === true, `${where}: a flip in ${kind} must not refuse a good chain`).toBe(false)
        expect(report.code, where).toMatch(/^[A-Z_]+$/)
        expect(['MISSING', 'LOCKED', 'SCRATCH_FAILED'], `${where}: a damaged store is not reported as absent or busy`).not.toContain(report.code)
        if (blockCodes.includes(report.code) || heights !== undefined) {
          expect(report.firstBadHeight, `${where}: names no height`).not.toBeNull()
        }
        if (report.firstBadHeight !== null) {
          expect(report.firstBadHeight, where).toBeGreaterThanOrEqual(heights?.min ?? 1)
          expect(report.firstBadHeight, where).toBeLessThanOrEqual(heights?.max ?? blockCount)
        }
      }
      // A node opening the damaged store comes to the same verdict (this replays the log: after verify, on purpose).
      const opened = await openVerdict(dir)
      if (report.ok) {
        expect(opened, where).toEqual({ ok: true, height: blockCount, head: heads[blockCount - 1], hashes: heads })
      } else {
        expect(opened, where).toEqual({ ok: false, code: report.code, height: report.firstBadHeight })
      }
      // TRUNCATED below the marker (a lost tail) or at a gap the walk found (a lost middle run, later log blocks kept).
      const outcome = `${kind} ${report.ok ? 'ok' : report.code}${!report.ok && report.details.durableHeight !== undefined ? ' (below the marker)' : ''}`
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
