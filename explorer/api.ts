// The node's read-only HTTP API as the page reads it (node/services/http.ts;
// docs/OPERATIONS.md, "HTTP API"). Every answer is data to check, never to
// believe: chain.ts verifies what can be verified. Requests time out; an
// error answer ({code, message}) becomes an ApiError with that code.
export interface StatusJson {
  chainId: string
  genesisHash: string
  index: number
  height: number
  view: number
  viewChanging: boolean
  tip: string
  stateDigest: string
  validators: number
  connectedValidators: string[]
  pendingTxs: number
  stableCheckpoint: number
  uptimeMs: number
}

export interface ValidatorJson { index: number, name: string, peerId: string, publicKey: string, addresses: string[], connected: boolean }

export interface BlockJson {
  height: number
  hash: string
  prevHash: string
  timestampMs: number
  proposer: number
  view: number
  txCount: number
  txRoot: string
  resultRoot: string
  txIds: string[]
  block: string
  certificate: string
}

export interface ProofJson { index: number, total: number, siblings: string[] }

export interface ReceiptJson {
  txId: string
  height: number
  index: number
  header: string
  certificate: string
  tx: string
  txProof: ProofJson
  result: string
  resultProof: ProofJson
}

export interface BlocksPage { blocks: BlockJson[], next: number | null, height: number }
export interface AttemptsPage { attempts: ReceiptJson[], total: number, offset: number }
export interface RecordAnswer { heightAt: number, [k: string]: unknown }

export class ApiError extends Error {
  constructor (readonly code: string, message: string, readonly status?: number) { super(message) }
}

/** Requests wait at most this long for an answer. */
export const requestTimeoutMs = 10_000

export class Api {
  /** `base` is the node's URL ('' for the node that served the page). */
  constructor (readonly base: string = '') {}

  async get<T> (path: string): Promise<T> {
    let res: Response
    try {
      res = await fetch(this.base + path, { signal: AbortSignal.timeout(requestTimeoutMs), headers: { accept: 'application/json' } })
    } catch (err) {
      throw new ApiError('NETWORK', `${path}: ${(err as Error).message}`)
    }
    let body: unknown
    try { body = await res.json() } catch { throw new ApiError('BAD_RESPONSE', `${path}: the answer is not JSON (status ${res.status})`, res.status) }
    if (!res.ok) {
      const e = body as { code?: unknown, message?: unknown }
      throw new ApiError(typeof e.code === 'string' ? e.code : 'HTTP', typeof e.message === 'string' ? e.message : `status ${res.status}`, res.status)
    }
    return body as T
  }

  status = async (): Promise<StatusJson> => await this.get('/status')
  genesis = async (): Promise<unknown> => await this.get('/genesis')
  validators = async (): Promise<ValidatorJson[]> => await this.get('/validators')
  blocks = async (from: number, limit: number): Promise<BlocksPage> => await this.get(`/blocks?from=${from}&limit=${limit}`)
  tx = async (id: string): Promise<ReceiptJson> => await this.get(`/txs/${encodeURIComponent(id)}`)
  registration = async (id: string): Promise<RecordAnswer> => await this.get(`/registrations/${encodeURIComponent(id)}`)
  device = async (id: string): Promise<RecordAnswer> => await this.get(`/devices/${encodeURIComponent(id)}`)
  attempts = async (id: string, offset: number, limit: number): Promise<AttemptsPage> =>
    await this.get(`/devices/${encodeURIComponent(id)}/attempts?offset=${offset}&limit=${limit}`)

  /** Server-sent events of new blocks and verdicts; the browser reconnects by itself. */
  events (onBlock: (b: { height: number }) => void, onVerdict: (v: { height: number, txId: string }) => void, onState: (open: boolean) => void): () => void {
    const es = new EventSource(this.base + '/events')
    es.addEventListener('block', e => { onBlock(JSON.parse((e as unknown as { data: string }).data) as { height: number }) })
    es.addEventListener('verdict', e => { onVerdict(JSON.parse((e as unknown as { data: string }).data) as { height: number, txId: string }) })
    es.onopen = () => { onState(true) }
    es.onerror = () => { onState(false) }
    return () => { es.close() }
  }
}
