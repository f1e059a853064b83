// The node's read-only HTTP API against a real 4-node testnet: every route
// with good and bad input, each answer checked against the OpenAPI
// document the node serves, receipts verified with the clients' own code,
// typed errors without stack traces, /metrics checked by promtool (and the
// Grafana dashboard's queries against it), CORS, and the per-client rate
// limit.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Ajv } from 'ajv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type * as AppSdk from '../../clients/app-main.ts'
import { artifactPath } from '../../clients/build-app.ts'
import { Device } from '../../clients/device.ts'
import { loadNetwork } from '../../clients/network.ts'
import { fromHex, toHex } from '../../protocols/bytes.ts'
import { makeValidatorSet } from '../../protocols/certificate.ts'
import { decodeClientTransaction } from '../../protocols/codec.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { genesisHash, parseGenesis, validatorPublicKeys } from '../../protocols/genesis.ts'
import { verifyReceipt } from '../../protocols/node-protocols.ts'
import { txIdOf } from '../../protocols/tx.ts'
import { signLoad } from '../load.ts'
import { nodeHome, type Testnet } from '../testnet.ts'
import { publishInProcessRelease, startTestnet } from './helpers.ts'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const { App } = await import(pathToFileURL(artifactPath()).href) as typeof AppSdk

interface OpenApi { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>, components: { schemas: Record<string, unknown> } }

describe('e2e: the HTTP API of a node', () => {
  let tn: Testnet
  let base = ''
  let openapi: OpenApi
  const txIds: string[] = []
  let device: Device
  let app: AppSdk.App
  let registrationId = ''
  let attemptTxId = ''
  const ajv = new Ajv({ strict: false, allErrors: true })

  const get = async (path: string, init?: RequestInit): Promise<{ status: number, body: any, headers: Headers }> => {
    const r = await fetch(`${base}${path}`, init)
    const text = await r.text()
    let body: unknown = text
    try { body = JSON.parse(text) } catch {}
    return { status: r.status, body, headers: r.headers }
  }
  /** The answer is what the OpenAPI document says that route answers with that status. */
  const conforms = (route: string, status: number, body: unknown): void => {
    const schema = openapi.paths[route]?.get?.responses[String(status)]?.content?.['application/json']?.schema
    expect(schema, `${route} ${status} in openapi.json`).toBeDefined()
    const validate = ajv.compile({ ...(schema as object), components: openapi.components })
    expect(validate(body), `${route} ${status}: ${ajv.errorsText(validate.errors)}`).toBe(true)
  }
  const refused = async (path: string, status: number, code: string): Promise<void> => {
    const r = await get(path)
    expect(r.status, path).toBe(status)
    expect(r.body, path).toMatchObject({ code })
    expect(Object.keys(r.body as object).sort(), path).toEqual(['code', 'message'])
    expect(JSON.stringify(r.body)).not.toMatch(/\bat .*\.ts:\d+/)
  }

  beforeAll(async () => {
    tn = await startTestnet(27200)
    base = tn.httpUrl(0) ?? ''
    const client = await tn.getClient()
    for (const tx of signLoad(tn.network.chainId, 3, 48)) {
      const r = await client.submit(tn.address(0), tx, { wait: true, timeoutMs: 20_000 })
      expect(r.status).toBe('committed')
      txIds.push(toHex(txIdOf(decodeClientTransaction(tx).body)))
    }
    // A device attested on chain, an app registered with it, one certification: the state the routes show.
    const network = loadNetwork(join(tn.dir, 'network.json'))
    const version = await publishInProcessRelease(tn)
    device = await Device.open({ network, home: join(tn.dir, 'http-device'), allowLoopback: true })
    await device.start()
    await device.provision()
    app = await App.open({ network, home: join(tn.dir, 'http-app'), version })
    registrationId = (await app.register(device.multiaddrs[0], device.pairingCode)).registrationId
    const session = await app.certify(device.multiaddrs[0])
    attemptTxId = session.txId
    await session.close()
    openapi = (await get('/openapi.json')).body as OpenApi
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await device?.stop()
    await tn?.down(true)
  }, 60_000)

  it('serves an OpenAPI 3.1 document naming every route', () => {
    expect((openapi as unknown as { openapi: string }).openapi).toBe('3.1.0')
    expect(Object.keys(openapi.paths).sort()).toEqual(['/', '/blocks', '/blocks/{height}', '/devices/{id}', '/devices/{id}/attempts', '/events', '/explorer/{file}', '/genesis', '/metrics', '/registrations/{id}', '/status', '/txs/{id}', '/validators'])
  })

  it('/genesis: the genesis this node runs, whose hash is the network\'s', async () => {
    const r = await get('/genesis')
    expect(r.status).toBe(200)
    conforms('/genesis', 200, r.body)
    expect(toHex(genesisHash(parseGenesis(r.body)))).toBe(tn.network.genesisHash)
    expect(r.body).toEqual(JSON.parse(readFileSync(join(nodeHome(tn.dir, 0), 'genesis.json'), 'utf8')))
  })

  it('/ and /explorer/{file}: the built explorer page, under a policy that loads nothing from elsewhere', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('<script type="module" src="/explorer/app.js">')
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    for (const [file, type] of [['app.js', 'text/javascript; charset=utf-8'], ['style.css', 'text/css; charset=utf-8']]) {
      const r = await get(`/explorer/${file}`)
      expect(r.status, file).toBe(200)
      expect(r.headers.get('content-type'), file).toBe(type)
      expect(r.body, file).toBe(readFileSync(join(repoRoot, 'dist', 'explorer', file), 'utf8'))
      // Revalidated, not re-sent: the ETag answers 304 while the file is the same.
      const again = await fetch(`${base}/explorer/${file}`, { headers: { 'If-None-Match': r.headers.get('etag') ?? '' } })
      expect(again.status, file).toBe(304)
    }
    // Nothing but the built files: no path into the file system.
    await refused('/explorer/..%2Fpackage.json', 400, 'BAD_REQUEST')
    await refused('/explorer/main.tsx', 400, 'BAD_REQUEST')
    await refused('/explorer/x/app.js', 404, 'NOT_FOUND')
  })

  it('/status and /validators: the node now, the validator set', async () => {
    const s = await get('/status')
    expect(s.status).toBe(200)
    conforms('/status', 200, s.body)
    expect(s.body).toMatchObject({ chainId: tn.network.chainId, genesisHash: tn.network.genesisHash, index: 0, validators: 4 })
    expect(s.body.height).toBeGreaterThanOrEqual(4)
    const v = await get('/validators')
    conforms('/validators', 200, v.body)
    expect((v.body as Array<{ peerId: string }>).map(x => x.peerId)).toEqual(tn.network.validators.map(x => x.peerId))
    expect((v.body as Array<{ connected: boolean }>).every(x => x.connected)).toBe(true)
  })

  it('/blocks/{height} and /blocks: blocks with their certificates, linked, paged', async () => {
    const height = (await get('/status')).body.height as number
    const page = await get(`/blocks?from=1&limit=${height}`)
    expect(page.status).toBe(200)
    conforms('/blocks', 200, page.body)
    const blocks = page.body.blocks as Array<{ height: number, hash: string, prevHash: string, txIds: string[], certificate: string }>
    expect(blocks.map(b => b.height)).toEqual(Array.from({ length: height }, (_, i) => i + 1))
    expect(blocks[0].prevHash).toBe(tn.network.genesisHash)
    for (let i = 1; i < blocks.length; i++) expect(blocks[i].prevHash).toBe(blocks[i - 1].hash)
    expect(page.body.next).toBeNull()
    const two = await get('/blocks?from=1&limit=2')
    expect(two.body.next).toBe(3)
    const one = await get('/blocks/2')
    conforms('/blocks/{height}', 200, one.body)
    expect(one.body).toEqual(blocks[1])
    expect(blocks.flatMap(b => b.txIds)).toEqual(expect.arrayContaining(txIds))
    await refused('/blocks/0', 400, 'BAD_REQUEST')
    await refused('/blocks/abc', 400, 'BAD_REQUEST')
    await refused('/blocks/99999999', 404, 'NOT_FOUND')
    await refused('/blocks', 400, 'BAD_REQUEST')
    await refused('/blocks?from=1&limit=1000', 400, 'BAD_REQUEST')
    expect((await get(`/blocks?from=${height + 5}`)).body).toEqual({ blocks: [], next: null, height })
  })

  it('/txs/{id}: a receipt that verifies offline against the validator set; a tampered one does not', async () => {
    const set = makeValidatorSet(tn.network.chainId, validatorPublicKeys(tn.network.genesis))
    const r = await get(`/txs/${txIds[1]}`)
    expect(r.status).toBe(200)
    conforms('/txs/{id}', 200, r.body)
    const proof = (p: { index: number, total: number, siblings: string[] }): { index: number, total: number, siblings: Uint8Array[] } => ({ ...p, siblings: p.siblings.map(fromHex) })
    const receipt = {
      header: fromHex(r.body.header), certificate: fromHex(r.body.certificate), tx: fromHex(r.body.tx), txProof: proof(r.body.txProof), result: fromHex(r.body.result), resultProof: proof(r.body.resultProof)
    }
    const verified = verifyReceipt(nodeEd25519, set, receipt, fromHex(txIds[1]))
    expect(verified.header.height).toBe(r.body.height)
    const tampered = { ...receipt, result: Uint8Array.from(receipt.result, (b, i) => i === 0 ? b ^ 1 : b) }
    expect(() => verifyReceipt(nodeEd25519, set, tampered, fromHex(txIds[1]))).toThrow()
    expect((await get(`/txs/${txIds[1].toUpperCase()}`)).status).toBe(200)
    await refused('/txs/zz', 400, 'BAD_REQUEST')
    await refused(`/txs/${'0'.repeat(64)}`, 404, 'NOT_FOUND')
  })

  it('/devices/{id}, its attempts, /registrations/{id}: the committed state, each attempt with a receipt that verifies', async () => {
    const d = await get(`/devices/${device.deviceId}`)
    expect(d.status).toBe(200)
    conforms('/devices/{id}', 200, d.body)
    const r = await get(`/registrations/${registrationId}`)
    expect(r.status).toBe(200)
    conforms('/registrations/{id}', 200, r.body)
    expect(r.body.registration).toMatchObject({ registrationId, failures: 0, locked: false, revoked: false })
    const a = await get(`/devices/${device.deviceId}/attempts`)
    conforms('/devices/{id}/attempts', 200, a.body)
    expect(a.body.total).toBe(1)
    expect(a.body.attempts[0].txId).toBe(attemptTxId)
    const set = makeValidatorSet(tn.network.chainId, validatorPublicKeys(tn.network.genesis))
    const x = a.body.attempts[0]
    const proof = (p: { index: number, total: number, siblings: string[] }): { index: number, total: number, siblings: Uint8Array[] } => ({ ...p, siblings: p.siblings.map(fromHex) })
    verifyReceipt(nodeEd25519, set, { header: fromHex(x.header), certificate: fromHex(x.certificate), tx: fromHex(x.tx), txProof: proof(x.txProof), result: fromHex(x.result), resultProof: proof(x.resultProof) }, fromHex(attemptTxId))
    expect((await get(`/devices/${device.deviceId}/attempts?offset=1`)).body).toEqual({ attempts: [], total: 1, offset: 1 })
  })

  it('/devices, /devices/{id}/attempts, /registrations: typed refusals', async () => {
    const stranger = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    await refused(`/devices/${stranger}`, 404, 'NOT_FOUND')
    const none = await get(`/devices/${stranger}/attempts`)
    expect(none.status).toBe(200)
    conforms('/devices/{id}/attempts', 200, none.body)
    expect(none.body).toEqual({ attempts: [], total: 0, offset: 0 })
    await refused('/devices/not-a-peer-id', 400, 'BAD_REQUEST')
    await refused(`/devices/${stranger}/attempts?limit=0`, 400, 'BAD_REQUEST')
    await refused(`/registrations/${'ab'.repeat(32)}`, 404, 'NOT_FOUND')
    await refused('/registrations/12', 400, 'BAD_REQUEST')
    await refused('/no/such/route', 404, 'NOT_FOUND')
    await refused(`/devices/${'x'.repeat(500)}`, 400, 'BAD_REQUEST')
    await refused(`/devices/${'x'.repeat(5000)}`, 400, 'BAD_REQUEST')
    const post = await get('/status', { method: 'POST' })
    expect(post.status).toBe(404)
  })

  it('/metrics: the node\'s and libp2p\'s metrics, which promtool accepts', async () => {
    const r = await fetch(`${base}/metrics`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await r.text()
    const value = (series: string): number => {
      const line = text.split('\n').find(l => l.startsWith(series + ' '))
      expect(line, series).toBeDefined()
      return Number(line?.split(' ')[1])
    }
    const height = (await get('/status')).body.height as number
    expect(value('certchain_height')).toBeGreaterThanOrEqual(height - 1)
    expect(value('certchain_blocks_committed_total')).toBeGreaterThanOrEqual(height - 1)
    expect(value('certchain_verdicts_total{verdict="GRANTED"}')).toBe(1)
    expect(value('certchain_transactions_total{kind="authAttempt",result="ok"}')).toBe(1)
    expect(value('certchain_transactions_total{kind="opaque",result="ok"}')).toBe(3)
    expect(value('certchain_connected_validators')).toBe(3)
    expect(value('certchain_syncing')).toBe(0)
    expect(value('certchain_sync_behind_blocks')).toBe(0)
    expect(value('certchain_fsync_duration_seconds_count{store="chain"}')).toBeGreaterThan(0)
    expect(value('certchain_commit_latency_seconds_count')).toBeGreaterThan(0)
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m)
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m)
    expect(text).toMatch(/^libp2p_/m)
    // promtool (Debian's prometheus package; .ci/run installs it) checks the format and the naming conventions:
    // ours pass clean; the whole exposition parses, and what its lint finds is in libp2p's and prom-client's
    // own families (gauges named *_total), not ours.
    const promtool = (input: string): { status: number | null, out: string } => {
      const r = spawnSync('promtool', ['check', 'metrics'], { input, encoding: 'utf8' })
      if (r.error !== undefined) throw new Error(`promtool is needed for this test (apt-get install prometheus): ${r.error.message}`)
      return { status: r.status, out: r.stdout + r.stderr }
    }
    const ours = text.split('\n').filter(l => /^(# (HELP|TYPE) )?certchain_/.test(l)).join('\n') + '\n'
    expect(ours.split('\n').length).toBeGreaterThan(40)
    expect(promtool(ours)).toEqual({ status: 0, out: '' })
    const all = promtool(text)
    expect(all.out).not.toMatch(/error|certchain_/i)
    for (const line of all.out.split('\n').filter(l => l !== '')) expect(line).toMatch(/^(libp2p|nodejs|process)_\w+ /)
    expect([0, 3]).toContain(all.status)

    // The Grafana dashboard in docs/: every query parses (promtool check rules) and names only metrics the node exports.
    const dashboard = JSON.parse(readFileSync(join(repoRoot, 'docs/grafana-dashboard.json'), 'utf8')) as { panels: Array<{ title: string, targets: Array<{ expr: string }> }> }
    const exprs = dashboard.panels.flatMap(p => p.targets.map(t => t.expr))
    const rules = join(tn.dir, 'dashboard-rules.yml')
    writeFileSync(rules, 'groups:\n  - name: dashboard\n    rules:\n' + exprs.map((e, i) => `      - record: dashboard:expr_${i}\n        expr: ${JSON.stringify(e)}\n`).join(''))
    const parsed = spawnSync('promtool', ['check', 'rules', rules], { encoding: 'utf8' })
    expect(parsed.status, parsed.stdout + parsed.stderr).toBe(0)
    const exported = new Set(text.split('\n').filter(l => l.startsWith('# TYPE ')).map(l => l.split(' ')[2]))
    for (const name of new Set(exprs.flatMap(e => e.match(/\b(certchain|process|nodejs)_[a-z_]+/g) ?? []))) {
      expect(exported.has(name.replace(/_(bucket|count|sum)$/, '')), `${name} in docs/grafana-dashboard.json`).toBe(true)
    }
  })

  it('/events: a block event for each durable block and a verdict event for each certification, as they happen', async () => {
    const controller = new AbortController()
    const r = await fetch(`${base}/events`, { signal: controller.signal })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/event-stream')
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    const reader = (r.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let buffered = ''
    const events: Array<{ event: string, id: string, data: any }> = []
    const until = async (what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> => {
      const end = Date.now() + timeoutMs
      while (!ok()) {
        if (Date.now() > end) throw new Error(`no ${what} event within ${timeoutMs} ms; got ${JSON.stringify(events)}`)
        const { value, done } = await reader.read()
        if (done === true) throw new Error('the event stream ended')
        buffered += decoder.decode(value, { stream: true })
        let cut
        while ((cut = buffered.indexOf('\n\n')) >= 0) {
          const chunk = buffered.slice(0, cut)
          buffered = buffered.slice(cut + 2)
          const field = (name: string): string | undefined => chunk.split('\n').find(l => l.startsWith(`${name}: `))?.slice(name.length + 2)
          const event = field('event')
          if (event !== undefined) events.push({ event, id: field('id') ?? '', data: JSON.parse(field('data') ?? 'null') })
        }
      }
    }
    const before = (await get('/status')).body.height as number
    const session = await app.certify(device.multiaddrs[0])
    await session.close()
    await until('verdict', () => events.some(e => e.event === 'verdict'))
    const verdict = events.find(e => e.event === 'verdict')
    expect(verdict?.data).toMatchObject({ txId: session.txId, verdict: 'GRANTED', registrationId })
    const block = events.find(e => e.event === 'block' && e.data.height === verdict?.data.height)
    expect(block?.id).toBe(String(verdict?.data.height))
    expect(block?.data.height).toBeGreaterThan(before)
    expect((await get(`/blocks/${block?.data.height as number}`)).body.hash).toBe(block?.data.hash)
    controller.abort()

    // A bounded number of streams per client address: past it, a typed refusal, not an open socket more.
    const open: AbortController[] = []
    let refusedWith: unknown
    for (let i = 0; i < 20 && refusedWith === undefined; i++) {
      const c = new AbortController()
      const x = await fetch(`${base}/events`, { signal: c.signal })
      if (x.status === 429) refusedWith = await x.json()
      else open.push(c)
    }
    expect(refusedWith).toMatchObject({ code: 'RATE_LIMITED' })
    expect(open.length).toBeGreaterThan(0)
    expect(open.length).toBeLessThan(20)
    for (const c of open) c.abort()
  }, 60_000)

  it('CORS for the explorer of any node; the rate limit per client address, typed', async () => {
    const r = await get('/status', { headers: { Origin: 'http://127.0.0.1:9999' } })
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    // The budget is told in the answer's headers (a client of the API reads it there too).
    const budget = Number(r.headers.get('x-ratelimit-limit'))
    expect(budget).toBeGreaterThan(0)
    let limited
    for (let i = 0; i <= budget && limited === undefined; i++) {
      const x = await fetch(`${base}/status`)
      if (x.status === 429) limited = await x.json()
      else await x.arrayBuffer()
    }
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' })
    // Another node's API is another budget.
    expect((await get('/status')).status).toBe(429)
    expect((await fetch(`${tn.httpUrl(1) ?? ''}/status`)).status).toBe(200)
  }, 60_000)
})
