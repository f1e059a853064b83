// A validator whose genesis parameters differ cannot join: it is refused by
// the others, and it exits with a clear error, while the network goes on.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signLoad } from '../load.ts'
import { nodeHome, type Testnet } from '../testnet.ts'
import { startTestnet, waitFor } from './helpers.ts'

describe('e2e: a validator of another genesis', () => {
  let tn: Testnet
  beforeAll(async () => { tn = await startTestnet(27700) }, 120_000)
  afterAll(async () => { await tn?.down(true) }, 60_000)

  it('with other consensus parameters it is refused and exits with the genesis mismatch; the others keep committing', async () => {
    tn.stop(3)
    await tn.waitDown(3)
    // An operator who installed a genesis with another window, on a fresh home.
    const home = nodeHome(tn.dir, 3)
    const path = join(home, 'genesis.json')
    const genesis = JSON.parse(readFileSync(path, 'utf8')) as { params: Record<string, number> }
    genesis.params.windowBlocks = 2 * genesis.params.windowBlocks
    writeFileSync(path, JSON.stringify(genesis, null, 2) + '\n')
    for (const f of ['chain', 'safety.a', 'safety.b']) rmSync(join(home, f), { recursive: true, force: true })
    const logPath = join(home, 'node.log')
    const logBefore = existsSync(logPath) ? readFileSync(logPath, 'utf8').length : 0
    tn.spawnNode(3)
    await waitFor('node 3 to exit', async () => !tn.nodeUp(3), 30_000)
    const log = readFileSync(logPath, 'utf8').slice(logBefore)
    expect(log).toContain('"code":"GENESIS_MISMATCH"')
    expect(log).toMatch(/this node's genesis [0-9a-f]{64} differs from the network's [0-9a-f]{64}/)
    const refusedBy = [0, 1, 2].filter(i => readFileSync(join(nodeHome(tn.dir, i), 'node.log'), 'utf8').includes('runs another genesis'))
    expect(refusedBy.length).toBeGreaterThan(0)
    const client = await tn.getClient()
    const [tx] = signLoad(tn.network.chainId, 1, 32)
    const r = await client.submit(tn.address(0), tx, { wait: true, timeoutMs: 10_000 })
    expect(r.status).toBe('committed')
  }, 90_000)
})
