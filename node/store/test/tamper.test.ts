// Open-time verification against stores changed behind the store's back,
// through a second, plain LevelDatastore handle: flipped bytes, records
// rewritten with a valid checksum (as an attacker would), deleted, swapped,
// added, and a head pointer that lies. Every case must be refused by
// ChainStore.open and reported by verifyChain with the first bad height.
import { cp, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { Key } from 'interface-datastore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LevelDatastore } from 'datastore-level'
import { decodeBlock, decodeCommitCertificate, encode } from '../../../protocols/codec.ts'
import { ChainStore, verifyChain } from '../chain-store.ts'
import type { StoreErrorCode } from '../errors.ts'
import { decodeFrame, encodeFrame, encodeHead } from '../records.ts'
import * as C from '../constants.ts'
import { linkPointOfBlock, makeCertifiedBlock, makeChain, makeTestNetwork, type CertifiedBlock } from './fixtures.ts'
import { appendAll, expectStoreError, flipByte, makeStoreDir, makeTempDir, recordKeyOf, removeTempDirs, tamper } from './helpers.ts'

const network = makeTestNetwork()
const blockCount = 10
let chain: CertifiedBlock[] = []
let template = ''

beforeAll(async () => {
  chain = makeChain(network, blockCount)
  template = await makeStoreDir(network, chain)
})
afterAll(removeTempDirs)

/** A copy of the good store, changed by `work`. */
async function tampered (work: (ds: LevelDatastore) => Promise<void>): Promise<string> {
  const dir = await makeTempDir('tampered')
  await cp(template, dir, { recursive: true })
  await tamper(dir, work)
  return dir
}

/**
 * Both ChainStore.open and verifyChain must refuse, with the code and the
 * first bad height; `threaded` also checks that signature worker threads
 * give the very same error as the inline check (starting them costs ~100 ms,
 * so only where certificates are at stake).
 */
async function expectRefused (dir: string, code: StoreErrorCode, height: number | null, threaded = false): Promise<string> {
  const err = await expectStoreError(ChainStore.open(dir, network.genesis, network.ed, { verifyThreads: 0 }), code)
  expect(err.details.height ?? null).toBe(height)
  if (threaded) {
    const again = await expectStoreError(ChainStore.open(dir, network.genesis, network.ed, { verifyThreads: 2 }), code)
    expect({ message: again.message, details: again.details }).toEqual({ message: err.message, details: err.details })
  }
  const report = await verifyChain(dir, network.genesis, network.ed)
  expect(report).toMatchObject({ ok: false, code, firstBadHeight: height })
  return err.message
}

/** The record value of `block`, framed with a correct checksum: what an attacker who knows the format writes. */
const framedRecord = (blockBytes: Uint8Array, certificateBytes: Uint8Array): Uint8Array =>
  encodeFrame(encode.storedBlock({ block: blockBytes, certificate: certificateBytes }), C.recordPayloadBytesMax)

const recordOf = (block: CertifiedBlock): Uint8Array => framedRecord(block.blockBytes, block.certificateBytes)

/** The block's certificate with one bit of the signature of its `index`th signer flipped. */
function flippedSignature (block: CertifiedBlock, index: number): Uint8Array {
  const certificate = decodeCommitCertificate(block.certificateBytes.slice())
  certificate.signatures[index].signature[17] ^= 4
  return encode.commitCertificate(certificate)
}

it('the untouched copy opens and verifies', async () => {
  const dir = await tampered(async () => {})
  expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: true, height: blockCount })
  const store = await ChainStore.open(dir, network.genesis, network.ed)
  expect(store.height()).toBe(blockCount)
  await store.close()
})

describe('a flipped byte', () => {
  it('in a record, anywhere: CORRUPT at that height', async () => {
    for (const offset of [0, 5, 9, 100, -1]) {
      const dir = await tampered(async ds => {
        const length = (await ds.get(recordKeyOf(7))).length
        await flipByte(ds, recordKeyOf(7), (offset + length) % length)
      })
      await expectRefused(dir, 'CORRUPT', 7)
    }
  })

  it('in a random record at a random offset: CORRUPT at that height (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: blockCount }), fc.nat(), async (height, offset) => {
      const dir = await tampered(async ds => { await flipByte(ds, recordKeyOf(height), offset) })
      await expectRefused(dir, 'CORRUPT', height)
    }), { numRuns: 12 })
  })

  it('in the head pointer or the meta record: CORRUPT', async () => {
    await expectRefused(await tampered(async ds => { await flipByte(ds, new Key(C.headKey), 20) }), 'CORRUPT', null)
    await expectRefused(await tampered(async ds => { await flipByte(ds, new Key(C.metaKey), 20) }), 'CORRUPT', null)
  })
})

describe('a record rewritten with a valid checksum', () => {
  it('holding another certified block of the same height (a fork): the next block no longer links', async () => {
    const fork = makeCertifiedBlock(network, linkPointOfBlock(chain[5]), { txCount: 1 })
    const dir = await tampered(async ds => { await ds.put(recordKeyOf(7), recordOf(fork)) })
    const message = await expectRefused(dir, 'BAD_LINK', 8, true)
    expect(message).toContain('BAD_LINK')
  })

  it('holding the block with an edited header (history rewritten): its certificate no longer matches', async () => {
    const edited = makeCertifiedBlock(network, linkPointOfBlock(chain[5]), { fields: { timestampMs: chain[6].opened.header.timestampMs + 1 } })
    const dir = await tampered(async ds => { await ds.put(recordKeyOf(7), framedRecord(edited.blockBytes, chain[6].certificateBytes)) })
    await expectRefused(dir, 'BAD_CERTIFICATE', 7, true)
  })

  it('holding the block with an edited transaction: ROOT_MISMATCH', async () => {
    const block = decodeBlock(chain[6].blockBytes.slice())
    block.txs[0][block.txs[0].length - 1] ^= 1
    const dir = await tampered(async ds => { await ds.put(recordKeyOf(7), framedRecord(encode.block(block), chain[6].certificateBytes)) })
    await expectRefused(dir, 'ROOT_MISMATCH', 7)
  })

  it('holding the block with a certificate short of a quorum: BAD_CERTIFICATE', async () => {
    const weak = makeCertifiedBlock(network, linkPointOfBlock(chain[5]), { certificate: { signers: [0, 1] } })
    const dir = await tampered(async ds => { await ds.put(recordKeyOf(7), recordOf(weak)) })
    await expectRefused(dir, 'BAD_CERTIFICATE', 7, true)
  })

  it('holding the block with one signature bit flipped: BAD_CERTIFICATE (BAD_SIGNATURE)', async () => {
    const dir = await tampered(async ds => { await ds.put(recordKeyOf(7), framedRecord(chain[6].blockBytes, flippedSignature(chain[6], 2))) })
    const message = await expectRefused(dir, 'BAD_CERTIFICATE', 7, true)
    expect(message).toContain('BAD_SIGNATURE')
  })

  it('holding bytes that are no StoredBlock: MALFORMED', async () => {
    const dir = await tampered(async ds => { await ds.put(recordKeyOf(7), encodeFrame(new Uint8Array([0xff, 0xff, 0xff]), 16)) })
    await expectRefused(dir, 'MALFORMED', 7)
  })
})

describe('records missing, moved or added', () => {
  it('a record deleted in the middle: TRUNCATED at its height', async () => {
    await expectRefused(await tampered(async ds => { await ds.delete(recordKeyOf(5)) }), 'TRUNCATED', 5)
  })

  it('the last record deleted, the head pointer left past it: TRUNCATED', async () => {
    await expectRefused(await tampered(async ds => { await ds.delete(recordKeyOf(blockCount)) }), 'TRUNCATED', blockCount)
  })

  it('every record deleted, the head pointer left: TRUNCATED at 1', async () => {
    const dir = await tampered(async ds => {
      for (let h = 1; h <= blockCount; h++) await ds.delete(recordKeyOf(h))
    })
    await expectRefused(dir, 'TRUNCATED', 1)
  })

  it('two records swapped: MISPLACED at the first', async () => {
    for (const [a, b] of [[4, 6], [4, 5], [1, blockCount]]) {
      const dir = await tampered(async ds => {
        const [va, vb] = [await ds.get(recordKeyOf(a)), await ds.get(recordKeyOf(b))]
        await ds.put(recordKeyOf(a), vb)
        await ds.put(recordKeyOf(b), va)
      })
      await expectRefused(dir, 'MISPLACED', a)
    }
  })

  it('a record copied over its neighbour: MISPLACED', async () => {
    const dir = await tampered(async ds => { await ds.put(recordKeyOf(3), await ds.get(recordKeyOf(2))) })
    await expectRefused(dir, 'MISPLACED', 3)
  })

  it('a valid certified block past the head pointer: HEAD_MISMATCH', async () => {
    const next = makeCertifiedBlock(network, linkPointOfBlock(chain[blockCount - 1]))
    const dir = await tampered(async ds => { await ds.put(recordKeyOf(blockCount + 1), recordOf(next)) })
    await expectRefused(dir, 'HEAD_MISMATCH', blockCount + 1)
  })

  it('a key in the record range that names no height: CORRUPT', async () => {
    await expectRefused(await tampered(async ds => { await ds.put(new Key('/b/x'), new Uint8Array(1)) }), 'CORRUPT', blockCount + 1)
  })
})

describe('the head pointer and the meta record', () => {
  it('a head pointer moved back (valid checksum): HEAD_MISMATCH after it', async () => {
    const dir = await tampered(async ds => { await ds.put(new Key(C.headKey), encodeHead(linkPointOfBlock(chain[6]))) })
    await expectRefused(dir, 'HEAD_MISMATCH', 8)
  })

  it('a head pointer naming another block at the right height: HEAD_MISMATCH', async () => {
    const lie = { ...linkPointOfBlock(chain[blockCount - 1]), hash: new Uint8Array(32).fill(1) }
    const dir = await tampered(async ds => { await ds.put(new Key(C.headKey), encodeHead(lie)) })
    await expectRefused(dir, 'HEAD_MISMATCH', blockCount)
  })

  it('no head pointer: HEAD_MISMATCH', async () => {
    await expectRefused(await tampered(async ds => { await ds.delete(new Key(C.headKey)) }), 'HEAD_MISMATCH', blockCount)
  })

  it('no meta record: GENESIS_MISMATCH (the store was not made by this code for this genesis)', async () => {
    await expectRefused(await tampered(async ds => { await ds.delete(new Key(C.metaKey)) }), 'GENESIS_MISMATCH', null)
  })

  it('a meta record of another format version: UNSUPPORTED_FORMAT', async () => {
    const dir = await tampered(async ds => {
      const json = JSON.parse(new TextDecoder().decode(decodeFrame(await ds.get(new Key(C.metaKey)), 1024, 'meta')))
      await ds.put(new Key(C.metaKey), encodeFrame(new TextEncoder().encode(JSON.stringify({ ...json, format: 2 })), 1024))
    })
    await expectRefused(dir, 'UNSUPPORTED_FORMAT', null)
  })
})

describe('LevelDB\'s own files removed or pointing nowhere: CORRUPT, not MISSING or an unexpected error', () => {
  /** A store whose first blocks went into an .ldb table at a reopen. */
  async function withTable (): Promise<{ dir: string, table: string }> {
    const dir = await makeStoreDir(network, chain.slice(0, 4))
    const store = await ChainStore.open(dir, network.genesis, network.ed)
    await appendAll(store, chain.slice(4))
    await store.close()
    const table = (await readdir(dir)).find(name => name.endsWith('.ldb'))
    expect(table, 'the store has a table').toBeDefined()
    return { dir, table: table as string }
  }

  it('a table file deleted', async () => {
    const { dir, table } = await withTable()
    await rm(join(dir, table))
    // No height: the table holds the meta record too, and that is read first.
    const message = await expectRefused(dir, 'CORRUPT', null)
    expect(message).toContain(table)
    const report = await verifyChain(dir, network.genesis, network.ed)
    // LevelDB checks at open that every file its MANIFEST names is there.
    expect(report).toMatchObject({ ok: false, details: { causeCode: 'LEVEL_CORRUPTION' } })
    // Named in the store, not in verify's scratch copy (which is gone).
    expect(report.ok || report.reason).toContain(join(dir, table))
  })

  it('CURRENT naming a MANIFEST that is not there', async () => {
    const { dir } = await withTable()
    await writeFile(join(dir, 'CURRENT'), 'MANIFEST-000999\n')
    const message = await expectRefused(dir, 'CORRUPT', null)
    expect(message).toMatch(/LevelDB cannot open the store in .*MANIFEST-000999/)
    // An I/O error to LevelDB ("No such file"), where a database exists: not MISSING, not an unexpected error.
    expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: false, details: { causeCode: 'LEVEL_IO_ERROR' } })
  })
})

it('reports the first bad height when there are several', async () => {
  const dir = await tampered(async ds => {
    await flipByte(ds, recordKeyOf(9), 30)
    await ds.delete(recordKeyOf(6))
    await flipByte(ds, recordKeyOf(3), 30)
  })
  await expectRefused(dir, 'CORRUPT', 3)
})

it('sees a consistent cut of its own tail by the durable-head marker, and only by it: peers must see the rest', async () => {
  // The last block and the head pointer removed together leave a shorter
  // chain that is valid in every respect; only the marker, outside LevelDB,
  // still names the lost height.
  const cut = async (ds: LevelDatastore): Promise<void> => {
    await ds.delete(recordKeyOf(blockCount))
    await ds.put(new Key(C.headKey), encodeHead(linkPointOfBlock(chain[blockCount - 2])))
  }
  const dir = await tampered(cut)
  expect(await verifyChain(dir, network.genesis, network.ed)).toMatchObject({ ok: false, code: 'TRUNCATED', firstBadHeight: blockCount })
  // The limit of a local check: whoever can also remove the marker files leaves nothing to compare with.
  const unmarked = await tampered(cut)
  for (const slot of ['a', 'b']) await rm(join(unmarked, `${C.durableHeadFileBase}.${slot}`), { force: true })
  expect(await verifyChain(unmarked, network.genesis, network.ed)).toMatchObject({ ok: true, height: blockCount - 1 })
})
