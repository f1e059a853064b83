// The node's read-only HTTP API (fastify): what operators, auditors and the
// explorer read. Everything comes from what is durable (the chain store,
// the tx index) or from the committed certification state, like the query
// protocol; nothing here writes. Bound to the configured address only
// (config.json `http.listen`, 127.0.0.1 by default, off unless set). Byte
// fields are lower-case hex, field names are stable, every route has a
// JSON schema from which /openapi.json is made, and every error is
// `{code, message}` with its status: 400 BAD_REQUEST, 404 NOT_FOUND, 429
// RATE_LIMITED, 500 INTERNAL (never a stack trace). Each client address
// has a request budget; a range answer stops at a byte cap and says where
// to go on. The explorer page (explorer/, built into dist/explorer/) is
// served at / with /genesis, from which it computes the genesis hash and
// the validator set it verifies everything against.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { join } from 'node:path'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Logger } from 'pino'
import { fromHex, toHex } from '../../protocols/bytes.ts'
import type { OpenedBlock } from '../../protocols/block.ts'
import { networkFileOf } from '../../protocols/ceremony.ts'
import { packageRoot } from '../../protocols/package-root.ts'
import { decodeTransaction } from '../../protocols/codec.ts'
import type { Genesis } from '../../protocols/genesis.ts'
import { txIdOf } from '../../protocols/tx.ts'
import type { NodeStatus, Receipt } from '../../protocols/node-protocols.ts'
import type { NodeMetrics } from '../metrics.ts'
import type { CertApp } from '../state/cert-app.ts'
import type { ChainStore, StoredBlockView } from '../store/chain-store.ts'
import type { TxLocation } from '../state/cert-app.ts'
import type { StateStore } from '../state/state-store.ts'
import type { TxOutcome } from '../tx-outcomes.ts'
import * as L from '../constants.ts'
import type { ProtocolService } from './service.ts'

export interface HttpServiceInit {
  host: string
  port: number
  requestsPerMinutePerClient: number
  blocksPerPageMax: number
  attemptsPerPageMax: number
  pageBytesMax: number
  /** The built explorer page (index.html, style.css, app.js); not served when the folder has no index.html. */
  explorerDir: string
}

export const httpServiceDefaults = {
  explorerDir: join(packageRoot, 'dist', 'explorer'),
  requestsPerMinutePerClient: L.httpRequestsPerMinutePerClient,
  blocksPerPageMax: L.httpBlocksPerPageMax,
  attemptsPerPageMax: L.httpAttemptsPerPageMax,
  pageBytesMax: L.httpPageBytesMax
}

export interface HttpServiceComponents {
  store: () => ChainStore
  app: () => CertApp
  /** The state store: where each committed transaction is, each device's attempts. */
  state: () => StateStore
  status: () => NodeStatus
  genesis: Genesis
  receiptAt: (loc: TxLocation) => Promise<Receipt | undefined>
  log: Logger
  /** Prometheus metrics of the node, served at /metrics. */
  metrics?: NodeMetrics
}

export class HttpError extends Error {
  constructor (readonly statusCode: 400 | 404, readonly code: 'BAD_REQUEST' | 'NOT_FOUND', message: string) { super(message) }
}

// ---------------------------------------------------------------- schemas (the OpenAPI document is made from these)

const hex = (bytes?: number): Record<string, unknown> => ({ type: 'string', pattern: bytes === undefined ? '^([0-9a-f]{2})*$' : `^[0-9a-f]{${2 * bytes}}$` })
const int = { type: 'integer', minimum: 0 }
const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string', enum: ['BAD_REQUEST', 'NOT_FOUND', 'RATE_LIMITED', 'INTERNAL'] }, message: { type: 'string' } }
}
const errors = { 400: { $ref: 'Error#' }, 404: { $ref: 'Error#' }, 429: { $ref: 'Error#' }, 500: { $ref: 'Error#' } }
const statusSchema = {
  type: 'object',
  required: ['chainId', 'genesisHash', 'index', 'height', 'view', 'viewChanging', 'tip', 'stateDigest', 'validators', 'connectedValidators', 'pendingTxs', 'stableCheckpoint', 'uptimeMs'],
  properties: {
    chainId: { type: 'string' },
    genesisHash: hex(32),
    index: int,
    height: int,
    view: int,
    viewChanging: { type: 'boolean' },
    tip: hex(32),
    stateDigest: { ...hex(), description: 'empty while the state is behind the durable head' },
    validators: int,
    connectedValidators: { type: 'array', items: { type: 'string' } },
    pendingTxs: int,
    stableCheckpoint: int,
    uptimeMs: int
  }
}
const validatorSchema = {
  type: 'object',
  required: ['index', 'name', 'peerId', 'publicKey', 'addresses', 'connected'],
  properties: { index: int, name: { type: 'string' }, peerId: { type: 'string' }, publicKey: hex(32), addresses: { type: 'array', items: { type: 'string' } }, connected: { type: 'boolean' } }
}
const blockSchema = {
  $id: 'Block',
  type: 'object',
  required: ['height', 'hash', 'prevHash', 'timestampMs', 'proposer', 'view', 'txCount', 'txRoot', 'resultRoot', 'txIds', 'block', 'certificate'],
  properties: {
    height: int,
    hash: hex(32),
    prevHash: hex(32),
    timestampMs: int,
    proposer: int,
    view: int,
    txCount: int,
    txRoot: hex(32),
    resultRoot: hex(32),
    txIds: { type: 'array', items: hex(32) },
    block: { ...hex(), description: 'the block as stored (protobuf), hex' },
    certificate: { ...hex(), description: 'its commit certificate (protobuf), hex: 2f+1 validator signatures' }
  }
}
const proofSchema = { type: 'object', required: ['index', 'total', 'siblings'], properties: { index: int, total: int, siblings: { type: 'array', items: hex(32) } } }
const receiptSchema = {
  $id: 'Receipt',
  type: 'object',
  required: ['txId', 'height', 'index', 'header', 'certificate', 'tx', 'txProof', 'result', 'resultProof'],
  description: 'everything a client needs to check the transaction and its result offline against the validator set (docs/PROTOCOL.md)',
  properties: {
    txId: hex(32), height: int, index: int, header: hex(), certificate: hex(), tx: hex(), txProof: proofSchema, result: hex(), resultProof: proofSchema
  }
}
const recordSchema = { type: 'object', additionalProperties: true, description: 'the committed record; byte fields hex' }
const idParam = (name: string, pattern: string, description: string): Record<string, unknown> =>
  ({ type: 'object', required: [name], properties: { [name]: { type: 'string', pattern, description } } })

// ---------------------------------------------------------------- JSON forms

/** Byte fields as hex, recursively: the record types of the state are protobuf messages. */
function jsonOf (value: unknown): unknown {
  if (value instanceof Uint8Array) return toHex(value)
  if (Array.isArray(value)) return value.map(jsonOf)
  if (typeof value === 'bigint') return value.toString()
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonOf(v)]))
  return value
}

function blockJson (b: StoredBlockView): Record<string, unknown> {
  const h = b.block.header
  return {
    height: b.height,
    hash: toHex(b.hash),
    prevHash: toHex(h.prevHash),
    timestampMs: h.timestampMs,
    proposer: h.proposer,
    view: h.view,
    txCount: h.txCount,
    txRoot: toHex(h.txRoot),
    resultRoot: toHex(h.resultRoot),
    txIds: b.block.txIds.map(toHex),
    block: toHex(b.block.bytes),
    certificate: toHex(b.certificateBytes)
  }
}

const proofJson = (p: Receipt['txProof']): Record<string, unknown> =>
  ({ index: p?.index ?? 0, total: p?.total ?? 0, siblings: (p?.siblings ?? []).map(toHex) })

function receiptJson (txId: Uint8Array, loc: TxLocation, r: Receipt): Record<string, unknown> {
  return {
    txId: toHex(txId), height: loc.height, index: loc.index, header: toHex(r.header), certificate: toHex(r.certificate), tx: toHex(r.tx),
    txProof: proofJson(r.txProof), result: toHex(r.result), resultProof: proofJson(r.resultProof)
  }
}

/** A device id is its PeerId (Ed25519): the key the state is indexed by. */
function deviceKeyOf (id: string): Uint8Array {
  try {
    const key = peerIdFromString(id).publicKey
    if (key?.type === 'Ed25519') return key.raw
  } catch {}
  throw new HttpError(400, 'BAD_REQUEST', `${JSON.stringify(id.slice(0, 80))} is not a device id (an Ed25519 PeerId, 12D3KooW...)`)
}

// ---------------------------------------------------------------- the service

/** One client of GET /events. */
interface EventStream { res: ServerResponse, client: string }

export class HttpService implements ProtocolService {
  private server?: FastifyInstance
  private readonly streams = new Set<EventStream>()
  private heartbeat?: NodeJS.Timeout

  /**
   * A block is durable: its event, and one per certification verdict in it,
   * go to every event stream. A stream that does not keep up is closed (its
   * client reconnects with Last-Event-ID and reads what it missed from /blocks).
   */
  durable (block: OpenedBlock, outcomes: TxOutcome[]): void {
    if (this.streams.size === 0) return
    const h = block.header
    let text = `event: block\nid: ${h.height}\ndata: ${JSON.stringify({ height: h.height, hash: toHex(block.hash), txCount: h.txCount, timestampMs: h.timestampMs, proposer: h.proposer })}\n\n`
    for (const o of outcomes) {
      if (o.verdict === undefined) continue
      const data = { height: h.height, txId: toHex(o.txId), verdict: String(o.verdict.verdict), registrationId: toHex(o.verdict.registrationId) }
      text += `event: verdict\nid: ${h.height}\ndata: ${JSON.stringify(data)}\n\n`
    }
    this.broadcast(text)
  }

  private broadcast (text: string): void {
    for (const s of this.streams) {
      if (s.res.writableLength > L.httpEventStreamBufferedBytesMax) {
        this.streams.delete(s)
        s.res.destroy()
        continue
      }
      s.res.write(text)
    }
  }

  constructor (private readonly init: HttpServiceInit, private readonly c: HttpServiceComponents) {}

  /** The address it listens at, once started (port 0 resolved). */
  get address (): { host: string, port: number } | undefined {
    const a = this.server?.server.address()
    return a === null || a === undefined || typeof a === 'string' ? undefined : { host: a.address, port: a.port }
  }

  async start (): Promise<void> {
    const server = await this.build()
    await server.listen({ host: this.init.host, port: this.init.port })
    this.server = server
    this.c.log.info({ url: `http://${this.init.host.includes(':') ? `[${this.init.host}]` : this.init.host}:${this.address?.port ?? this.init.port}` }, 'http api listening')
  }

  async stop (): Promise<void> {
    clearInterval(this.heartbeat)
    for (const s of this.streams) s.res.end()
    this.streams.clear()
    await this.server?.close()
    this.server = undefined
  }

  /** The server with every route, not listening yet (tests inject requests into it). */
  async build (): Promise<FastifyInstance> {
    const init = this.init
    const c = this.c
    const server = Fastify({
      logger: false,
      bodyLimit: L.httpBodyBytesMax,
      connectionTimeout: L.httpConnectionTimeoutMs,
      requestTimeout: L.httpRequestTimeoutMs,
      keepAliveTimeout: L.httpKeepAliveTimeoutMs,
      maxParamLength: L.httpParamBytesMax,
      return503OnClosing: true,
      // What the router refuses before any route (an over-long parameter, a malformed URL) is a typed 400 too.
      frameworkErrors: (err, _req, reply: FastifyReply) => { void reply.code(400).send({ code: 'BAD_REQUEST', message: err.message.slice(0, 200) }) },
      ajv: { customOptions: { removeAdditional: false, coerceTypes: true } }
    })
    server.addSchema(errorSchema)
    server.addSchema(blockSchema)
    server.addSchema(receiptSchema)
    await server.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'certchain node HTTP API', version: '1', description: 'Read-only. Byte fields are lower-case hex. docs/OPERATIONS.md, "HTTP API".' }
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}` }
    })
    // The explorer of another node reads this one: a read-only API may be read from any origin.
    await server.register(cors, { origin: '*', methods: ['GET', 'HEAD'] })
    await server.register(rateLimit, {
      max: init.requestsPerMinutePerClient,
      timeWindow: 60_000,
      cache: L.httpRateLimitClientsMax,
      errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, code: 'RATE_LIMITED', message: `more than ${ctx.max} requests a minute from this address; retry in ${Math.ceil(ctx.ttl / 1000)} s` })
    })

    server.setErrorHandler((err: FastifyError | HttpError, _req, reply) => {
      if (err instanceof HttpError) return reply.code(err.statusCode).send({ code: err.code, message: err.message })
      if ((err as FastifyError).validation !== undefined) return reply.code(400).send({ code: 'BAD_REQUEST', message: err.message })
      const status = (err as FastifyError).statusCode ?? 500
      if (status === 429) return reply.code(429).send({ code: 'RATE_LIMITED', message: err.message })
      if (status >= 400 && status < 500) return reply.code(400).send({ code: 'BAD_REQUEST', message: err.message })
      c.log.error({ err: err.message }, 'http api: internal error')
      return reply.code(500).send({ code: 'INTERNAL', message: 'internal error' })
    })
    server.setNotFoundHandler((req, reply) => reply.code(404).send({ code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.slice(0, 200)}` }))

    server.get('/status', { schema: { description: 'the node now: durable height and tip, view, peers, mempool, state digest', response: { 200: statusSchema, ...errors } } }, async () => {
      const s = c.status()
      return {
        chainId: s.chainId, genesisHash: toHex(s.genesisHash), index: s.index, height: s.height, view: s.view, viewChanging: s.viewChanging, tip: toHex(s.tipHash),
        stateDigest: toHex(s.stateDigest), validators: s.validators.length, connectedValidators: s.connectedValidators, pendingTxs: s.pendingTxs,
        stableCheckpoint: s.stableCheckpoint, uptimeMs: s.uptimeMs
      }
    })

    // The validator set is the genesis's: its PeerIds and addresses are worked out once.
    const validators = networkFileOf(c.genesis).validators.map(v => ({ index: v.index, name: v.name, peerId: v.peerId, publicKey: v.publicKey, addresses: c.genesis.validators[v.index].addresses ?? [] }))
    server.get('/validators', { schema: { description: 'the validator set of the genesis, with whether this node is connected to each', response: { 200: { type: 'array', items: validatorSchema }, ...errors } } }, async () => {
      const status = c.status()
      const connected = new Set(status.connectedValidators)
      return validators.map(v => ({ ...v, connected: connected.has(v.peerId) || v.index === status.index }))
    })

    server.get('/blocks/:height', {
      schema: { description: 'a committed block with its commit certificate', params: { type: 'object', required: ['height'], properties: { height: { type: 'integer', minimum: 1 } } }, response: { 200: { $ref: 'Block#' }, ...errors } }
    }, async (req) => {
      const { height } = req.params as { height: number }
      const b = height <= c.store().height() ? await c.store().getBlock(height) : undefined
      if (b === undefined) throw new HttpError(404, 'NOT_FOUND', `no block at height ${height} (the chain is at ${c.store().height()})`)
      return blockJson(b)
    })

    server.get('/blocks', {
      schema: {
        description: `blocks from \`from\` on, at most \`limit\` (${init.blocksPerPageMax}) and about ${init.pageBytesMax} bytes of them; \`next\` is where the next page starts, null at the head`,
        querystring: { type: 'object', required: ['from'], properties: { from: { type: 'integer', minimum: 1 }, limit: { type: 'integer', minimum: 1, maximum: init.blocksPerPageMax, default: init.blocksPerPageMax } } },
        response: { 200: { type: 'object', required: ['blocks', 'next', 'height'], properties: { blocks: { type: 'array', items: { $ref: 'Block#' } }, next: { type: ['integer', 'null'] }, height: int } }, ...errors }
      }
    }, async (req) => {
      const { from, limit } = req.query as { from: number, limit: number }
      const store = c.store()
      const head = store.height()
      const blocks: Array<Record<string, unknown>> = []
      let bytes = 0
      let next: number | null = null
      if (from <= head) {
        const last = Math.min(head, from + limit - 1)
        for (let h = from; h <= last; h++) {
          const b = await store.getBlock(h)
          if (b === undefined) break
          const j = blockJson(b)
          bytes += (j.block as string).length + (j.certificate as string).length
          // At least one block a page, so a page always moves on.
          if (blocks.length > 0 && bytes > init.pageBytesMax) { next = h; break }
          blocks.push(j)
          if (h === last && last < head) next = last + 1
        }
      }
      return { blocks, next, height: head }
    })

    server.get('/txs/:id', {
      schema: { description: 'a committed transaction with its receipt: block header, commit certificate, Merkle proofs of the transaction and its result', params: idParam('id', '^[0-9a-fA-F]{64}$', 'the transaction id, 32 bytes hex'), response: { 200: { $ref: 'Receipt#' }, ...errors } }
    }, async (req) => {
      const txId = fromHex((req.params as { id: string }).id.toLowerCase())
      const loc = await c.state().txLocation(txId)
      const receipt = loc === undefined ? undefined : await c.receiptAt(loc)
      if (loc === undefined || receipt === undefined) throw new HttpError(404, 'NOT_FOUND', 'no committed transaction with this id')
      return receiptJson(txId, loc, receipt)
    })

    server.get('/registrations/:id', {
      schema: { description: 'a registration (app user key with a device) and its state: failures, lock, revocation', params: idParam('id', '^[0-9a-fA-F]{64}$', 'the registration id, 32 bytes hex'), response: { 200: { type: 'object', required: ['registration', 'heightAt'], properties: { registration: recordSchema, heightAt: int } }, ...errors } }
    }, async (req) => {
      const r = c.app().registration(fromHex((req.params as { id: string }).id.toLowerCase()))
      if (r === undefined) throw new HttpError(404, 'NOT_FOUND', 'no such registration')
      return { registration: jsonOf(r), heightAt: c.app().height }
    })

    server.get('/devices/:id', {
      schema: { description: 'a device known to the network (attested by its vendor) and its state', params: idParam('id', '^[1-9A-HJ-NP-Za-km-z]{46,60}$', 'the device id, its PeerId'), response: { 200: { type: 'object', required: ['device', 'heightAt'], properties: { device: recordSchema, heightAt: int } }, ...errors } }
    }, async (req) => {
      const d = c.app().device(deviceKeyOf((req.params as { id: string }).id))
      if (d === undefined) throw new HttpError(404, 'NOT_FOUND', 'no such device')
      return { device: jsonOf(d), heightAt: c.app().height }
    })

    server.get('/devices/:id/attempts', {
      schema: {
        description: 'the device\'s audit trail: its certification attempts in chain order, each with its receipt, paged',
        params: idParam('id', '^[1-9A-HJ-NP-Za-km-z]{46,60}$', 'the device id, its PeerId'),
        querystring: { type: 'object', properties: { offset: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: init.attemptsPerPageMax, default: init.attemptsPerPageMax } } },
        response: { 200: { type: 'object', required: ['attempts', 'total', 'offset'], properties: { attempts: { type: 'array', items: { $ref: 'Receipt#' } }, total: int, offset: int } }, ...errors }
      }
    }, async (req) => {
      const key = deviceKeyOf((req.params as { id: string }).id)
      const { offset, limit } = req.query as { offset: number, limit: number }
      const { page, total } = await c.state().attempts(key, offset, limit)
      const attempts: Array<Record<string, unknown>> = []
      for (const loc of page) {
        // The state runs ahead of the store by at most the block being appended: serve only what is on disk.
        if (loc.height > c.store().height()) break
        const r = await c.receiptAt(loc)
        if (r === undefined) break
        // The receipt holds the transaction: its id needs no second read of the block.
        attempts.push(receiptJson(txIdOf(decodeTransaction(r.tx).body), loc, r))
      }
      return { attempts, total, offset }
    })

    const metrics = c.metrics
    if (metrics !== undefined) {
      server.get('/metrics', {
        schema: { description: 'Prometheus metrics of the node and of its libp2p host (text exposition format)', produces: ['text/plain'], response: { 200: { type: 'string' } } }
      }, async (_req, reply) => await reply.type(metrics.contentType).send(await metrics.text()))
    }

    server.get('/events', {
      schema: {
        description: 'server-sent events (text/event-stream): `block` for each block made durable here ({height, hash, txCount, timestampMs, proposer}) and `verdict` for each certification verdict in it ({height, txId, verdict, registrationId}); the event id is the height',
        produces: ['text/event-stream'],
        response: { 200: { type: 'string' }, ...errors }
      }
    }, async (req, reply) => {
      const client = req.ip
      const mine = [...this.streams].filter(s => s.client === client).length
      if (this.streams.size >= L.httpEventStreamsMax || mine >= L.httpEventStreamsPerClientMax) {
        return await reply.code(429).send({ code: 'RATE_LIMITED', message: `too many event streams open (${mine} from this address, ${this.streams.size} in all)` })
      }
      reply.hijack()
      // An event stream may be quiet longer than the idle timeout of ordinary requests: the heartbeat keeps it alive instead.
      req.raw.socket.setTimeout(0)
      const res = reply.raw
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'Access-Control-Allow-Origin': '*', 'X-Accel-Buffering': 'no' })
      res.write(`retry: 2000\n: height ${c.store().height()}\n\n`)
      const stream = { res, client }
      this.streams.add(stream)
      res.on('close', () => { this.streams.delete(stream) })
      this.heartbeat ??= setInterval(() => { this.broadcast(': heartbeat\n\n') }, L.httpEventHeartbeatMs).unref()
    })

    server.get('/genesis', {
      schema: { description: 'the genesis document this node runs (docs/OPERATIONS.md): its hash is the `genesisHash` of /status, recomputed by the explorer and by anyone', response: { 200: { type: 'object', additionalProperties: true }, ...errors } }
    }, async () => c.genesis)

    this.explorerRoutes(server)
    server.get('/openapi.json', { schema: { hide: true } }, async () => server.swagger())
    await server.ready()
    return server
  }

  /**
   * The explorer page, read once from its built folder: index.html at / (and
   * /explorer/), its two assets under /explorer/. The page loads nothing from
   * elsewhere, and its policy says so: scripts and styles from this origin
   * only; it may read the API of other nodes (connect-src), nothing else.
   */
  private explorerRoutes (server: FastifyInstance): void {
    const dir = this.init.explorerDir
    const types: Record<string, string> = { 'index.html': 'text/html; charset=utf-8', 'style.css': 'text/css; charset=utf-8', 'app.js': 'text/javascript; charset=utf-8' }
    const built = existsSync(join(dir, 'index.html'))
    const files = new Map(built ? Object.keys(types).map(name => {
      const body = readFileSync(join(dir, name))
      return [name, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }] as const
    }) : [])
    const send = async (name: string, req: { headers: Record<string, string | string[] | undefined> }, reply: FastifyReply): Promise<unknown> => {
      const f = files.get(name)
      if (f === undefined) throw new HttpError(404, 'NOT_FOUND', built ? `no explorer file ${name}` : `the explorer page is not built at ${dir} (npm run build)`)
      void reply.header('ETag', f.etag).header('Cache-Control', 'no-cache').header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src *; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        .header('Referrer-Policy', 'no-referrer')
      if (req.headers['if-none-match'] === f.etag) return await reply.code(304).send()
      return await reply.type(types[name]).send(f.body)
    }
    const page = { schema: { description: 'the explorer page (text/html): validators, live height and view, blocks, certifications and audit trails, each receipt verified in the browser', produces: ['text/html'], response: { 200: { type: 'string' }, ...errors } } }
    server.get('/', page, async (req, reply) => await send('index.html', req, reply))
    server.get('/explorer/', { schema: { hide: true } }, async (req, reply) => await send('index.html', req, reply))
    server.get('/explorer/:file', {
      schema: { description: 'the explorer page\'s script and style', params: { type: 'object', required: ['file'], properties: { file: { type: 'string', enum: ['app.js', 'style.css'] } } }, response: { 200: { type: 'string' }, ...errors } }
    }, async (req, reply) => await send((req.params as { file: string }).file, req, reply))
  }
}
