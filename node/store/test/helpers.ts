// Test plumbing: temporary directories that are always removed, a raw
// second handle on a store's LevelDB to tamper with it, and small asserts.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LevelDatastore } from 'datastore-level'
import { Key } from 'interface-datastore'
import { expect } from 'vitest'
import { ChainStore } from '../chain-store.ts'
import { StoreError, type StoreErrorCode } from '../errors.ts'
import type { CertifiedBlock, TestNetwork } from './fixtures.ts'

const made: string[] = []

export async function makeTempDir (label = 'store'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `certchain-${label}-`))
  made.push(dir)
  return dir
}

/** Call from afterEach/afterAll. */
export async function removeTempDirs (): Promise<void> {
  await Promise.all(made.splice(0).map(async dir => await rm(dir, { recursive: true, force: true })))
}

export async function appendAll (store: ChainStore, blocks: Iterable<CertifiedBlock>): Promise<void> {
  for (const block of blocks) await store.append(block.blockBytes, block.certificateBytes)
}

/** A store in a fresh directory holding `blocks`, closed again. */
export async function makeStoreDir (network: TestNetwork, blocks: Iterable<CertifiedBlock>): Promise<string> {
  const dir = await makeTempDir()
  const store = await ChainStore.open(dir, network.genesis, network.ed)
  await appendAll(store, blocks)
  await store.close()
  return dir
}

/** Opens a second, plain handle on a closed store's LevelDB, runs `work` on it, closes it. */
export async function tamper (dir: string, work: (ds: LevelDatastore) => Promise<void>): Promise<void> {
  const ds = new LevelDatastore(dir)
  await ds.open()
  try {
    await work(ds)
  } finally {
    await ds.close()
  }
}

export const recordKeyOf = (height: number): Key => new Key(`/b/${String(height).padStart(12, '0')}`)

export async function flipByte (ds: LevelDatastore, key: Key, offset: number): Promise<void> {
  const value = (await ds.get(key)).slice()
  value[offset % value.length] ^= 0x55
  await ds.put(key, value)
}

/** Awaits `promise`, expects it to reject with a StoreError of `code`, and returns the error. */
export async function expectStoreError (promise: Promise<unknown>, code: StoreErrorCode, height?: number): Promise<StoreError> {
  let caught: unknown
  try {
    await promise
  } catch (err) {
    caught = err
  }
  expect(caught, `expected StoreError ${code}`).toBeInstanceOf(StoreError)
  const err = caught as StoreError
  expect({ name: err.name, code: err.code }).toEqual({ name: 'StoreError', code })
  if (height !== undefined) expect(err.details.height).toBe(height)
  return err
}
