// The explorer page in a real browser (Debian's chromium, headless, driven by
// playwright-core) against a real 4-node testnet: a certification made during
// the test appears live with its proof verified in the page; the page read
// through a lying node (an HTTP proxy in front of node 1 that alters every
// receipt it serves) shows each of them as failed; a pinned genesis hash that
// is not the network's fails everything; the block list stays a window of
// rows, its pages fetched as they come into view.
import { existsSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as AppSdk from '../../clients/app-main.ts'
import { Device } from '../../clients/device.ts'
import { jsonLogger } from '../../clients/log.ts'
import { loadNetwork } from '../../clients/network.ts'
import { signLoad } from '../load.ts'
import type { Testnet } from '../testnet.ts'
import { publishInProcessRelease, releasedAppSdk, startTestnet } from './helpers.ts'

const chromiumPath = '/usr/bin/chromium'
/** The flags of a closed network: nothing but the pages the test opens. */
const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

/** How the lying node lies: alters a byte of every receipt's result, serves another genesis, or answers for one transaction with another's receipt. */
type Lie = { kind: 'alter' } | { kind: 'genesis' } | { kind: 'swap', asked: string, served: string }

/**
 * A node that lies: everything of node 1's API passes through, except what
 * `lie` changes. `tampered` counts the answers it changed.
 */
async function lyingProxy (target: URL): Promise<{ url: string, lie: Lie, tampered: () => number, close: () => Promise<void> }> {
  let tampered = 0
  const flip = (hex: string): string => hex.slice(0, -2) + (Number.parseInt(hex.slice(-2), 16) ^ 0x01).toString(16).padStart(2, '0')
  const proxy = { lie: { kind: 'alter' } as Lie }
  const rewrite = (body: any, url: string): any => {
    const lie = proxy.lie
    if (lie.kind === 'alter' && /^\/txs\/|^\/devices\/[^/]+\/attempts/.test(url)) {
      for (const r of 'attempts' in body ? body.attempts : [body]) { r.result = flip(r.result); tampered++ }
    }
    // Another network: its own genesis (the parameters changed, so its hash is another).
    if (lie.kind === 'genesis' && url === '/genesis') { body.params.lockoutFailures += 1; tampered++ }
    return body
  }
  const server: Server = createServer((req, res) => {
    let url = req.url ?? '/'
    const lie = proxy.lie
    if (lie.kind === 'swap' && url === `/txs/${lie.asked}`) { url = `/txs/${lie.served}`; tampered++ }
    const changes = (lie.kind === 'alter' && /^\/txs\/|^\/devices\/[^/]+\/attempts/.test(url)) || (lie.kind === 'genesis' && url === '/genesis')
    const up = request(new URL(url, target), { method: req.method, headers: { ...req.headers, host: target.host, 'accept-encoding': 'identity' } }, upstream => {
      if (!changes || upstream.statusCode !== 200) {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers)
        upstream.pipe(res)
        return
      }
      const chunks: Buffer[] = []
      upstream.on('data', (c: Buffer) => chunks.push(c))
      upstream.on('end', () => {
        const text = JSON.stringify(rewrite(JSON.parse(Buffer.concat(chunks).toString()), url))
        const { 'transfer-encoding': _chunked, ...rest } = upstream.headers
        res.writeHead(200, { ...rest, 'content-length': String(Buffer.byteLength(text)) })
        res.end(text)
      })
    })
    up.on('error', () => { res.destroy() })
    req.pipe(up)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tampered: () => tampered,
    close: async () => { server.closeAllConnections(); await new Promise(resolve => server.close(resolve)) }
  })
}

describe('e2e: the explorer page in headless Chromium', () => {
  let tn: Testnet
  let browser: Browser
  let device: Device
  let app: AppSdk.App
  let liar: Awaited<ReturnType<typeof lyingProxy>>
  let base = ''
  const pageErrors: string[] = []
  /** What the device and app SDKs logged (JSON records): the certification is in both. */
  const records: Array<Record<string, unknown>> = []
  const logger = jsonLogger(line => { records.push(JSON.parse(line) as Record<string, unknown>) })

  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    page.on('pageerror', e => { pageErrors.push(e.message) })
    await page.goto(`${base}${path}`)
    return page
  }

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium (.ci/run does, as root)`)
    tn = await startTestnet(27600)
    base = tn.httpUrl(0) ?? ''
    // A few hundred blocks, so the block list has more rows than it shows and more pages than it reads.
    const client = await tn.getClient()
    for (const tx of signLoad(tn.network.chainId, 320, 32)) {
      expect((await client.submit(tn.address(0), tx, { wait: true, timeoutMs: 20_000 })).status).toBe('committed')
    }
    const network = loadNetwork(join(tn.dir, 'network.json'))
    const { App } = await releasedAppSdk()
    const version = await publishInProcessRelease(tn)
    device = await Device.open({ network, home: join(tn.dir, 'explorer-device'), allowLoopback: true, logger })
    await device.start()
    await device.provision()
    app = await App.open({ network, home: join(tn.dir, 'explorer-app'), version, logger })
    await app.register(device.multiaddrs[0], device.pairingCode)
    liar = await lyingProxy(new URL(tn.httpUrl(1) ?? ''))
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags })
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await liar?.close()
    await app?.close()
    await device?.stop()
    await tn?.down(true)
  }, 60_000)

  it('shows a certification made while it is open, live, with its proof verified in the page', async () => {
    const page = await open('/')
    await page.locator('[data-testid=validator]').nth(3).waitFor()
    await expect.poll(async () => Number(await page.getByTestId('height').textContent()), { timeout: 10_000 }).toBeGreaterThan(320)

    const session = await app.certify(device.multiaddrs[0])
    await session.close()
    // It arrives by the event stream (no reload): its row, then its check.
    const row = page.locator(`[data-testid=certification][data-txid="${session.txId}"]`)
    await row.locator('[data-check=ok]').waitFor({ timeout: 20_000 })
    expect(await row.textContent()).toContain('GRANTED')
    expect(Number(await page.getByTestId('height').textContent())).toBeGreaterThanOrEqual(session.height)
    // Both sides logged it as a structured record naming the same AuthAttempt.
    expect(records.filter(r => r.event === 'granted' && r.txId === session.txId).map(r => r.component).sort()).toEqual(['app', 'device'])
    expect(records.find(r => r.event === 'paired')).toMatchObject({ component: 'device', deviceId: device.deviceId, appPeer: app.appPeer })
    // Every validator of a 4-node testnet is connected, and a quorum signed the head block (its certificate checked here).
    await expect.poll(async () => await page.locator('[data-testid=validator]', { hasText: 'yes (verified)' }).count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3)

    // Its own page: the receipt verified, the verdict the quorum reached.
    await row.locator('a', { hasText: session.txId.slice(0, 12) }).click()
    const tx = page.getByTestId('tx')
    await tx.locator('[data-check=ok]').waitFor()
    expect(await tx.getByTestId('verdict').textContent()).toContain('GRANTED')
    expect(await tx.textContent()).toContain(device.deviceId)

    // The device's audit trail: every attempt, each verified.
    await page.goto(`${base}/#/device/${device.deviceId}`)
    const attempts = page.locator('[data-testid=attempt]')
    await attempts.first().locator('[data-check]').waitFor()
    expect(await attempts.count()).toBe(1)
    expect(await attempts.locator('[data-check=ok]').count()).toBe(1)

    // Search by transaction id finds it; by a height, its block.
    await page.getByLabel('search').fill(session.txId)
    await page.getByRole('button', { name: 'search' }).click()
    await page.getByTestId('tx').locator('[data-check=ok]').waitFor()
    await page.getByLabel('search').fill(String(session.height))
    await page.getByRole('button', { name: 'search' }).click()
    await page.getByTestId('block').locator('[data-check=ok]').waitFor()
    expect(await page.getByTestId('block').textContent()).toContain('certification')
    await page.close()
  }, 60_000)

  it('marks every receipt a lying node alters as failed verification', async () => {
    // The auditor's page comes from a node it trusts (node 0) and reads the liar's API (?node=), pinned to node 0's genesis.
    liar.lie = { kind: 'alter' }
    const page = await open(`/?node=${encodeURIComponent(liar.url)}#/device/${device.deviceId}`)
    expect(await page.getByTestId('other-node').textContent()).toContain(liar.url)
    await page.getByTestId('genesis').filter({ hasText: 'it is the pinned one (the genesis of the node that served this page)' }).waitFor()
    const attempts = page.locator('[data-testid=attempt]')
    await attempts.first().locator('[data-check]').waitFor({ timeout: 20_000 })
    const n = await attempts.count()
    expect(n).toBeGreaterThanOrEqual(1)
    expect(await attempts.locator('[data-check=failed]').count()).toBe(n)
    expect(await attempts.locator('[data-check=ok]').count()).toBe(0)
    const txId = await attempts.first().getAttribute('data-txid')
    await page.goto(`${base}/?node=${encodeURIComponent(liar.url)}#/tx/${txId ?? ''}`)
    const failed = page.getByTestId('tx').locator('[data-check=failed]')
    await failed.waitFor()
    expect(await failed.textContent()).toMatch(/verification failed: .*(proof|root)/i)
    expect(await page.getByTestId('tx').textContent()).toContain('does not verify: do not believe what it says')
    expect(liar.tampered()).toBeGreaterThan(n)

    // The same transaction read from the honest node verifies: the failure is the liar's, not the page's.
    await page.goto(`${base}/#/tx/${txId ?? ''}`)
    await page.getByTestId('tx').locator('[data-check=ok]').waitFor()
    await page.close()
  }, 60_000)

  it('does not take a valid receipt of another transaction for the one asked for', async () => {
    // The registration's transaction asked for, a certification's receipt served: both valid, only one is what was asked for.
    const granted = await app.certify(device.multiaddrs[0])
    await granted.close()
    const asked = app.registrationFor(device.deviceId)?.txId ?? ''
    expect(asked).toMatch(/^[0-9a-f]{64}$/)
    liar.lie = { kind: 'swap', asked, served: granted.txId }
    const page = await open(`/?node=${encodeURIComponent(liar.url)}#/tx/${asked}`)
    const failed = page.getByTestId('tx').locator('[data-check=failed]')
    await failed.waitFor()
    expect(await failed.textContent()).toContain('another transaction')
    expect(await page.getByTestId('tx').textContent()).not.toContain('GRANTED')
    await page.close()
  }, 60_000)

  it('reading another node, believes only the genesis of the node that served the page', async () => {
    // The liar serves a genesis of its own: through the trusted node's page, nothing of it verifies.
    liar.lie = { kind: 'genesis' }
    const page = await open(`/?node=${encodeURIComponent(liar.url)}`)
    await page.getByTestId('genesis').filter({ hasText: 'NOT the pinned' }).waitFor()
    await page.locator('[data-testid=block-row] [data-check]').first().waitFor()
    expect(await page.locator('[data-check=ok]').count()).toBe(0)
    await page.close()
  }, 30_000)

  it('trusts only the genesis it is told to: a pinned hash that is not this network\'s fails every check', async () => {
    const wrong = 'ab'.repeat(32)
    const page = await open(`/?genesis=${wrong}`)
    await page.getByTestId('genesis').filter({ hasText: 'NOT the pinned' }).waitFor()
    await page.locator('[data-testid=block-row] [data-check]').first().waitFor()
    expect(await page.locator('[data-check=ok]').count()).toBe(0)
    await page.goto(`${base}/?genesis=${tn.network.genesisHash}`)
    await page.reload()
    await page.getByTestId('genesis').filter({ hasText: 'it is the pinned one' }).waitFor()
    await page.locator('[data-testid=block-row] [data-check=ok]').first().waitFor()
    await page.close()
  }, 30_000)

  it('keeps the block list a window: rows in view only, pages fetched as they come into view', async () => {
    const page = await open('/')
    const list = page.getByTestId('blocks')
    await list.locator('[data-testid=block-row] [data-check=ok]').first().waitFor()
    const head = Number(await page.getByTestId('height').textContent())
    const rows = async (): Promise<number> => await list.locator('[data-testid=block-row]').count()
    expect(await rows()).toBeLessThanOrEqual(30)
    const fetched = async (): Promise<number> => await page.evaluate(() => (globalThis as unknown as { certchainExplorer: { cache: { fetched: number } } }).certchainExplorer.cache.fetched)
    const pagesInChain = Math.ceil(head / 32)
    // To the bottom: the first block, verified, and still only a window of rows.
    await list.evaluate(el => { el.scrollTop = el.scrollHeight })
    const first = list.locator('[data-testid=block-row][data-height="1"]')
    await first.locator('[data-check=ok]').waitFor({ timeout: 10_000 })
    expect(await rows()).toBeLessThanOrEqual(30)
    expect(await fetched()).toBeLessThan(pagesInChain)
    expect(pageErrors).toEqual([])
    await page.close()
  }, 30_000)
})
