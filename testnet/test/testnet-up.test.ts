// A `testnet up` that cannot start every node leaves nothing running: the
// nodes it started are stopped, and the error names the node that failed
// and why (here: its port is taken by another program).
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isAlive, Testnet, TestnetError } from '../testnet.ts'

const basePort = 28100

describe('e2e: testnet up, failed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certchain-up-'))
  let blocker: Server | undefined
  afterAll(async () => {
    await new Promise<void>(resolve => { if (blocker === undefined) resolve(); else blocker.close(() => { resolve() }) })
    // Whatever happened, nothing of this test keeps running.
    try { await Testnet.open(dir).down(true, 2000) } catch { rmSync(dir, { recursive: true, force: true }) }
  }, 30_000)

  it('a node whose port is in use: every node started is stopped, the error names the node and the port', async () => {
    // Another program on node 2's port; it hangs up on whoever dials it (the other nodes do).
    blocker = createServer(socket => { socket.destroy() })
    await new Promise<void>((resolve, reject) => { blocker?.once('error', reject).listen(basePort + 2, '127.0.0.1', resolve) })
    let error: unknown
    try {
      await Testnet.up({ nodes: 4, dir, basePort, readyTimeoutMs: 30_000 })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(TestnetError)
    const e = error as TestnetError
    expect(e.code).toBe('START_FAILED')
    expect(e.message).toMatch(new RegExp(`node 2: cannot listen on /ip4/127.0.0.1/tcp/${basePort + 2}: the address is in use`))
    expect(e.message).toContain('stopped the 4 nodes this command started')
    const tn = Testnet.open(dir)
    for (const v of tn.network.validators) {
      const pid = tn.pidOf(v.index)
      expect(pid === undefined || !isAlive(pid), `node ${v.index} still runs`).toBe(true)
    }
    // With the port free again, the same testnet starts.
    await new Promise<void>(resolve => { blocker?.close(() => { resolve() }) })
    blocker = undefined
    const up = await Testnet.up({ nodes: 4, dir, basePort, readyTimeoutMs: 60_000 })
    expect((await up.statuses()).every(s => s.status !== undefined)).toBe(true)
    await up.down()
  }, 120_000)
})
