import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum Status {
  OK = 'OK',
  MALFORMED = 'MALFORMED',
  OVERSIZED = 'OVERSIZED',
  BAD_SIGNATURE = 'BAD_SIGNATURE',
  MEMPOOL_FULL = 'MEMPOOL_FULL',
  RATE_LIMITED = 'RATE_LIMITED',
  TIMEOUT = 'TIMEOUT',
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_COMMITTED = 'ALREADY_COMMITTED',
  UNAUTHORIZED = 'UNAUTHORIZED',
  UNAVAILABLE = 'UNAVAILABLE',
  INTERNAL = 'INTERNAL'
}

enum __StatusValues {
  OK = 0,
  MALFORMED = 1,
  OVERSIZED = 2,
  BAD_SIGNATURE = 3,
  MEMPOOL_FULL = 4,
  RATE_LIMITED = 5,
  TIMEOUT = 6,
  NOT_FOUND = 7,
  ALREADY_COMMITTED = 8,
  UNAUTHORIZED = 9,
  UNAVAILABLE = 10,
  INTERNAL = 11
}

export namespace Status {
  export const codec = (): Codec<Status> => {
    return enumeration<Status>(__StatusValues)
  }
}

export interface SubmitTxRequest {
  tx: Uint8Array
  wait: boolean
  timeoutMs: number
}

export namespace SubmitTxRequest {
  let _codec: Codec<SubmitTxRequest>

  export const codec = (): Codec<SubmitTxRequest> => {
    if (_codec == null) {
      _codec = message<SubmitTxRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.tx != null && obj.tx.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.tx)
        }

        if ((obj.wait != null && obj.wait !== false)) {
          w.uint32(16)
          w.bool(obj.wait)
        }

        if ((obj.timeoutMs != null && obj.timeoutMs !== 0)) {
          w.uint32(24)
          w.uint32(obj.timeoutMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          tx: uint8ArrayAlloc(0),
          wait: false,
          timeoutMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.tx = reader.bytes()
              break
            }
            case 2: {
              obj.wait = reader.bool()
              break
            }
            case 3: {
              obj.timeoutMs = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.tx`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.wait`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.timeoutMs`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SubmitTxRequestTxFieldEvent {
    field: '$.tx'
    value: Uint8Array
  }

  export interface SubmitTxRequestWaitFieldEvent {
    field: '$.wait'
    value: boolean
  }

  export interface SubmitTxRequestTimeoutMsFieldEvent {
    field: '$.timeoutMs'
    value: number
  }

  export function encode (obj: Partial<SubmitTxRequest>): Uint8Array {
    return encodeMessage(obj, SubmitTxRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitTxRequest>): SubmitTxRequest {
    return decodeMessage(buf, SubmitTxRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitTxRequest>): Generator<SubmitTxRequestTxFieldEvent | SubmitTxRequestWaitFieldEvent | SubmitTxRequestTimeoutMsFieldEvent> {
    return streamMessage(buf, SubmitTxRequest.codec(), opts)
  }
}

export interface SubmitTxResponse {
  status: Status
  error: string
  txId: Uint8Array
  receipt?: Receipt
}

export namespace SubmitTxResponse {
  let _codec: Codec<SubmitTxResponse>

  export const codec = (): Codec<SubmitTxResponse> => {
    if (_codec == null) {
      _codec = message<SubmitTxResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          Status.codec().encode(obj.status, w)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(18)
          w.string(obj.error)
        }

        if ((obj.txId != null && obj.txId.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.txId)
        }

        if (obj.receipt != null) {
          w.uint32(34)
          Receipt.codec().encode(obj.receipt, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          error: '',
          txId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.error = reader.string()
              break
            }
            case 3: {
              obj.txId = reader.bytes()
              break
            }
            case 4: {
              obj.receipt = Receipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipt
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.txId`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield * Receipt.codec().stream(reader, reader.uint32(), `${prefix}.receipt`, {
                limits: opts.limits?.receipt
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SubmitTxResponseStatusFieldEvent {
    field: '$.status'
    value: Status
  }

  export interface SubmitTxResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface SubmitTxResponseTxIdFieldEvent {
    field: '$.txId'
    value: Uint8Array
  }

  export interface SubmitTxResponseReceiptHeaderFieldEvent {
    field: '$.receipt.header'
    value: Uint8Array
  }

  export interface SubmitTxResponseReceiptCertificateFieldEvent {
    field: '$.receipt.certificate'
    value: Uint8Array
  }

  export interface SubmitTxResponseReceiptTxFieldEvent {
    field: '$.receipt.tx'
    value: Uint8Array
  }

  export interface SubmitTxResponseReceiptTxProofIndexFieldEvent {
    field: '$.receipt.txProof.index'
    value: number
  }

  export interface SubmitTxResponseReceiptTxProofTotalFieldEvent {
    field: '$.receipt.txProof.total'
    value: number
  }

  export interface SubmitTxResponseReceiptTxProofSiblingsFieldEvent {
    field: '$.receipt.txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface SubmitTxResponseReceiptResultFieldEvent {
    field: '$.receipt.result'
    value: Uint8Array
  }

  export interface SubmitTxResponseReceiptResultProofIndexFieldEvent {
    field: '$.receipt.resultProof.index'
    value: number
  }

  export interface SubmitTxResponseReceiptResultProofTotalFieldEvent {
    field: '$.receipt.resultProof.total'
    value: number
  }

  export interface SubmitTxResponseReceiptResultProofSiblingsFieldEvent {
    field: '$.receipt.resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<SubmitTxResponse>): Uint8Array {
    return encodeMessage(obj, SubmitTxResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitTxResponse>): SubmitTxResponse {
    return decodeMessage(buf, SubmitTxResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitTxResponse>): Generator<SubmitTxResponseStatusFieldEvent | SubmitTxResponseErrorFieldEvent | SubmitTxResponseTxIdFieldEvent | SubmitTxResponseReceiptHeaderFieldEvent | SubmitTxResponseReceiptCertificateFieldEvent | SubmitTxResponseReceiptTxFieldEvent | SubmitTxResponseReceiptTxProofIndexFieldEvent | SubmitTxResponseReceiptTxProofTotalFieldEvent | SubmitTxResponseReceiptTxProofSiblingsFieldEvent | SubmitTxResponseReceiptResultFieldEvent | SubmitTxResponseReceiptResultProofIndexFieldEvent | SubmitTxResponseReceiptResultProofTotalFieldEvent | SubmitTxResponseReceiptResultProofSiblingsFieldEvent> {
    return streamMessage(buf, SubmitTxResponse.codec(), opts)
  }
}

export interface RpcRequest {
  id: number
  submit: Uint8Array
  query: Uint8Array
}

export namespace RpcRequest {
  let _codec: Codec<RpcRequest>

  export const codec = (): Codec<RpcRequest> => {
    if (_codec == null) {
      _codec = message<RpcRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(8)
          w.uint32(obj.id)
        }

        if ((obj.submit != null && obj.submit.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.submit)
        }

        if ((obj.query != null && obj.query.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.query)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0,
          submit: uint8ArrayAlloc(0),
          query: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint32()
              break
            }
            case 2: {
              obj.submit = reader.bytes()
              break
            }
            case 3: {
              obj.query = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.submit`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.query`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RpcRequestIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface RpcRequestSubmitFieldEvent {
    field: '$.submit'
    value: Uint8Array
  }

  export interface RpcRequestQueryFieldEvent {
    field: '$.query'
    value: Uint8Array
  }

  export function encode (obj: Partial<RpcRequest>): Uint8Array {
    return encodeMessage(obj, RpcRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RpcRequest>): RpcRequest {
    return decodeMessage(buf, RpcRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RpcRequest>): Generator<RpcRequestIdFieldEvent | RpcRequestSubmitFieldEvent | RpcRequestQueryFieldEvent> {
    return streamMessage(buf, RpcRequest.codec(), opts)
  }
}

export interface RpcResponse {
  id: number
  submit: Uint8Array
  query: Uint8Array
  status: Status
  error: string
}

export namespace RpcResponse {
  let _codec: Codec<RpcResponse>

  export const codec = (): Codec<RpcResponse> => {
    if (_codec == null) {
      _codec = message<RpcResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== 0)) {
          w.uint32(8)
          w.uint32(obj.id)
        }

        if ((obj.submit != null && obj.submit.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.submit)
        }

        if ((obj.query != null && obj.query.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.query)
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(32)
          Status.codec().encode(obj.status, w)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(42)
          w.string(obj.error)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: 0,
          submit: uint8ArrayAlloc(0),
          query: uint8ArrayAlloc(0),
          status: Status.OK,
          error: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.uint32()
              break
            }
            case 2: {
              obj.submit = reader.bytes()
              break
            }
            case 3: {
              obj.query = reader.bytes()
              break
            }
            case 4: {
              obj.status = Status.codec().decode(reader)
              break
            }
            case 5: {
              obj.error = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.submit`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.query`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.status`,
                value: Status.codec().decode(reader)
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RpcResponseIdFieldEvent {
    field: '$.id'
    value: number
  }

  export interface RpcResponseSubmitFieldEvent {
    field: '$.submit'
    value: Uint8Array
  }

  export interface RpcResponseQueryFieldEvent {
    field: '$.query'
    value: Uint8Array
  }

  export interface RpcResponseStatusFieldEvent {
    field: '$.status'
    value: Status
  }

  export interface RpcResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export function encode (obj: Partial<RpcResponse>): Uint8Array {
    return encodeMessage(obj, RpcResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RpcResponse>): RpcResponse {
    return decodeMessage(buf, RpcResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RpcResponse>): Generator<RpcResponseIdFieldEvent | RpcResponseSubmitFieldEvent | RpcResponseQueryFieldEvent | RpcResponseStatusFieldEvent | RpcResponseErrorFieldEvent> {
    return streamMessage(buf, RpcResponse.codec(), opts)
  }
}

export enum QueryKind {
  QUERY_KIND_UNSPECIFIED = 'QUERY_KIND_UNSPECIFIED',
  STATUS = 'STATUS',
  BLOCK = 'BLOCK',
  TX = 'TX',
  BLOCK_HASHES = 'BLOCK_HASHES',
  REGISTRATION = 'REGISTRATION',
  DEVICE = 'DEVICE',
  INTEGRITY = 'INTEGRITY',
  ATTEMPTS = 'ATTEMPTS'
}

enum __QueryKindValues {
  QUERY_KIND_UNSPECIFIED = 0,
  STATUS = 1,
  BLOCK = 2,
  TX = 3,
  BLOCK_HASHES = 4,
  REGISTRATION = 5,
  DEVICE = 6,
  INTEGRITY = 7,
  ATTEMPTS = 8
}

export namespace QueryKind {
  export const codec = (): Codec<QueryKind> => {
    return enumeration<QueryKind>(__QueryKindValues)
  }
}

export interface QueryRequest {
  kind: QueryKind
  height: number
  txId: Uint8Array
  count: number
  id: Uint8Array
  integrity?: AppIntegrity
  offset: number
}

export namespace QueryRequest {
  let _codec: Codec<QueryRequest>

  export const codec = (): Codec<QueryRequest> => {
    if (_codec == null) {
      _codec = message<QueryRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __QueryKindValues[obj.kind] !== 0) {
          w.uint32(8)
          QueryKind.codec().encode(obj.kind, w)
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.height)
        }

        if ((obj.txId != null && obj.txId.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.txId)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(32)
          w.uint32(obj.count)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.id)
        }

        if (obj.integrity != null) {
          w.uint32(50)
          AppIntegrity.codec().encode(obj.integrity, w)
        }

        if ((obj.offset != null && obj.offset !== 0)) {
          w.uint32(56)
          w.uint32(obj.offset)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: QueryKind.QUERY_KIND_UNSPECIFIED,
          height: 0,
          txId: uint8ArrayAlloc(0),
          count: 0,
          id: uint8ArrayAlloc(0),
          offset: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = QueryKind.codec().decode(reader)
              break
            }
            case 2: {
              obj.height = reader.uint64Number()
              break
            }
            case 3: {
              obj.txId = reader.bytes()
              break
            }
            case 4: {
              obj.count = reader.uint32()
              break
            }
            case 5: {
              obj.id = reader.bytes()
              break
            }
            case 6: {
              obj.integrity = AppIntegrity.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.integrity
              })
              break
            }
            case 7: {
              obj.offset = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.kind`,
                value: QueryKind.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.txId`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield * AppIntegrity.codec().stream(reader, reader.uint32(), `${prefix}.integrity`, {
                limits: opts.limits?.integrity
              })

              break
            }
            case 7: {
              yield {
                field: `${prefix}.offset`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface QueryRequestKindFieldEvent {
    field: '$.kind'
    value: QueryKind
  }

  export interface QueryRequestHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface QueryRequestTxIdFieldEvent {
    field: '$.txId'
    value: Uint8Array
  }

  export interface QueryRequestCountFieldEvent {
    field: '$.count'
    value: number
  }

  export interface QueryRequestIdFieldEvent {
    field: '$.id'
    value: Uint8Array
  }

  export interface QueryRequestIntegrityAppIdFieldEvent {
    field: '$.integrity.appId'
    value: string
  }

  export interface QueryRequestIntegrityVersionFieldEvent {
    field: '$.integrity.version'
    value: string
  }

  export interface QueryRequestIntegrityChecksumFieldEvent {
    field: '$.integrity.checksum'
    value: Uint8Array
  }

  export interface QueryRequestOffsetFieldEvent {
    field: '$.offset'
    value: number
  }

  export function encode (obj: Partial<QueryRequest>): Uint8Array {
    return encodeMessage(obj, QueryRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryRequest>): QueryRequest {
    return decodeMessage(buf, QueryRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryRequest>): Generator<QueryRequestKindFieldEvent | QueryRequestHeightFieldEvent | QueryRequestTxIdFieldEvent | QueryRequestCountFieldEvent | QueryRequestIdFieldEvent | QueryRequestIntegrityAppIdFieldEvent | QueryRequestIntegrityVersionFieldEvent | QueryRequestIntegrityChecksumFieldEvent | QueryRequestOffsetFieldEvent> {
    return streamMessage(buf, QueryRequest.codec(), opts)
  }
}

export interface NodeStatus {
  chainId: string
  genesisHash: Uint8Array
  index: number
  height: number
  view: number
  viewChanging: boolean
  tipHash: Uint8Array
  validators: string[]
  connectedValidators: string[]
  pendingTxs: number
  stableCheckpoint: number
  byzantineMode: string
  blockedPeers: string[]
  uptimeMs: number
  meshPeers: number
  stateDigest: Uint8Array
}

export namespace NodeStatus {
  let _codec: Codec<NodeStatus>

  export const codec = (): Codec<NodeStatus> => {
    if (_codec == null) {
      _codec = message<NodeStatus>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.chainId != null && obj.chainId !== '')) {
          w.uint32(10)
          w.string(obj.chainId)
        }

        if ((obj.genesisHash != null && obj.genesisHash.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.genesisHash)
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(24)
          w.uint32(obj.index)
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.height)
        }

        if ((obj.view != null && obj.view !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.view)
        }

        if ((obj.viewChanging != null && obj.viewChanging !== false)) {
          w.uint32(48)
          w.bool(obj.viewChanging)
        }

        if ((obj.tipHash != null && obj.tipHash.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.tipHash)
        }

        if (obj.validators != null && obj.validators.length > 0) {
          for (const value of obj.validators) {
            w.uint32(66)
            w.string(value)
          }
        }

        if (obj.connectedValidators != null && obj.connectedValidators.length > 0) {
          for (const value of obj.connectedValidators) {
            w.uint32(74)
            w.string(value)
          }
        }

        if ((obj.pendingTxs != null && obj.pendingTxs !== 0)) {
          w.uint32(80)
          w.uint32(obj.pendingTxs)
        }

        if ((obj.stableCheckpoint != null && obj.stableCheckpoint !== 0)) {
          w.uint32(88)
          w.uint64Number(obj.stableCheckpoint)
        }

        if ((obj.byzantineMode != null && obj.byzantineMode !== '')) {
          w.uint32(98)
          w.string(obj.byzantineMode)
        }

        if (obj.blockedPeers != null && obj.blockedPeers.length > 0) {
          for (const value of obj.blockedPeers) {
            w.uint32(106)
            w.string(value)
          }
        }

        if ((obj.uptimeMs != null && obj.uptimeMs !== 0)) {
          w.uint32(112)
          w.uint64Number(obj.uptimeMs)
        }

        if ((obj.meshPeers != null && obj.meshPeers !== 0)) {
          w.uint32(120)
          w.uint32(obj.meshPeers)
        }

        if ((obj.stateDigest != null && obj.stateDigest.byteLength > 0)) {
          w.uint32(130)
          w.bytes(obj.stateDigest)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          chainId: '',
          genesisHash: uint8ArrayAlloc(0),
          index: 0,
          height: 0,
          view: 0,
          viewChanging: false,
          tipHash: uint8ArrayAlloc(0),
          validators: [],
          connectedValidators: [],
          pendingTxs: 0,
          stableCheckpoint: 0,
          byzantineMode: '',
          blockedPeers: [],
          uptimeMs: 0,
          meshPeers: 0,
          stateDigest: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.chainId = reader.string()
              break
            }
            case 2: {
              obj.genesisHash = reader.bytes()
              break
            }
            case 3: {
              obj.index = reader.uint32()
              break
            }
            case 4: {
              obj.height = reader.uint64Number()
              break
            }
            case 5: {
              obj.view = reader.uint64Number()
              break
            }
            case 6: {
              obj.viewChanging = reader.bool()
              break
            }
            case 7: {
              obj.tipHash = reader.bytes()
              break
            }
            case 8: {
              if (opts.limits?.validators != null && obj.validators.length === opts.limits.validators) {
                throw new MaxLengthError('Decode error - repeated field "validators" had too many elements')
              }

              obj.validators.push(reader.string())
              break
            }
            case 9: {
              if (opts.limits?.connectedValidators != null && obj.connectedValidators.length === opts.limits.connectedValidators) {
                throw new MaxLengthError('Decode error - repeated field "connectedValidators" had too many elements')
              }

              obj.connectedValidators.push(reader.string())
              break
            }
            case 10: {
              obj.pendingTxs = reader.uint32()
              break
            }
            case 11: {
              obj.stableCheckpoint = reader.uint64Number()
              break
            }
            case 12: {
              obj.byzantineMode = reader.string()
              break
            }
            case 13: {
              if (opts.limits?.blockedPeers != null && obj.blockedPeers.length === opts.limits.blockedPeers) {
                throw new MaxLengthError('Decode error - repeated field "blockedPeers" had too many elements')
              }

              obj.blockedPeers.push(reader.string())
              break
            }
            case 14: {
              obj.uptimeMs = reader.uint64Number()
              break
            }
            case 15: {
              obj.meshPeers = reader.uint32()
              break
            }
            case 16: {
              obj.stateDigest = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          validators: 0,
          connectedValidators: 0,
          blockedPeers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.chainId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.genesisHash`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.view`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.viewChanging`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.tipHash`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              if (opts.limits?.validators != null && obj.validators === opts.limits.validators) {
                throw new MaxLengthError('Streaming decode error - repeated field "validators" had too many elements')
              }

              yield {
                field: `${prefix}.validators[]`,
                index: obj.validators,
                value: reader.string()
              }

              obj.validators++

              break
            }
            case 9: {
              if (opts.limits?.connectedValidators != null && obj.connectedValidators === opts.limits.connectedValidators) {
                throw new MaxLengthError('Streaming decode error - repeated field "connectedValidators" had too many elements')
              }

              yield {
                field: `${prefix}.connectedValidators[]`,
                index: obj.connectedValidators,
                value: reader.string()
              }

              obj.connectedValidators++

              break
            }
            case 10: {
              yield {
                field: `${prefix}.pendingTxs`,
                value: reader.uint32()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.stableCheckpoint`,
                value: reader.uint64Number()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.byzantineMode`,
                value: reader.string()
              }
              break
            }
            case 13: {
              if (opts.limits?.blockedPeers != null && obj.blockedPeers === opts.limits.blockedPeers) {
                throw new MaxLengthError('Streaming decode error - repeated field "blockedPeers" had too many elements')
              }

              yield {
                field: `${prefix}.blockedPeers[]`,
                index: obj.blockedPeers,
                value: reader.string()
              }

              obj.blockedPeers++

              break
            }
            case 14: {
              yield {
                field: `${prefix}.uptimeMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 15: {
              yield {
                field: `${prefix}.meshPeers`,
                value: reader.uint32()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.stateDigest`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface NodeStatusChainIdFieldEvent {
    field: '$.chainId'
    value: string
  }

  export interface NodeStatusGenesisHashFieldEvent {
    field: '$.genesisHash'
    value: Uint8Array
  }

  export interface NodeStatusIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface NodeStatusHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface NodeStatusViewFieldEvent {
    field: '$.view'
    value: number
  }

  export interface NodeStatusViewChangingFieldEvent {
    field: '$.viewChanging'
    value: boolean
  }

  export interface NodeStatusTipHashFieldEvent {
    field: '$.tipHash'
    value: Uint8Array
  }

  export interface NodeStatusValidatorsFieldEvent {
    field: '$.validators[]'
    index: number
    value: string
  }

  export interface NodeStatusConnectedValidatorsFieldEvent {
    field: '$.connectedValidators[]'
    index: number
    value: string
  }

  export interface NodeStatusPendingTxsFieldEvent {
    field: '$.pendingTxs'
    value: number
  }

  export interface NodeStatusStableCheckpointFieldEvent {
    field: '$.stableCheckpoint'
    value: number
  }

  export interface NodeStatusByzantineModeFieldEvent {
    field: '$.byzantineMode'
    value: string
  }

  export interface NodeStatusBlockedPeersFieldEvent {
    field: '$.blockedPeers[]'
    index: number
    value: string
  }

  export interface NodeStatusUptimeMsFieldEvent {
    field: '$.uptimeMs'
    value: number
  }

  export interface NodeStatusMeshPeersFieldEvent {
    field: '$.meshPeers'
    value: number
  }

  export interface NodeStatusStateDigestFieldEvent {
    field: '$.stateDigest'
    value: Uint8Array
  }

  export function encode (obj: Partial<NodeStatus>): Uint8Array {
    return encodeMessage(obj, NodeStatus.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeStatus>): NodeStatus {
    return decodeMessage(buf, NodeStatus.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeStatus>): Generator<NodeStatusChainIdFieldEvent | NodeStatusGenesisHashFieldEvent | NodeStatusIndexFieldEvent | NodeStatusHeightFieldEvent | NodeStatusViewFieldEvent | NodeStatusViewChangingFieldEvent | NodeStatusTipHashFieldEvent | NodeStatusValidatorsFieldEvent | NodeStatusConnectedValidatorsFieldEvent | NodeStatusPendingTxsFieldEvent | NodeStatusStableCheckpointFieldEvent | NodeStatusByzantineModeFieldEvent | NodeStatusBlockedPeersFieldEvent | NodeStatusUptimeMsFieldEvent | NodeStatusMeshPeersFieldEvent | NodeStatusStateDigestFieldEvent> {
    return streamMessage(buf, NodeStatus.codec(), opts)
  }
}

export interface QueryResponse {
  status: Status
  error: string
  nodeStatus?: NodeStatus
  block?: StoredBlock
  receipt?: Receipt
  blockHashes: Uint8Array[]
  registration?: RegistrationRecord
  device?: DeviceRecord
  verdict: Verdict
  receipts: Receipt[]
  total: number
  heightAt: number
}

export namespace QueryResponse {
  let _codec: Codec<QueryResponse>

  export const codec = (): Codec<QueryResponse> => {
    if (_codec == null) {
      _codec = message<QueryResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          Status.codec().encode(obj.status, w)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(18)
          w.string(obj.error)
        }

        if (obj.nodeStatus != null) {
          w.uint32(26)
          NodeStatus.codec().encode(obj.nodeStatus, w)
        }

        if (obj.block != null) {
          w.uint32(34)
          StoredBlock.codec().encode(obj.block, w)
        }

        if (obj.receipt != null) {
          w.uint32(42)
          Receipt.codec().encode(obj.receipt, w)
        }

        if (obj.blockHashes != null && obj.blockHashes.length > 0) {
          for (const value of obj.blockHashes) {
            w.uint32(50)
            w.bytes(value)
          }
        }

        if (obj.registration != null) {
          w.uint32(58)
          RegistrationRecord.codec().encode(obj.registration, w)
        }

        if (obj.device != null) {
          w.uint32(66)
          DeviceRecord.codec().encode(obj.device, w)
        }

        if (obj.verdict != null && __VerdictValues[obj.verdict] !== 0) {
          w.uint32(72)
          Verdict.codec().encode(obj.verdict, w)
        }

        if (obj.receipts != null && obj.receipts.length > 0) {
          for (const value of obj.receipts) {
            w.uint32(82)
            Receipt.codec().encode(value, w)
          }
        }

        if ((obj.total != null && obj.total !== 0)) {
          w.uint32(88)
          w.uint32(obj.total)
        }

        if ((obj.heightAt != null && obj.heightAt !== 0)) {
          w.uint32(96)
          w.uint64Number(obj.heightAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          error: '',
          blockHashes: [],
          verdict: Verdict.VERDICT_UNSPECIFIED,
          receipts: [],
          total: 0,
          heightAt: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.error = reader.string()
              break
            }
            case 3: {
              obj.nodeStatus = NodeStatus.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.nodeStatus
              })
              break
            }
            case 4: {
              obj.block = StoredBlock.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.block
              })
              break
            }
            case 5: {
              obj.receipt = Receipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipt
              })
              break
            }
            case 6: {
              if (opts.limits?.blockHashes != null && obj.blockHashes.length === opts.limits.blockHashes) {
                throw new MaxLengthError('Decode error - repeated field "blockHashes" had too many elements')
              }

              obj.blockHashes.push(reader.bytes())
              break
            }
            case 7: {
              obj.registration = RegistrationRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.registration
              })
              break
            }
            case 8: {
              obj.device = DeviceRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.device
              })
              break
            }
            case 9: {
              obj.verdict = Verdict.codec().decode(reader)
              break
            }
            case 10: {
              if (opts.limits?.receipts != null && obj.receipts.length === opts.limits.receipts) {
                throw new MaxLengthError('Decode error - repeated field "receipts" had too many elements')
              }

              obj.receipts.push(Receipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipts$
              }))
              break
            }
            case 11: {
              obj.total = reader.uint32()
              break
            }
            case 12: {
              obj.heightAt = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          blockHashes: 0,
          receipts: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield * NodeStatus.codec().stream(reader, reader.uint32(), `${prefix}.nodeStatus`, {
                limits: opts.limits?.nodeStatus
              })

              break
            }
            case 4: {
              yield * StoredBlock.codec().stream(reader, reader.uint32(), `${prefix}.block`, {
                limits: opts.limits?.block
              })

              break
            }
            case 5: {
              yield * Receipt.codec().stream(reader, reader.uint32(), `${prefix}.receipt`, {
                limits: opts.limits?.receipt
              })

              break
            }
            case 6: {
              if (opts.limits?.blockHashes != null && obj.blockHashes === opts.limits.blockHashes) {
                throw new MaxLengthError('Streaming decode error - repeated field "blockHashes" had too many elements')
              }

              yield {
                field: `${prefix}.blockHashes[]`,
                index: obj.blockHashes,
                value: reader.bytes()
              }

              obj.blockHashes++

              break
            }
            case 7: {
              yield * RegistrationRecord.codec().stream(reader, reader.uint32(), `${prefix}.registration`, {
                limits: opts.limits?.registration
              })

              break
            }
            case 8: {
              yield * DeviceRecord.codec().stream(reader, reader.uint32(), `${prefix}.device`, {
                limits: opts.limits?.device
              })

              break
            }
            case 9: {
              yield {
                field: `${prefix}.verdict`,
                value: Verdict.codec().decode(reader)
              }
              break
            }
            case 10: {
              if (opts.limits?.receipts != null && obj.receipts === opts.limits.receipts) {
                throw new MaxLengthError('Streaming decode error - repeated field "receipts" had too many elements')
              }

              for (const evt of Receipt.codec().stream(reader, reader.uint32(), `${prefix}.receipts[]`, {
                limits: opts.limits?.receipts$
              })) {
                yield {
                  ...evt,
                  index: obj.receipts
                }
              }

              obj.receipts++

              break
            }
            case 11: {
              yield {
                field: `${prefix}.total`,
                value: reader.uint32()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.heightAt`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface QueryResponseStatusFieldEvent {
    field: '$.status'
    value: Status
  }

  export interface QueryResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface QueryResponseNodeStatusChainIdFieldEvent {
    field: '$.nodeStatus.chainId'
    value: string
  }

  export interface QueryResponseNodeStatusGenesisHashFieldEvent {
    field: '$.nodeStatus.genesisHash'
    value: Uint8Array
  }

  export interface QueryResponseNodeStatusIndexFieldEvent {
    field: '$.nodeStatus.index'
    value: number
  }

  export interface QueryResponseNodeStatusHeightFieldEvent {
    field: '$.nodeStatus.height'
    value: number
  }

  export interface QueryResponseNodeStatusViewFieldEvent {
    field: '$.nodeStatus.view'
    value: number
  }

  export interface QueryResponseNodeStatusViewChangingFieldEvent {
    field: '$.nodeStatus.viewChanging'
    value: boolean
  }

  export interface QueryResponseNodeStatusTipHashFieldEvent {
    field: '$.nodeStatus.tipHash'
    value: Uint8Array
  }

  export interface QueryResponseNodeStatusValidatorsFieldEvent {
    field: '$.nodeStatus.validators[]'
    index: number
    value: string
  }

  export interface QueryResponseNodeStatusConnectedValidatorsFieldEvent {
    field: '$.nodeStatus.connectedValidators[]'
    index: number
    value: string
  }

  export interface QueryResponseNodeStatusPendingTxsFieldEvent {
    field: '$.nodeStatus.pendingTxs'
    value: number
  }

  export interface QueryResponseNodeStatusStableCheckpointFieldEvent {
    field: '$.nodeStatus.stableCheckpoint'
    value: number
  }

  export interface QueryResponseNodeStatusByzantineModeFieldEvent {
    field: '$.nodeStatus.byzantineMode'
    value: string
  }

  export interface QueryResponseNodeStatusBlockedPeersFieldEvent {
    field: '$.nodeStatus.blockedPeers[]'
    index: number
    value: string
  }

  export interface QueryResponseNodeStatusUptimeMsFieldEvent {
    field: '$.nodeStatus.uptimeMs'
    value: number
  }

  export interface QueryResponseNodeStatusMeshPeersFieldEvent {
    field: '$.nodeStatus.meshPeers'
    value: number
  }

  export interface QueryResponseNodeStatusStateDigestFieldEvent {
    field: '$.nodeStatus.stateDigest'
    value: Uint8Array
  }

  export interface QueryResponseBlockBlockFieldEvent {
    field: '$.block.block'
    value: Uint8Array
  }

  export interface QueryResponseBlockCertificateFieldEvent {
    field: '$.block.certificate'
    value: Uint8Array
  }

  export interface QueryResponseReceiptHeaderFieldEvent {
    field: '$.receipt.header'
    value: Uint8Array
  }

  export interface QueryResponseReceiptCertificateFieldEvent {
    field: '$.receipt.certificate'
    value: Uint8Array
  }

  export interface QueryResponseReceiptTxFieldEvent {
    field: '$.receipt.tx'
    value: Uint8Array
  }

  export interface QueryResponseReceiptTxProofIndexFieldEvent {
    field: '$.receipt.txProof.index'
    value: number
  }

  export interface QueryResponseReceiptTxProofTotalFieldEvent {
    field: '$.receipt.txProof.total'
    value: number
  }

  export interface QueryResponseReceiptTxProofSiblingsFieldEvent {
    field: '$.receipt.txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface QueryResponseReceiptResultFieldEvent {
    field: '$.receipt.result'
    value: Uint8Array
  }

  export interface QueryResponseReceiptResultProofIndexFieldEvent {
    field: '$.receipt.resultProof.index'
    value: number
  }

  export interface QueryResponseReceiptResultProofTotalFieldEvent {
    field: '$.receipt.resultProof.total'
    value: number
  }

  export interface QueryResponseReceiptResultProofSiblingsFieldEvent {
    field: '$.receipt.resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface QueryResponseBlockHashesFieldEvent {
    field: '$.blockHashes[]'
    index: number
    value: Uint8Array
  }

  export interface QueryResponseRegistrationRegistrationIdFieldEvent {
    field: '$.registration.registrationId'
    value: Uint8Array
  }

  export interface QueryResponseRegistrationDeviceKeyFieldEvent {
    field: '$.registration.deviceKey'
    value: Uint8Array
  }

  export interface QueryResponseRegistrationUserKeyFieldEvent {
    field: '$.registration.userKey'
    value: Uint8Array
  }

  export interface QueryResponseRegistrationH1FieldEvent {
    field: '$.registration.h1'
    value: Uint8Array
  }

  export interface QueryResponseRegistrationH2FieldEvent {
    field: '$.registration.h2'
    value: Uint8Array
  }

  export interface QueryResponseRegistrationH3FieldEvent {
    field: '$.registration.h3'
    value: Uint8Array
  }

  export interface QueryResponseRegistrationMethodSelectionFieldEvent {
    field: '$.registration.method.selection[]'
    index: number
    value: number
  }

  export interface QueryResponseRegistrationMethodSaltFieldEvent {
    field: '$.registration.method.salt'
    value: Uint8Array
  }

  export interface QueryResponseRegistrationRegistrationHashFieldEvent {
    field: '$.registration.registrationHash'
    value: Uint8Array
  }

  export interface QueryResponseRegistrationRegisteredHeightFieldEvent {
    field: '$.registration.registeredHeight'
    value: number
  }

  export interface QueryResponseRegistrationFailuresFieldEvent {
    field: '$.registration.failures'
    value: number
  }

  export interface QueryResponseRegistrationLockedFieldEvent {
    field: '$.registration.locked'
    value: boolean
  }

  export interface QueryResponseRegistrationLockedHeightFieldEvent {
    field: '$.registration.lockedHeight'
    value: number
  }

  export interface QueryResponseRegistrationRevokedFieldEvent {
    field: '$.registration.revoked'
    value: boolean
  }

  export interface QueryResponseRegistrationRevokedHeightFieldEvent {
    field: '$.registration.revokedHeight'
    value: number
  }

  export interface QueryResponseRegistrationAttemptsFieldEvent {
    field: '$.registration.attempts'
    value: number
  }

  export interface QueryResponseDeviceDeviceKeyFieldEvent {
    field: '$.device.deviceKey'
    value: Uint8Array
  }

  export interface QueryResponseDeviceVendorKeyFieldEvent {
    field: '$.device.vendorKey'
    value: Uint8Array
  }

  export interface QueryResponseDeviceH3FieldEvent {
    field: '$.device.h3'
    value: Uint8Array
  }

  export interface QueryResponseDeviceModelFieldEvent {
    field: '$.device.model'
    value: string
  }

  export interface QueryResponseDeviceRegisteredHeightFieldEvent {
    field: '$.device.registeredHeight'
    value: number
  }

  export interface QueryResponseDeviceRevokedFieldEvent {
    field: '$.device.revoked'
    value: boolean
  }

  export interface QueryResponseDeviceRevokedHeightFieldEvent {
    field: '$.device.revokedHeight'
    value: number
  }

  export interface QueryResponseDeviceAttemptsFieldEvent {
    field: '$.device.attempts'
    value: number
  }

  export interface QueryResponseVerdictFieldEvent {
    field: '$.verdict'
    value: Verdict
  }

  export interface QueryResponseReceiptsHeaderFieldEvent {
    field: '$.receipts[].header'
    value: Uint8Array
    index: number
  }

  export interface QueryResponseReceiptsCertificateFieldEvent {
    field: '$.receipts[].certificate'
    value: Uint8Array
    index: number
  }

  export interface QueryResponseReceiptsTxFieldEvent {
    field: '$.receipts[].tx'
    value: Uint8Array
    index: number
  }

  export interface QueryResponseReceiptsTxProofIndexFieldEvent {
    field: '$.receipts[].txProof.index'
    value: number
    index: number
  }

  export interface QueryResponseReceiptsTxProofTotalFieldEvent {
    field: '$.receipts[].txProof.total'
    value: number
    index: number
  }

  export interface QueryResponseReceiptsTxProofSiblingsFieldEvent {
    field: '$.receipts[].txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface QueryResponseReceiptsResultFieldEvent {
    field: '$.receipts[].result'
    value: Uint8Array
    index: number
  }

  export interface QueryResponseReceiptsResultProofIndexFieldEvent {
    field: '$.receipts[].resultProof.index'
    value: number
    index: number
  }

  export interface QueryResponseReceiptsResultProofTotalFieldEvent {
    field: '$.receipts[].resultProof.total'
    value: number
    index: number
  }

  export interface QueryResponseReceiptsResultProofSiblingsFieldEvent {
    field: '$.receipts[].resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface QueryResponseTotalFieldEvent {
    field: '$.total'
    value: number
  }

  export interface QueryResponseHeightAtFieldEvent {
    field: '$.heightAt'
    value: number
  }

  export function encode (obj: Partial<QueryResponse>): Uint8Array {
    return encodeMessage(obj, QueryResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryResponse>): QueryResponse {
    return decodeMessage(buf, QueryResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryResponse>): Generator<QueryResponseStatusFieldEvent | QueryResponseErrorFieldEvent | QueryResponseNodeStatusChainIdFieldEvent | QueryResponseNodeStatusGenesisHashFieldEvent | QueryResponseNodeStatusIndexFieldEvent | QueryResponseNodeStatusHeightFieldEvent | QueryResponseNodeStatusViewFieldEvent | QueryResponseNodeStatusViewChangingFieldEvent | QueryResponseNodeStatusTipHashFieldEvent | QueryResponseNodeStatusValidatorsFieldEvent | QueryResponseNodeStatusConnectedValidatorsFieldEvent | QueryResponseNodeStatusPendingTxsFieldEvent | QueryResponseNodeStatusStableCheckpointFieldEvent | QueryResponseNodeStatusByzantineModeFieldEvent | QueryResponseNodeStatusBlockedPeersFieldEvent | QueryResponseNodeStatusUptimeMsFieldEvent | QueryResponseNodeStatusMeshPeersFieldEvent | QueryResponseNodeStatusStateDigestFieldEvent | QueryResponseBlockBlockFieldEvent | QueryResponseBlockCertificateFieldEvent | QueryResponseReceiptHeaderFieldEvent | QueryResponseReceiptCertificateFieldEvent | QueryResponseReceiptTxFieldEvent | QueryResponseReceiptTxProofIndexFieldEvent | QueryResponseReceiptTxProofTotalFieldEvent | QueryResponseReceiptTxProofSiblingsFieldEvent | QueryResponseReceiptResultFieldEvent | QueryResponseReceiptResultProofIndexFieldEvent | QueryResponseReceiptResultProofTotalFieldEvent | QueryResponseReceiptResultProofSiblingsFieldEvent | QueryResponseBlockHashesFieldEvent | QueryResponseRegistrationRegistrationIdFieldEvent | QueryResponseRegistrationDeviceKeyFieldEvent | QueryResponseRegistrationUserKeyFieldEvent | QueryResponseRegistrationH1FieldEvent | QueryResponseRegistrationH2FieldEvent | QueryResponseRegistrationH3FieldEvent | QueryResponseRegistrationMethodSelectionFieldEvent | QueryResponseRegistrationMethodSaltFieldEvent | QueryResponseRegistrationRegistrationHashFieldEvent | QueryResponseRegistrationRegisteredHeightFieldEvent | QueryResponseRegistrationFailuresFieldEvent | QueryResponseRegistrationLockedFieldEvent | QueryResponseRegistrationLockedHeightFieldEvent | QueryResponseRegistrationRevokedFieldEvent | QueryResponseRegistrationRevokedHeightFieldEvent | QueryResponseRegistrationAttemptsFieldEvent | QueryResponseDeviceDeviceKeyFieldEvent | QueryResponseDeviceVendorKeyFieldEvent | QueryResponseDeviceH3FieldEvent | QueryResponseDeviceModelFieldEvent | QueryResponseDeviceRegisteredHeightFieldEvent | QueryResponseDeviceRevokedFieldEvent | QueryResponseDeviceRevokedHeightFieldEvent | QueryResponseDeviceAttemptsFieldEvent | QueryResponseVerdictFieldEvent | QueryResponseReceiptsHeaderFieldEvent | QueryResponseReceiptsCertificateFieldEvent | QueryResponseReceiptsTxFieldEvent | QueryResponseReceiptsTxProofIndexFieldEvent | QueryResponseReceiptsTxProofTotalFieldEvent | QueryResponseReceiptsTxProofSiblingsFieldEvent | QueryResponseReceiptsResultFieldEvent | QueryResponseReceiptsResultProofIndexFieldEvent | QueryResponseReceiptsResultProofTotalFieldEvent | QueryResponseReceiptsResultProofSiblingsFieldEvent | QueryResponseTotalFieldEvent | QueryResponseHeightAtFieldEvent> {
    return streamMessage(buf, QueryResponse.codec(), opts)
  }
}

export interface SyncRequest {
  fromHeight: number
  blocksMax: number
}

export namespace SyncRequest {
  let _codec: Codec<SyncRequest>

  export const codec = (): Codec<SyncRequest> => {
    if (_codec == null) {
      _codec = message<SyncRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.fromHeight != null && obj.fromHeight !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.fromHeight)
        }

        if ((obj.blocksMax != null && obj.blocksMax !== 0)) {
          w.uint32(16)
          w.uint32(obj.blocksMax)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          fromHeight: 0,
          blocksMax: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.fromHeight = reader.uint64Number()
              break
            }
            case 2: {
              obj.blocksMax = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.fromHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.blocksMax`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SyncRequestFromHeightFieldEvent {
    field: '$.fromHeight'
    value: number
  }

  export interface SyncRequestBlocksMaxFieldEvent {
    field: '$.blocksMax'
    value: number
  }

  export function encode (obj: Partial<SyncRequest>): Uint8Array {
    return encodeMessage(obj, SyncRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): SyncRequest {
    return decodeMessage(buf, SyncRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): Generator<SyncRequestFromHeightFieldEvent | SyncRequestBlocksMaxFieldEvent> {
    return streamMessage(buf, SyncRequest.codec(), opts)
  }
}

export interface SyncResponse {
  status: Status
  error: string
  blocks: Uint8Array[]
  headHeight: number
}

export namespace SyncResponse {
  let _codec: Codec<SyncResponse>

  export const codec = (): Codec<SyncResponse> => {
    if (_codec == null) {
      _codec = message<SyncResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          Status.codec().encode(obj.status, w)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(18)
          w.string(obj.error)
        }

        if (obj.blocks != null && obj.blocks.length > 0) {
          for (const value of obj.blocks) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if ((obj.headHeight != null && obj.headHeight !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.headHeight)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          error: '',
          blocks: [],
          headHeight: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.error = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.blocks != null && obj.blocks.length === opts.limits.blocks) {
                throw new MaxLengthError('Decode error - repeated field "blocks" had too many elements')
              }

              obj.blocks.push(reader.bytes())
              break
            }
            case 4: {
              obj.headHeight = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          blocks: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.blocks != null && obj.blocks === opts.limits.blocks) {
                throw new MaxLengthError('Streaming decode error - repeated field "blocks" had too many elements')
              }

              yield {
                field: `${prefix}.blocks[]`,
                index: obj.blocks,
                value: reader.bytes()
              }

              obj.blocks++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.headHeight`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SyncResponseStatusFieldEvent {
    field: '$.status'
    value: Status
  }

  export interface SyncResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface SyncResponseBlocksFieldEvent {
    field: '$.blocks[]'
    index: number
    value: Uint8Array
  }

  export interface SyncResponseHeadHeightFieldEvent {
    field: '$.headHeight'
    value: number
  }

  export function encode (obj: Partial<SyncResponse>): Uint8Array {
    return encodeMessage(obj, SyncResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncResponse>): SyncResponse {
    return decodeMessage(buf, SyncResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncResponse>): Generator<SyncResponseStatusFieldEvent | SyncResponseErrorFieldEvent | SyncResponseBlocksFieldEvent | SyncResponseHeadHeightFieldEvent> {
    return streamMessage(buf, SyncResponse.codec(), opts)
  }
}

export interface TxBatch {
  txs: Uint8Array[]
}

export namespace TxBatch {
  let _codec: Codec<TxBatch>

  export const codec = (): Codec<TxBatch> => {
    if (_codec == null) {
      _codec = message<TxBatch>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.txs != null && obj.txs.length > 0) {
          for (const value of obj.txs) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          txs: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.txs != null && obj.txs.length === opts.limits.txs) {
                throw new MaxLengthError('Decode error - repeated field "txs" had too many elements')
              }

              obj.txs.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          txs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.txs != null && obj.txs === opts.limits.txs) {
                throw new MaxLengthError('Streaming decode error - repeated field "txs" had too many elements')
              }

              yield {
                field: `${prefix}.txs[]`,
                index: obj.txs,
                value: reader.bytes()
              }

              obj.txs++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TxBatchTxsFieldEvent {
    field: '$.txs[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<TxBatch>): Uint8Array {
    return encodeMessage(obj, TxBatch.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TxBatch>): TxBatch {
    return decodeMessage(buf, TxBatch.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TxBatch>): Generator<TxBatchTxsFieldEvent> {
    return streamMessage(buf, TxBatch.codec(), opts)
  }
}

export interface ControlRequest {
  blockedPeers: string[]
  signature: Uint8Array
  issuedMs: number
}

export namespace ControlRequest {
  let _codec: Codec<ControlRequest>

  export const codec = (): Codec<ControlRequest> => {
    if (_codec == null) {
      _codec = message<ControlRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.blockedPeers != null && obj.blockedPeers.length > 0) {
          for (const value of obj.blockedPeers) {
            w.uint32(10)
            w.string(value)
          }
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if ((obj.issuedMs != null && obj.issuedMs !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.issuedMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          blockedPeers: [],
          signature: uint8ArrayAlloc(0),
          issuedMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.blockedPeers != null && obj.blockedPeers.length === opts.limits.blockedPeers) {
                throw new MaxLengthError('Decode error - repeated field "blockedPeers" had too many elements')
              }

              obj.blockedPeers.push(reader.string())
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            case 3: {
              obj.issuedMs = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          blockedPeers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.blockedPeers != null && obj.blockedPeers === opts.limits.blockedPeers) {
                throw new MaxLengthError('Streaming decode error - repeated field "blockedPeers" had too many elements')
              }

              yield {
                field: `${prefix}.blockedPeers[]`,
                index: obj.blockedPeers,
                value: reader.string()
              }

              obj.blockedPeers++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.issuedMs`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ControlRequestBlockedPeersFieldEvent {
    field: '$.blockedPeers[]'
    index: number
    value: string
  }

  export interface ControlRequestSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export interface ControlRequestIssuedMsFieldEvent {
    field: '$.issuedMs'
    value: number
  }

  export function encode (obj: Partial<ControlRequest>): Uint8Array {
    return encodeMessage(obj, ControlRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ControlRequest>): ControlRequest {
    return decodeMessage(buf, ControlRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ControlRequest>): Generator<ControlRequestBlockedPeersFieldEvent | ControlRequestSignatureFieldEvent | ControlRequestIssuedMsFieldEvent> {
    return streamMessage(buf, ControlRequest.codec(), opts)
  }
}

export interface ControlResponse {
  status: Status
  error: string
}

export namespace ControlResponse {
  let _codec: Codec<ControlResponse>

  export const codec = (): Codec<ControlResponse> => {
    if (_codec == null) {
      _codec = message<ControlResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          Status.codec().encode(obj.status, w)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(18)
          w.string(obj.error)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          error: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.error = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ControlResponseStatusFieldEvent {
    field: '$.status'
    value: Status
  }

  export interface ControlResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export function encode (obj: Partial<ControlResponse>): Uint8Array {
    return encodeMessage(obj, ControlResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ControlResponse>): ControlResponse {
    return decodeMessage(buf, ControlResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ControlResponse>): Generator<ControlResponseStatusFieldEvent | ControlResponseErrorFieldEvent> {
    return streamMessage(buf, ControlResponse.codec(), opts)
  }
}

export interface TxBody {
  kind: number
  signer: Uint8Array
  nonce: number
  payload: Uint8Array
}

export namespace TxBody {
  let _codec: Codec<TxBody>

  export const codec = (): Codec<TxBody> => {
    if (_codec == null) {
      _codec = message<TxBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.kind != null && obj.kind !== 0)) {
          w.uint32(8)
          w.uint32(obj.kind)
        }

        if ((obj.signer != null && obj.signer.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signer)
        }

        if ((obj.nonce != null && obj.nonce !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.nonce)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.payload)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: 0,
          signer: uint8ArrayAlloc(0),
          nonce: 0,
          payload: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = reader.uint32()
              break
            }
            case 2: {
              obj.signer = reader.bytes()
              break
            }
            case 3: {
              obj.nonce = reader.uint64Number()
              break
            }
            case 4: {
              obj.payload = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.kind`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signer`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TxBodyKindFieldEvent {
    field: '$.kind'
    value: number
  }

  export interface TxBodySignerFieldEvent {
    field: '$.signer'
    value: Uint8Array
  }

  export interface TxBodyNonceFieldEvent {
    field: '$.nonce'
    value: number
  }

  export interface TxBodyPayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array
  }

  export function encode (obj: Partial<TxBody>): Uint8Array {
    return encodeMessage(obj, TxBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TxBody>): TxBody {
    return decodeMessage(buf, TxBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TxBody>): Generator<TxBodyKindFieldEvent | TxBodySignerFieldEvent | TxBodyNonceFieldEvent | TxBodyPayloadFieldEvent> {
    return streamMessage(buf, TxBody.codec(), opts)
  }
}

export interface Transaction {
  body: Uint8Array
  signature: Uint8Array
}

export namespace Transaction {
  let _codec: Codec<Transaction>

  export const codec = (): Codec<Transaction> => {
    if (_codec == null) {
      _codec = message<Transaction>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.body)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          body: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.body = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TransactionBodyFieldEvent {
    field: '$.body'
    value: Uint8Array
  }

  export interface TransactionSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export function encode (obj: Partial<Transaction>): Uint8Array {
    return encodeMessage(obj, Transaction.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Transaction>): Transaction {
    return decodeMessage(buf, Transaction.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Transaction>): Generator<TransactionBodyFieldEvent | TransactionSignatureFieldEvent> {
    return streamMessage(buf, Transaction.codec(), opts)
  }
}

export interface TxResult {
  txId: Uint8Array
  code: number
  data: Uint8Array
}

export namespace TxResult {
  let _codec: Codec<TxResult>

  export const codec = (): Codec<TxResult> => {
    if (_codec == null) {
      _codec = message<TxResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.txId != null && obj.txId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.txId)
        }

        if ((obj.code != null && obj.code !== 0)) {
          w.uint32(16)
          w.uint32(obj.code)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.data)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          txId: uint8ArrayAlloc(0),
          code: 0,
          data: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.txId = reader.bytes()
              break
            }
            case 2: {
              obj.code = reader.uint32()
              break
            }
            case 3: {
              obj.data = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.txId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.code`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TxResultTxIdFieldEvent {
    field: '$.txId'
    value: Uint8Array
  }

  export interface TxResultCodeFieldEvent {
    field: '$.code'
    value: number
  }

  export interface TxResultDataFieldEvent {
    field: '$.data'
    value: Uint8Array
  }

  export function encode (obj: Partial<TxResult>): Uint8Array {
    return encodeMessage(obj, TxResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TxResult>): TxResult {
    return decodeMessage(buf, TxResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TxResult>): Generator<TxResultTxIdFieldEvent | TxResultCodeFieldEvent | TxResultDataFieldEvent> {
    return streamMessage(buf, TxResult.codec(), opts)
  }
}

export interface BlockHeader {
  chainId: string
  height: number
  prevHash: Uint8Array
  timestampMs: number
  proposer: number
  view: number
  txRoot: Uint8Array
  resultRoot: Uint8Array
  txCount: number
}

export namespace BlockHeader {
  let _codec: Codec<BlockHeader>

  export const codec = (): Codec<BlockHeader> => {
    if (_codec == null) {
      _codec = message<BlockHeader>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.chainId != null && obj.chainId !== '')) {
          w.uint32(10)
          w.string(obj.chainId)
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.height)
        }

        if ((obj.prevHash != null && obj.prevHash.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.prevHash)
        }

        if ((obj.timestampMs != null && obj.timestampMs !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.timestampMs)
        }

        if ((obj.proposer != null && obj.proposer !== 0)) {
          w.uint32(40)
          w.uint32(obj.proposer)
        }

        if ((obj.view != null && obj.view !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.view)
        }

        if ((obj.txRoot != null && obj.txRoot.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.txRoot)
        }

        if ((obj.resultRoot != null && obj.resultRoot.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.resultRoot)
        }

        if ((obj.txCount != null && obj.txCount !== 0)) {
          w.uint32(72)
          w.uint32(obj.txCount)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          chainId: '',
          height: 0,
          prevHash: uint8ArrayAlloc(0),
          timestampMs: 0,
          proposer: 0,
          view: 0,
          txRoot: uint8ArrayAlloc(0),
          resultRoot: uint8ArrayAlloc(0),
          txCount: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.chainId = reader.string()
              break
            }
            case 2: {
              obj.height = reader.uint64Number()
              break
            }
            case 3: {
              obj.prevHash = reader.bytes()
              break
            }
            case 4: {
              obj.timestampMs = reader.uint64Number()
              break
            }
            case 5: {
              obj.proposer = reader.uint32()
              break
            }
            case 6: {
              obj.view = reader.uint64Number()
              break
            }
            case 7: {
              obj.txRoot = reader.bytes()
              break
            }
            case 8: {
              obj.resultRoot = reader.bytes()
              break
            }
            case 9: {
              obj.txCount = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.chainId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.prevHash`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.timestampMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.proposer`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.view`,
                value: reader.uint64Number()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.txRoot`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.resultRoot`,
                value: reader.bytes()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.txCount`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface BlockHeaderChainIdFieldEvent {
    field: '$.chainId'
    value: string
  }

  export interface BlockHeaderHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface BlockHeaderPrevHashFieldEvent {
    field: '$.prevHash'
    value: Uint8Array
  }

  export interface BlockHeaderTimestampMsFieldEvent {
    field: '$.timestampMs'
    value: number
  }

  export interface BlockHeaderProposerFieldEvent {
    field: '$.proposer'
    value: number
  }

  export interface BlockHeaderViewFieldEvent {
    field: '$.view'
    value: number
  }

  export interface BlockHeaderTxRootFieldEvent {
    field: '$.txRoot'
    value: Uint8Array
  }

  export interface BlockHeaderResultRootFieldEvent {
    field: '$.resultRoot'
    value: Uint8Array
  }

  export interface BlockHeaderTxCountFieldEvent {
    field: '$.txCount'
    value: number
  }

  export function encode (obj: Partial<BlockHeader>): Uint8Array {
    return encodeMessage(obj, BlockHeader.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockHeader>): BlockHeader {
    return decodeMessage(buf, BlockHeader.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockHeader>): Generator<BlockHeaderChainIdFieldEvent | BlockHeaderHeightFieldEvent | BlockHeaderPrevHashFieldEvent | BlockHeaderTimestampMsFieldEvent | BlockHeaderProposerFieldEvent | BlockHeaderViewFieldEvent | BlockHeaderTxRootFieldEvent | BlockHeaderResultRootFieldEvent | BlockHeaderTxCountFieldEvent> {
    return streamMessage(buf, BlockHeader.codec(), opts)
  }
}

export interface Block {
  header: Uint8Array
  txs: Uint8Array[]
  results: Uint8Array[]
}

export namespace Block {
  let _codec: Codec<Block>

  export const codec = (): Codec<Block> => {
    if (_codec == null) {
      _codec = message<Block>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.header != null && obj.header.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.header)
        }

        if (obj.txs != null && obj.txs.length > 0) {
          for (const value of obj.txs) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (obj.results != null && obj.results.length > 0) {
          for (const value of obj.results) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          header: uint8ArrayAlloc(0),
          txs: [],
          results: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.header = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.txs != null && obj.txs.length === opts.limits.txs) {
                throw new MaxLengthError('Decode error - repeated field "txs" had too many elements')
              }

              obj.txs.push(reader.bytes())
              break
            }
            case 3: {
              if (opts.limits?.results != null && obj.results.length === opts.limits.results) {
                throw new MaxLengthError('Decode error - repeated field "results" had too many elements')
              }

              obj.results.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          txs: 0,
          results: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.header`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.txs != null && obj.txs === opts.limits.txs) {
                throw new MaxLengthError('Streaming decode error - repeated field "txs" had too many elements')
              }

              yield {
                field: `${prefix}.txs[]`,
                index: obj.txs,
                value: reader.bytes()
              }

              obj.txs++

              break
            }
            case 3: {
              if (opts.limits?.results != null && obj.results === opts.limits.results) {
                throw new MaxLengthError('Streaming decode error - repeated field "results" had too many elements')
              }

              yield {
                field: `${prefix}.results[]`,
                index: obj.results,
                value: reader.bytes()
              }

              obj.results++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface BlockHeaderFieldEvent {
    field: '$.header'
    value: Uint8Array
  }

  export interface BlockTxsFieldEvent {
    field: '$.txs[]'
    index: number
    value: Uint8Array
  }

  export interface BlockResultsFieldEvent {
    field: '$.results[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<Block>): Uint8Array {
    return encodeMessage(obj, Block.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Block>): Block {
    return decodeMessage(buf, Block.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Block>): Generator<BlockHeaderFieldEvent | BlockTxsFieldEvent | BlockResultsFieldEvent> {
    return streamMessage(buf, Block.codec(), opts)
  }
}

export interface CommitSignature {
  replica: number
  signature: Uint8Array
}

export namespace CommitSignature {
  let _codec: Codec<CommitSignature>

  export const codec = (): Codec<CommitSignature> => {
    if (_codec == null) {
      _codec = message<CommitSignature>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.replica != null && obj.replica !== 0)) {
          w.uint32(8)
          w.uint32(obj.replica)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          replica: 0,
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.replica = reader.uint32()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.replica`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CommitSignatureReplicaFieldEvent {
    field: '$.replica'
    value: number
  }

  export interface CommitSignatureSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export function encode (obj: Partial<CommitSignature>): Uint8Array {
    return encodeMessage(obj, CommitSignature.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CommitSignature>): CommitSignature {
    return decodeMessage(buf, CommitSignature.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CommitSignature>): Generator<CommitSignatureReplicaFieldEvent | CommitSignatureSignatureFieldEvent> {
    return streamMessage(buf, CommitSignature.codec(), opts)
  }
}

export interface CommitCertificate {
  height: number
  view: number
  blockHash: Uint8Array
  signatures: CommitSignature[]
}

export namespace CommitCertificate {
  let _codec: Codec<CommitCertificate>

  export const codec = (): Codec<CommitCertificate> => {
    if (_codec == null) {
      _codec = message<CommitCertificate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.view != null && obj.view !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.view)
        }

        if ((obj.blockHash != null && obj.blockHash.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.blockHash)
        }

        if (obj.signatures != null && obj.signatures.length > 0) {
          for (const value of obj.signatures) {
            w.uint32(34)
            CommitSignature.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          height: 0,
          view: 0,
          blockHash: uint8ArrayAlloc(0),
          signatures: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.height = reader.uint64Number()
              break
            }
            case 2: {
              obj.view = reader.uint64Number()
              break
            }
            case 3: {
              obj.blockHash = reader.bytes()
              break
            }
            case 4: {
              if (opts.limits?.signatures != null && obj.signatures.length === opts.limits.signatures) {
                throw new MaxLengthError('Decode error - repeated field "signatures" had too many elements')
              }

              obj.signatures.push(CommitSignature.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.signatures$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          signatures: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.view`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.blockHash`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              if (opts.limits?.signatures != null && obj.signatures === opts.limits.signatures) {
                throw new MaxLengthError('Streaming decode error - repeated field "signatures" had too many elements')
              }

              for (const evt of CommitSignature.codec().stream(reader, reader.uint32(), `${prefix}.signatures[]`, {
                limits: opts.limits?.signatures$
              })) {
                yield {
                  ...evt,
                  index: obj.signatures
                }
              }

              obj.signatures++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CommitCertificateHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface CommitCertificateViewFieldEvent {
    field: '$.view'
    value: number
  }

  export interface CommitCertificateBlockHashFieldEvent {
    field: '$.blockHash'
    value: Uint8Array
  }

  export interface CommitCertificateSignaturesReplicaFieldEvent {
    field: '$.signatures[].replica'
    value: number
    index: number
  }

  export interface CommitCertificateSignaturesSignatureFieldEvent {
    field: '$.signatures[].signature'
    value: Uint8Array
    index: number
  }

  export function encode (obj: Partial<CommitCertificate>): Uint8Array {
    return encodeMessage(obj, CommitCertificate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CommitCertificate>): CommitCertificate {
    return decodeMessage(buf, CommitCertificate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CommitCertificate>): Generator<CommitCertificateHeightFieldEvent | CommitCertificateViewFieldEvent | CommitCertificateBlockHashFieldEvent | CommitCertificateSignaturesReplicaFieldEvent | CommitCertificateSignaturesSignatureFieldEvent> {
    return streamMessage(buf, CommitCertificate.codec(), opts)
  }
}

export interface StoredBlock {
  block: Uint8Array
  certificate: Uint8Array
}

export namespace StoredBlock {
  let _codec: Codec<StoredBlock>

  export const codec = (): Codec<StoredBlock> => {
    if (_codec == null) {
      _codec = message<StoredBlock>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.block != null && obj.block.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.block)
        }

        if ((obj.certificate != null && obj.certificate.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.certificate)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          block: uint8ArrayAlloc(0),
          certificate: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.block = reader.bytes()
              break
            }
            case 2: {
              obj.certificate = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.block`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.certificate`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface StoredBlockBlockFieldEvent {
    field: '$.block'
    value: Uint8Array
  }

  export interface StoredBlockCertificateFieldEvent {
    field: '$.certificate'
    value: Uint8Array
  }

  export function encode (obj: Partial<StoredBlock>): Uint8Array {
    return encodeMessage(obj, StoredBlock.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredBlock>): StoredBlock {
    return decodeMessage(buf, StoredBlock.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredBlock>): Generator<StoredBlockBlockFieldEvent | StoredBlockCertificateFieldEvent> {
    return streamMessage(buf, StoredBlock.codec(), opts)
  }
}

export interface MerkleProof {
  index: number
  total: number
  siblings: Uint8Array[]
}

export namespace MerkleProof {
  let _codec: Codec<MerkleProof>

  export const codec = (): Codec<MerkleProof> => {
    if (_codec == null) {
      _codec = message<MerkleProof>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(8)
          w.uint32(obj.index)
        }

        if ((obj.total != null && obj.total !== 0)) {
          w.uint32(16)
          w.uint32(obj.total)
        }

        if (obj.siblings != null && obj.siblings.length > 0) {
          for (const value of obj.siblings) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          index: 0,
          total: 0,
          siblings: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.index = reader.uint32()
              break
            }
            case 2: {
              obj.total = reader.uint32()
              break
            }
            case 3: {
              if (opts.limits?.siblings != null && obj.siblings.length === opts.limits.siblings) {
                throw new MaxLengthError('Decode error - repeated field "siblings" had too many elements')
              }

              obj.siblings.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          siblings: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.total`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              if (opts.limits?.siblings != null && obj.siblings === opts.limits.siblings) {
                throw new MaxLengthError('Streaming decode error - repeated field "siblings" had too many elements')
              }

              yield {
                field: `${prefix}.siblings[]`,
                index: obj.siblings,
                value: reader.bytes()
              }

              obj.siblings++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MerkleProofIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface MerkleProofTotalFieldEvent {
    field: '$.total'
    value: number
  }

  export interface MerkleProofSiblingsFieldEvent {
    field: '$.siblings[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<MerkleProof>): Uint8Array {
    return encodeMessage(obj, MerkleProof.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MerkleProof>): MerkleProof {
    return decodeMessage(buf, MerkleProof.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MerkleProof>): Generator<MerkleProofIndexFieldEvent | MerkleProofTotalFieldEvent | MerkleProofSiblingsFieldEvent> {
    return streamMessage(buf, MerkleProof.codec(), opts)
  }
}

export interface Receipt {
  header: Uint8Array
  certificate: Uint8Array
  tx: Uint8Array
  txProof?: MerkleProof
  result: Uint8Array
  resultProof?: MerkleProof
}

export namespace Receipt {
  let _codec: Codec<Receipt>

  export const codec = (): Codec<Receipt> => {
    if (_codec == null) {
      _codec = message<Receipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.header != null && obj.header.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.header)
        }

        if ((obj.certificate != null && obj.certificate.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.certificate)
        }

        if ((obj.tx != null && obj.tx.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.tx)
        }

        if (obj.txProof != null) {
          w.uint32(34)
          MerkleProof.codec().encode(obj.txProof, w)
        }

        if ((obj.result != null && obj.result.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.result)
        }

        if (obj.resultProof != null) {
          w.uint32(50)
          MerkleProof.codec().encode(obj.resultProof, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          header: uint8ArrayAlloc(0),
          certificate: uint8ArrayAlloc(0),
          tx: uint8ArrayAlloc(0),
          result: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.header = reader.bytes()
              break
            }
            case 2: {
              obj.certificate = reader.bytes()
              break
            }
            case 3: {
              obj.tx = reader.bytes()
              break
            }
            case 4: {
              obj.txProof = MerkleProof.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.txProof
              })
              break
            }
            case 5: {
              obj.result = reader.bytes()
              break
            }
            case 6: {
              obj.resultProof = MerkleProof.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.resultProof
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.header`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.certificate`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.tx`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield * MerkleProof.codec().stream(reader, reader.uint32(), `${prefix}.txProof`, {
                limits: opts.limits?.txProof
              })

              break
            }
            case 5: {
              yield {
                field: `${prefix}.result`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield * MerkleProof.codec().stream(reader, reader.uint32(), `${prefix}.resultProof`, {
                limits: opts.limits?.resultProof
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ReceiptHeaderFieldEvent {
    field: '$.header'
    value: Uint8Array
  }

  export interface ReceiptCertificateFieldEvent {
    field: '$.certificate'
    value: Uint8Array
  }

  export interface ReceiptTxFieldEvent {
    field: '$.tx'
    value: Uint8Array
  }

  export interface ReceiptTxProofIndexFieldEvent {
    field: '$.txProof.index'
    value: number
  }

  export interface ReceiptTxProofTotalFieldEvent {
    field: '$.txProof.total'
    value: number
  }

  export interface ReceiptTxProofSiblingsFieldEvent {
    field: '$.txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface ReceiptResultFieldEvent {
    field: '$.result'
    value: Uint8Array
  }

  export interface ReceiptResultProofIndexFieldEvent {
    field: '$.resultProof.index'
    value: number
  }

  export interface ReceiptResultProofTotalFieldEvent {
    field: '$.resultProof.total'
    value: number
  }

  export interface ReceiptResultProofSiblingsFieldEvent {
    field: '$.resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<Receipt>): Uint8Array {
    return encodeMessage(obj, Receipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Receipt {
    return decodeMessage(buf, Receipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Generator<ReceiptHeaderFieldEvent | ReceiptCertificateFieldEvent | ReceiptTxFieldEvent | ReceiptTxProofIndexFieldEvent | ReceiptTxProofTotalFieldEvent | ReceiptTxProofSiblingsFieldEvent | ReceiptResultFieldEvent | ReceiptResultProofIndexFieldEvent | ReceiptResultProofTotalFieldEvent | ReceiptResultProofSiblingsFieldEvent> {
    return streamMessage(buf, Receipt.codec(), opts)
  }
}

export interface AppRelease {
  appId: string
  version: string
  checksum: Uint8Array
  runtime: string
}

export namespace AppRelease {
  let _codec: Codec<AppRelease>

  export const codec = (): Codec<AppRelease> => {
    if (_codec == null) {
      _codec = message<AppRelease>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.appId != null && obj.appId !== '')) {
          w.uint32(10)
          w.string(obj.appId)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(18)
          w.string(obj.version)
        }

        if ((obj.checksum != null && obj.checksum.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.checksum)
        }

        if ((obj.runtime != null && obj.runtime !== '')) {
          w.uint32(34)
          w.string(obj.runtime)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          appId: '',
          version: '',
          checksum: uint8ArrayAlloc(0),
          runtime: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.appId = reader.string()
              break
            }
            case 2: {
              obj.version = reader.string()
              break
            }
            case 3: {
              obj.checksum = reader.bytes()
              break
            }
            case 4: {
              obj.runtime = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.appId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.checksum`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.runtime`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AppReleaseAppIdFieldEvent {
    field: '$.appId'
    value: string
  }

  export interface AppReleaseVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface AppReleaseChecksumFieldEvent {
    field: '$.checksum'
    value: Uint8Array
  }

  export interface AppReleaseRuntimeFieldEvent {
    field: '$.runtime'
    value: string
  }

  export function encode (obj: Partial<AppRelease>): Uint8Array {
    return encodeMessage(obj, AppRelease.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppRelease>): AppRelease {
    return decodeMessage(buf, AppRelease.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppRelease>): Generator<AppReleaseAppIdFieldEvent | AppReleaseVersionFieldEvent | AppReleaseChecksumFieldEvent | AppReleaseRuntimeFieldEvent> {
    return streamMessage(buf, AppRelease.codec(), opts)
  }
}

export interface DeviceRegistration {
  deviceKey: Uint8Array
  h3: Uint8Array
  model: string
}

export namespace DeviceRegistration {
  let _codec: Codec<DeviceRegistration>

  export const codec = (): Codec<DeviceRegistration> => {
    if (_codec == null) {
      _codec = message<DeviceRegistration>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deviceKey != null && obj.deviceKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.deviceKey)
        }

        if ((obj.h3 != null && obj.h3.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.h3)
        }

        if ((obj.model != null && obj.model !== '')) {
          w.uint32(26)
          w.string(obj.model)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deviceKey: uint8ArrayAlloc(0),
          h3: uint8ArrayAlloc(0),
          model: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.deviceKey = reader.bytes()
              break
            }
            case 2: {
              obj.h3 = reader.bytes()
              break
            }
            case 3: {
              obj.model = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.deviceKey`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.h3`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.model`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DeviceRegistrationDeviceKeyFieldEvent {
    field: '$.deviceKey'
    value: Uint8Array
  }

  export interface DeviceRegistrationH3FieldEvent {
    field: '$.h3'
    value: Uint8Array
  }

  export interface DeviceRegistrationModelFieldEvent {
    field: '$.model'
    value: string
  }

  export function encode (obj: Partial<DeviceRegistration>): Uint8Array {
    return encodeMessage(obj, DeviceRegistration.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceRegistration>): DeviceRegistration {
    return decodeMessage(buf, DeviceRegistration.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceRegistration>): Generator<DeviceRegistrationDeviceKeyFieldEvent | DeviceRegistrationH3FieldEvent | DeviceRegistrationModelFieldEvent> {
    return streamMessage(buf, DeviceRegistration.codec(), opts)
  }
}

export interface CombinationMethod {
  selection: number[]
  salt: Uint8Array
}

export namespace CombinationMethod {
  let _codec: Codec<CombinationMethod>

  export const codec = (): Codec<CombinationMethod> => {
    if (_codec == null) {
      _codec = message<CombinationMethod>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.selection != null && obj.selection.length > 0) {
          for (const value of obj.selection) {
            w.uint32(8)
            w.uint32(value)
          }
        }

        if ((obj.salt != null && obj.salt.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.salt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          selection: [],
          salt: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              // certchain postgen: packed form (wire type 2) or one value per tag
              if ((tag & 7) === 2) {
                const packedEnd = reader.uint32() + reader.pos
                if (packedEnd > end) throw new Error('packed field "selection" runs past the end of its message')
                while (reader.pos < packedEnd) {
                  if (opts.limits?.selection != null && obj.selection.length === opts.limits.selection) {
                    throw new MaxLengthError('Decode error - repeated field "selection" had too many elements')
                  }

                  obj.selection.push(reader.uint32())
                }
                if (reader.pos !== packedEnd) throw new Error('packed field "selection": a value runs past the field')
                break
              }
              if (opts.limits?.selection != null && obj.selection.length === opts.limits.selection) {
                throw new MaxLengthError('Decode error - repeated field "selection" had too many elements')
              }

              obj.selection.push(reader.uint32())
              break
            }
            case 2: {
              obj.salt = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          selection: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              // certchain postgen: packed form (wire type 2) or one value per tag
              if ((tag & 7) === 2) {
                const packedEnd = reader.uint32() + reader.pos
                if (packedEnd > end) throw new Error('packed field "selection" runs past the end of its message')
                while (reader.pos < packedEnd) {
                  if (opts.limits?.selection != null && obj.selection === opts.limits.selection) {
                    throw new MaxLengthError('Streaming decode error - repeated field "selection" had too many elements')
                  }

                  yield {
                    field: `${prefix}.selection[]`,
                    index: obj.selection,
                    value: reader.uint32()
                  }

                  obj.selection++

                }
                if (reader.pos !== packedEnd) throw new Error('packed field "selection": a value runs past the field')
                break
              }
              if (opts.limits?.selection != null && obj.selection === opts.limits.selection) {
                throw new MaxLengthError('Streaming decode error - repeated field "selection" had too many elements')
              }

              yield {
                field: `${prefix}.selection[]`,
                index: obj.selection,
                value: reader.uint32()
              }

              obj.selection++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.salt`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CombinationMethodSelectionFieldEvent {
    field: '$.selection[]'
    index: number
    value: number
  }

  export interface CombinationMethodSaltFieldEvent {
    field: '$.salt'
    value: Uint8Array
  }

  export function encode (obj: Partial<CombinationMethod>): Uint8Array {
    return encodeMessage(obj, CombinationMethod.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CombinationMethod>): CombinationMethod {
    return decodeMessage(buf, CombinationMethod.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CombinationMethod>): Generator<CombinationMethodSelectionFieldEvent | CombinationMethodSaltFieldEvent> {
    return streamMessage(buf, CombinationMethod.codec(), opts)
  }
}

export interface UserRegistration {
  deviceKey: Uint8Array
  userKey: Uint8Array
  h1: Uint8Array
  h2: Uint8Array
  h3: Uint8Array
  method?: CombinationMethod
  registrationHash: Uint8Array
  issuedMs: number
}

export namespace UserRegistration {
  let _codec: Codec<UserRegistration>

  export const codec = (): Codec<UserRegistration> => {
    if (_codec == null) {
      _codec = message<UserRegistration>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deviceKey != null && obj.deviceKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.deviceKey)
        }

        if ((obj.userKey != null && obj.userKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.userKey)
        }

        if ((obj.h1 != null && obj.h1.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.h1)
        }

        if ((obj.h2 != null && obj.h2.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.h2)
        }

        if ((obj.h3 != null && obj.h3.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.h3)
        }

        if (obj.method != null) {
          w.uint32(50)
          CombinationMethod.codec().encode(obj.method, w)
        }

        if ((obj.registrationHash != null && obj.registrationHash.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.registrationHash)
        }

        if ((obj.issuedMs != null && obj.issuedMs !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.issuedMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deviceKey: uint8ArrayAlloc(0),
          userKey: uint8ArrayAlloc(0),
          h1: uint8ArrayAlloc(0),
          h2: uint8ArrayAlloc(0),
          h3: uint8ArrayAlloc(0),
          registrationHash: uint8ArrayAlloc(0),
          issuedMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.deviceKey = reader.bytes()
              break
            }
            case 2: {
              obj.userKey = reader.bytes()
              break
            }
            case 3: {
              obj.h1 = reader.bytes()
              break
            }
            case 4: {
              obj.h2 = reader.bytes()
              break
            }
            case 5: {
              obj.h3 = reader.bytes()
              break
            }
            case 6: {
              obj.method = CombinationMethod.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.method
              })
              break
            }
            case 7: {
              obj.registrationHash = reader.bytes()
              break
            }
            case 8: {
              obj.issuedMs = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.deviceKey`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.userKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.h1`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.h2`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.h3`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield * CombinationMethod.codec().stream(reader, reader.uint32(), `${prefix}.method`, {
                limits: opts.limits?.method
              })

              break
            }
            case 7: {
              yield {
                field: `${prefix}.registrationHash`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.issuedMs`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface UserRegistrationDeviceKeyFieldEvent {
    field: '$.deviceKey'
    value: Uint8Array
  }

  export interface UserRegistrationUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface UserRegistrationH1FieldEvent {
    field: '$.h1'
    value: Uint8Array
  }

  export interface UserRegistrationH2FieldEvent {
    field: '$.h2'
    value: Uint8Array
  }

  export interface UserRegistrationH3FieldEvent {
    field: '$.h3'
    value: Uint8Array
  }

  export interface UserRegistrationMethodSelectionFieldEvent {
    field: '$.method.selection[]'
    index: number
    value: number
  }

  export interface UserRegistrationMethodSaltFieldEvent {
    field: '$.method.salt'
    value: Uint8Array
  }

  export interface UserRegistrationRegistrationHashFieldEvent {
    field: '$.registrationHash'
    value: Uint8Array
  }

  export interface UserRegistrationIssuedMsFieldEvent {
    field: '$.issuedMs'
    value: number
  }

  export function encode (obj: Partial<UserRegistration>): Uint8Array {
    return encodeMessage(obj, UserRegistration.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UserRegistration>): UserRegistration {
    return decodeMessage(buf, UserRegistration.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UserRegistration>): Generator<UserRegistrationDeviceKeyFieldEvent | UserRegistrationUserKeyFieldEvent | UserRegistrationH1FieldEvent | UserRegistrationH2FieldEvent | UserRegistrationH3FieldEvent | UserRegistrationMethodSelectionFieldEvent | UserRegistrationMethodSaltFieldEvent | UserRegistrationRegistrationHashFieldEvent | UserRegistrationIssuedMsFieldEvent> {
    return streamMessage(buf, UserRegistration.codec(), opts)
  }
}

export interface RegisterUser {
  registration: Uint8Array
  deviceSignature: Uint8Array
}

export namespace RegisterUser {
  let _codec: Codec<RegisterUser>

  export const codec = (): Codec<RegisterUser> => {
    if (_codec == null) {
      _codec = message<RegisterUser>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.registration != null && obj.registration.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.registration)
        }

        if ((obj.deviceSignature != null && obj.deviceSignature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.deviceSignature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          registration: uint8ArrayAlloc(0),
          deviceSignature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.registration = reader.bytes()
              break
            }
            case 2: {
              obj.deviceSignature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.registration`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.deviceSignature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RegisterUserRegistrationFieldEvent {
    field: '$.registration'
    value: Uint8Array
  }

  export interface RegisterUserDeviceSignatureFieldEvent {
    field: '$.deviceSignature'
    value: Uint8Array
  }

  export function encode (obj: Partial<RegisterUser>): Uint8Array {
    return encodeMessage(obj, RegisterUser.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterUser>): RegisterUser {
    return decodeMessage(buf, RegisterUser.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterUser>): Generator<RegisterUserRegistrationFieldEvent | RegisterUserDeviceSignatureFieldEvent> {
    return streamMessage(buf, RegisterUser.codec(), opts)
  }
}

export enum RevokeTarget {
  REVOKE_TARGET_UNSPECIFIED = 'REVOKE_TARGET_UNSPECIFIED',
  REGISTRATION = 'REGISTRATION',
  DEVICE = 'DEVICE',
  APP_RELEASE = 'APP_RELEASE'
}

enum __RevokeTargetValues {
  REVOKE_TARGET_UNSPECIFIED = 0,
  REGISTRATION = 1,
  DEVICE = 2,
  APP_RELEASE = 3
}

export namespace RevokeTarget {
  export const codec = (): Codec<RevokeTarget> => {
    return enumeration<RevokeTarget>(__RevokeTargetValues)
  }
}

export interface Revoke {
  target: RevokeTarget
  id: Uint8Array
  appId: string
  version: string
}

export namespace Revoke {
  let _codec: Codec<Revoke>

  export const codec = (): Codec<Revoke> => {
    if (_codec == null) {
      _codec = message<Revoke>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.target != null && __RevokeTargetValues[obj.target] !== 0) {
          w.uint32(8)
          RevokeTarget.codec().encode(obj.target, w)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.id)
        }

        if ((obj.appId != null && obj.appId !== '')) {
          w.uint32(26)
          w.string(obj.appId)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(34)
          w.string(obj.version)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          target: RevokeTarget.REVOKE_TARGET_UNSPECIFIED,
          id: uint8ArrayAlloc(0),
          appId: '',
          version: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.target = RevokeTarget.codec().decode(reader)
              break
            }
            case 2: {
              obj.id = reader.bytes()
              break
            }
            case 3: {
              obj.appId = reader.string()
              break
            }
            case 4: {
              obj.version = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.target`,
                value: RevokeTarget.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.appId`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RevokeTargetFieldEvent {
    field: '$.target'
    value: RevokeTarget
  }

  export interface RevokeIdFieldEvent {
    field: '$.id'
    value: Uint8Array
  }

  export interface RevokeAppIdFieldEvent {
    field: '$.appId'
    value: string
  }

  export interface RevokeVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export function encode (obj: Partial<Revoke>): Uint8Array {
    return encodeMessage(obj, Revoke.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Revoke>): Revoke {
    return decodeMessage(buf, Revoke.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Revoke>): Generator<RevokeTargetFieldEvent | RevokeIdFieldEvent | RevokeAppIdFieldEvent | RevokeVersionFieldEvent> {
    return streamMessage(buf, Revoke.codec(), opts)
  }
}

export interface AppIntegrity {
  appId: string
  version: string
  checksum: Uint8Array
}

export namespace AppIntegrity {
  let _codec: Codec<AppIntegrity>

  export const codec = (): Codec<AppIntegrity> => {
    if (_codec == null) {
      _codec = message<AppIntegrity>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.appId != null && obj.appId !== '')) {
          w.uint32(10)
          w.string(obj.appId)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(18)
          w.string(obj.version)
        }

        if ((obj.checksum != null && obj.checksum.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.checksum)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          appId: '',
          version: '',
          checksum: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.appId = reader.string()
              break
            }
            case 2: {
              obj.version = reader.string()
              break
            }
            case 3: {
              obj.checksum = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.appId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.checksum`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AppIntegrityAppIdFieldEvent {
    field: '$.appId'
    value: string
  }

  export interface AppIntegrityVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface AppIntegrityChecksumFieldEvent {
    field: '$.checksum'
    value: Uint8Array
  }

  export function encode (obj: Partial<AppIntegrity>): Uint8Array {
    return encodeMessage(obj, AppIntegrity.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppIntegrity>): AppIntegrity {
    return decodeMessage(buf, AppIntegrity.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppIntegrity>): Generator<AppIntegrityAppIdFieldEvent | AppIntegrityVersionFieldEvent | AppIntegrityChecksumFieldEvent> {
    return streamMessage(buf, AppIntegrity.codec(), opts)
  }
}

export enum AttestationKind {
  ATTESTATION_NONE = 'ATTESTATION_NONE',
  ANDROID_KEY_ATTESTATION = 'ANDROID_KEY_ATTESTATION',
  APPLE_APP_ATTEST = 'APPLE_APP_ATTEST',
  TPM_QUOTE = 'TPM_QUOTE'
}

enum __AttestationKindValues {
  ATTESTATION_NONE = 0,
  ANDROID_KEY_ATTESTATION = 1,
  APPLE_APP_ATTEST = 2,
  TPM_QUOTE = 3
}

export namespace AttestationKind {
  export const codec = (): Codec<AttestationKind> => {
    return enumeration<AttestationKind>(__AttestationKindValues)
  }
}

export interface PlatformAttestation {
  kind: AttestationKind
  evidence: Uint8Array
}

export namespace PlatformAttestation {
  let _codec: Codec<PlatformAttestation>

  export const codec = (): Codec<PlatformAttestation> => {
    if (_codec == null) {
      _codec = message<PlatformAttestation>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __AttestationKindValues[obj.kind] !== 0) {
          w.uint32(8)
          AttestationKind.codec().encode(obj.kind, w)
        }

        if ((obj.evidence != null && obj.evidence.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.evidence)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: AttestationKind.ATTESTATION_NONE,
          evidence: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = AttestationKind.codec().decode(reader)
              break
            }
            case 2: {
              obj.evidence = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.kind`,
                value: AttestationKind.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.evidence`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PlatformAttestationKindFieldEvent {
    field: '$.kind'
    value: AttestationKind
  }

  export interface PlatformAttestationEvidenceFieldEvent {
    field: '$.evidence'
    value: Uint8Array
  }

  export function encode (obj: Partial<PlatformAttestation>): Uint8Array {
    return encodeMessage(obj, PlatformAttestation.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PlatformAttestation>): PlatformAttestation {
    return decodeMessage(buf, PlatformAttestation.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PlatformAttestation>): Generator<PlatformAttestationKindFieldEvent | PlatformAttestationEvidenceFieldEvent> {
    return streamMessage(buf, PlatformAttestation.codec(), opts)
  }
}

export interface LoginBody {
  registrationId: Uint8Array
  appPeer: string
  devicePeer: string
  timeMs: number
}

export namespace LoginBody {
  let _codec: Codec<LoginBody>

  export const codec = (): Codec<LoginBody> => {
    if (_codec == null) {
      _codec = message<LoginBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.registrationId != null && obj.registrationId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.registrationId)
        }

        if ((obj.appPeer != null && obj.appPeer !== '')) {
          w.uint32(18)
          w.string(obj.appPeer)
        }

        if ((obj.devicePeer != null && obj.devicePeer !== '')) {
          w.uint32(26)
          w.string(obj.devicePeer)
        }

        if ((obj.timeMs != null && obj.timeMs !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.timeMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          registrationId: uint8ArrayAlloc(0),
          appPeer: '',
          devicePeer: '',
          timeMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.registrationId = reader.bytes()
              break
            }
            case 2: {
              obj.appPeer = reader.string()
              break
            }
            case 3: {
              obj.devicePeer = reader.string()
              break
            }
            case 4: {
              obj.timeMs = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.registrationId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.appPeer`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.devicePeer`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.timeMs`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface LoginBodyRegistrationIdFieldEvent {
    field: '$.registrationId'
    value: Uint8Array
  }

  export interface LoginBodyAppPeerFieldEvent {
    field: '$.appPeer'
    value: string
  }

  export interface LoginBodyDevicePeerFieldEvent {
    field: '$.devicePeer'
    value: string
  }

  export interface LoginBodyTimeMsFieldEvent {
    field: '$.timeMs'
    value: number
  }

  export function encode (obj: Partial<LoginBody>): Uint8Array {
    return encodeMessage(obj, LoginBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LoginBody>): LoginBody {
    return decodeMessage(buf, LoginBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LoginBody>): Generator<LoginBodyRegistrationIdFieldEvent | LoginBodyAppPeerFieldEvent | LoginBodyDevicePeerFieldEvent | LoginBodyTimeMsFieldEvent> {
    return streamMessage(buf, LoginBody.codec(), opts)
  }
}

export interface NonceBody {
  nonce: Uint8Array
  timeMs: number
  devicePeer: string
  appPeer: string
  registrationId: Uint8Array
}

export namespace NonceBody {
  let _codec: Codec<NonceBody>

  export const codec = (): Codec<NonceBody> => {
    if (_codec == null) {
      _codec = message<NonceBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.nonce)
        }

        if ((obj.timeMs != null && obj.timeMs !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.timeMs)
        }

        if ((obj.devicePeer != null && obj.devicePeer !== '')) {
          w.uint32(26)
          w.string(obj.devicePeer)
        }

        if ((obj.appPeer != null && obj.appPeer !== '')) {
          w.uint32(34)
          w.string(obj.appPeer)
        }

        if ((obj.registrationId != null && obj.registrationId.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.registrationId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          nonce: uint8ArrayAlloc(0),
          timeMs: 0,
          devicePeer: '',
          appPeer: '',
          registrationId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.nonce = reader.bytes()
              break
            }
            case 2: {
              obj.timeMs = reader.uint64Number()
              break
            }
            case 3: {
              obj.devicePeer = reader.string()
              break
            }
            case 4: {
              obj.appPeer = reader.string()
              break
            }
            case 5: {
              obj.registrationId = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.timeMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.devicePeer`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.appPeer`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.registrationId`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface NonceBodyNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array
  }

  export interface NonceBodyTimeMsFieldEvent {
    field: '$.timeMs'
    value: number
  }

  export interface NonceBodyDevicePeerFieldEvent {
    field: '$.devicePeer'
    value: string
  }

  export interface NonceBodyAppPeerFieldEvent {
    field: '$.appPeer'
    value: string
  }

  export interface NonceBodyRegistrationIdFieldEvent {
    field: '$.registrationId'
    value: Uint8Array
  }

  export function encode (obj: Partial<NonceBody>): Uint8Array {
    return encodeMessage(obj, NonceBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NonceBody>): NonceBody {
    return decodeMessage(buf, NonceBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NonceBody>): Generator<NonceBodyNonceFieldEvent | NonceBodyTimeMsFieldEvent | NonceBodyDevicePeerFieldEvent | NonceBodyAppPeerFieldEvent | NonceBodyRegistrationIdFieldEvent> {
    return streamMessage(buf, NonceBody.codec(), opts)
  }
}

export interface AuthAttempt {
  registrationId: Uint8Array
  appPeer: string
  login: Uint8Array
  loginSignature: Uint8Array
  h1: Uint8Array
  integrity?: AppIntegrity
  h3: Uint8Array
  nonce: Uint8Array
  nonceSignature: Uint8Array
  certification: Uint8Array
  attestation?: PlatformAttestation
}

export namespace AuthAttempt {
  let _codec: Codec<AuthAttempt>

  export const codec = (): Codec<AuthAttempt> => {
    if (_codec == null) {
      _codec = message<AuthAttempt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.registrationId != null && obj.registrationId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.registrationId)
        }

        if ((obj.appPeer != null && obj.appPeer !== '')) {
          w.uint32(18)
          w.string(obj.appPeer)
        }

        if ((obj.login != null && obj.login.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.login)
        }

        if ((obj.loginSignature != null && obj.loginSignature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.loginSignature)
        }

        if ((obj.h1 != null && obj.h1.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.h1)
        }

        if (obj.integrity != null) {
          w.uint32(50)
          AppIntegrity.codec().encode(obj.integrity, w)
        }

        if ((obj.h3 != null && obj.h3.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.h3)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.nonce)
        }

        if ((obj.nonceSignature != null && obj.nonceSignature.byteLength > 0)) {
          w.uint32(74)
          w.bytes(obj.nonceSignature)
        }

        if ((obj.certification != null && obj.certification.byteLength > 0)) {
          w.uint32(82)
          w.bytes(obj.certification)
        }

        if (obj.attestation != null) {
          w.uint32(90)
          PlatformAttestation.codec().encode(obj.attestation, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          registrationId: uint8ArrayAlloc(0),
          appPeer: '',
          login: uint8ArrayAlloc(0),
          loginSignature: uint8ArrayAlloc(0),
          h1: uint8ArrayAlloc(0),
          h3: uint8ArrayAlloc(0),
          nonce: uint8ArrayAlloc(0),
          nonceSignature: uint8ArrayAlloc(0),
          certification: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.registrationId = reader.bytes()
              break
            }
            case 2: {
              obj.appPeer = reader.string()
              break
            }
            case 3: {
              obj.login = reader.bytes()
              break
            }
            case 4: {
              obj.loginSignature = reader.bytes()
              break
            }
            case 5: {
              obj.h1 = reader.bytes()
              break
            }
            case 6: {
              obj.integrity = AppIntegrity.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.integrity
              })
              break
            }
            case 7: {
              obj.h3 = reader.bytes()
              break
            }
            case 8: {
              obj.nonce = reader.bytes()
              break
            }
            case 9: {
              obj.nonceSignature = reader.bytes()
              break
            }
            case 10: {
              obj.certification = reader.bytes()
              break
            }
            case 11: {
              obj.attestation = PlatformAttestation.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.attestation
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.registrationId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.appPeer`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.login`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.loginSignature`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.h1`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield * AppIntegrity.codec().stream(reader, reader.uint32(), `${prefix}.integrity`, {
                limits: opts.limits?.integrity
              })

              break
            }
            case 7: {
              yield {
                field: `${prefix}.h3`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.nonceSignature`,
                value: reader.bytes()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.certification`,
                value: reader.bytes()
              }
              break
            }
            case 11: {
              yield * PlatformAttestation.codec().stream(reader, reader.uint32(), `${prefix}.attestation`, {
                limits: opts.limits?.attestation
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AuthAttemptRegistrationIdFieldEvent {
    field: '$.registrationId'
    value: Uint8Array
  }

  export interface AuthAttemptAppPeerFieldEvent {
    field: '$.appPeer'
    value: string
  }

  export interface AuthAttemptLoginFieldEvent {
    field: '$.login'
    value: Uint8Array
  }

  export interface AuthAttemptLoginSignatureFieldEvent {
    field: '$.loginSignature'
    value: Uint8Array
  }

  export interface AuthAttemptH1FieldEvent {
    field: '$.h1'
    value: Uint8Array
  }

  export interface AuthAttemptIntegrityAppIdFieldEvent {
    field: '$.integrity.appId'
    value: string
  }

  export interface AuthAttemptIntegrityVersionFieldEvent {
    field: '$.integrity.version'
    value: string
  }

  export interface AuthAttemptIntegrityChecksumFieldEvent {
    field: '$.integrity.checksum'
    value: Uint8Array
  }

  export interface AuthAttemptH3FieldEvent {
    field: '$.h3'
    value: Uint8Array
  }

  export interface AuthAttemptNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array
  }

  export interface AuthAttemptNonceSignatureFieldEvent {
    field: '$.nonceSignature'
    value: Uint8Array
  }

  export interface AuthAttemptCertificationFieldEvent {
    field: '$.certification'
    value: Uint8Array
  }

  export interface AuthAttemptAttestationKindFieldEvent {
    field: '$.attestation.kind'
    value: AttestationKind
  }

  export interface AuthAttemptAttestationEvidenceFieldEvent {
    field: '$.attestation.evidence'
    value: Uint8Array
  }

  export function encode (obj: Partial<AuthAttempt>): Uint8Array {
    return encodeMessage(obj, AuthAttempt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuthAttempt>): AuthAttempt {
    return decodeMessage(buf, AuthAttempt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuthAttempt>): Generator<AuthAttemptRegistrationIdFieldEvent | AuthAttemptAppPeerFieldEvent | AuthAttemptLoginFieldEvent | AuthAttemptLoginSignatureFieldEvent | AuthAttemptH1FieldEvent | AuthAttemptIntegrityAppIdFieldEvent | AuthAttemptIntegrityVersionFieldEvent | AuthAttemptIntegrityChecksumFieldEvent | AuthAttemptH3FieldEvent | AuthAttemptNonceFieldEvent | AuthAttemptNonceSignatureFieldEvent | AuthAttemptCertificationFieldEvent | AuthAttemptAttestationKindFieldEvent | AuthAttemptAttestationEvidenceFieldEvent> {
    return streamMessage(buf, AuthAttempt.codec(), opts)
  }
}

export enum Verdict {
  VERDICT_UNSPECIFIED = 'VERDICT_UNSPECIFIED',
  GRANTED = 'GRANTED',
  UNKNOWN_DEVICE = 'UNKNOWN_DEVICE',
  DEVICE_REVOKED = 'DEVICE_REVOKED',
  UNKNOWN_REGISTRATION = 'UNKNOWN_REGISTRATION',
  REGISTRATION_REVOKED = 'REGISTRATION_REVOKED',
  LOCKED = 'LOCKED',
  BAD_LOGIN = 'BAD_LOGIN',
  STALE_LOGIN = 'STALE_LOGIN',
  WRONG_CHANNEL = 'WRONG_CHANNEL',
  INCOMPLETE = 'INCOMPLETE',
  UNKNOWN_RELEASE = 'UNKNOWN_RELEASE',
  RELEASE_REVOKED = 'RELEASE_REVOKED',
  CHECKSUM_MISMATCH = 'CHECKSUM_MISMATCH',
  INTEGRITY_MISMATCH = 'INTEGRITY_MISMATCH',
  REGISTRATION_HASH_MISMATCH = 'REGISTRATION_HASH_MISMATCH',
  BAD_NONCE = 'BAD_NONCE',
  STALE_NONCE = 'STALE_NONCE',
  NONCE_REUSED = 'NONCE_REUSED',
  BAD_CERTIFICATION = 'BAD_CERTIFICATION',
  ATTESTATION_UNSUPPORTED = 'ATTESTATION_UNSUPPORTED',
  ATTESTATION_INVALID = 'ATTESTATION_INVALID'
}

enum __VerdictValues {
  VERDICT_UNSPECIFIED = 0,
  GRANTED = 1,
  UNKNOWN_DEVICE = 2,
  DEVICE_REVOKED = 3,
  UNKNOWN_REGISTRATION = 4,
  REGISTRATION_REVOKED = 5,
  LOCKED = 6,
  BAD_LOGIN = 7,
  STALE_LOGIN = 8,
  WRONG_CHANNEL = 9,
  INCOMPLETE = 10,
  UNKNOWN_RELEASE = 11,
  RELEASE_REVOKED = 12,
  CHECKSUM_MISMATCH = 13,
  INTEGRITY_MISMATCH = 14,
  REGISTRATION_HASH_MISMATCH = 15,
  BAD_NONCE = 16,
  STALE_NONCE = 17,
  NONCE_REUSED = 18,
  BAD_CERTIFICATION = 19,
  ATTESTATION_UNSUPPORTED = 20,
  ATTESTATION_INVALID = 21
}

export namespace Verdict {
  export const codec = (): Codec<Verdict> => {
    return enumeration<Verdict>(__VerdictValues)
  }
}

export interface AuthVerdict {
  verdict: Verdict
  registrationId: Uint8Array
  failures: number
  locked: boolean
}

export namespace AuthVerdict {
  let _codec: Codec<AuthVerdict>

  export const codec = (): Codec<AuthVerdict> => {
    if (_codec == null) {
      _codec = message<AuthVerdict>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.verdict != null && __VerdictValues[obj.verdict] !== 0) {
          w.uint32(8)
          Verdict.codec().encode(obj.verdict, w)
        }

        if ((obj.registrationId != null && obj.registrationId.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.registrationId)
        }

        if ((obj.failures != null && obj.failures !== 0)) {
          w.uint32(24)
          w.uint32(obj.failures)
        }

        if ((obj.locked != null && obj.locked !== false)) {
          w.uint32(32)
          w.bool(obj.locked)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          verdict: Verdict.VERDICT_UNSPECIFIED,
          registrationId: uint8ArrayAlloc(0),
          failures: 0,
          locked: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.verdict = Verdict.codec().decode(reader)
              break
            }
            case 2: {
              obj.registrationId = reader.bytes()
              break
            }
            case 3: {
              obj.failures = reader.uint32()
              break
            }
            case 4: {
              obj.locked = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.verdict`,
                value: Verdict.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.registrationId`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.failures`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.locked`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AuthVerdictVerdictFieldEvent {
    field: '$.verdict'
    value: Verdict
  }

  export interface AuthVerdictRegistrationIdFieldEvent {
    field: '$.registrationId'
    value: Uint8Array
  }

  export interface AuthVerdictFailuresFieldEvent {
    field: '$.failures'
    value: number
  }

  export interface AuthVerdictLockedFieldEvent {
    field: '$.locked'
    value: boolean
  }

  export function encode (obj: Partial<AuthVerdict>): Uint8Array {
    return encodeMessage(obj, AuthVerdict.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuthVerdict>): AuthVerdict {
    return decodeMessage(buf, AuthVerdict.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AuthVerdict>): Generator<AuthVerdictVerdictFieldEvent | AuthVerdictRegistrationIdFieldEvent | AuthVerdictFailuresFieldEvent | AuthVerdictLockedFieldEvent> {
    return streamMessage(buf, AuthVerdict.codec(), opts)
  }
}

export interface RegistrationRecord {
  registrationId: Uint8Array
  deviceKey: Uint8Array
  userKey: Uint8Array
  h1: Uint8Array
  h2: Uint8Array
  h3: Uint8Array
  method?: CombinationMethod
  registrationHash: Uint8Array
  registeredHeight: number
  failures: number
  locked: boolean
  lockedHeight: number
  revoked: boolean
  revokedHeight: number
  attempts: number
}

export namespace RegistrationRecord {
  let _codec: Codec<RegistrationRecord>

  export const codec = (): Codec<RegistrationRecord> => {
    if (_codec == null) {
      _codec = message<RegistrationRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.registrationId != null && obj.registrationId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.registrationId)
        }

        if ((obj.deviceKey != null && obj.deviceKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.deviceKey)
        }

        if ((obj.userKey != null && obj.userKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.userKey)
        }

        if ((obj.h1 != null && obj.h1.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.h1)
        }

        if ((obj.h2 != null && obj.h2.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.h2)
        }

        if ((obj.h3 != null && obj.h3.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.h3)
        }

        if (obj.method != null) {
          w.uint32(58)
          CombinationMethod.codec().encode(obj.method, w)
        }

        if ((obj.registrationHash != null && obj.registrationHash.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.registrationHash)
        }

        if ((obj.registeredHeight != null && obj.registeredHeight !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.registeredHeight)
        }

        if ((obj.failures != null && obj.failures !== 0)) {
          w.uint32(80)
          w.uint32(obj.failures)
        }

        if ((obj.locked != null && obj.locked !== false)) {
          w.uint32(88)
          w.bool(obj.locked)
        }

        if ((obj.lockedHeight != null && obj.lockedHeight !== 0)) {
          w.uint32(96)
          w.uint64Number(obj.lockedHeight)
        }

        if ((obj.revoked != null && obj.revoked !== false)) {
          w.uint32(104)
          w.bool(obj.revoked)
        }

        if ((obj.revokedHeight != null && obj.revokedHeight !== 0)) {
          w.uint32(112)
          w.uint64Number(obj.revokedHeight)
        }

        if ((obj.attempts != null && obj.attempts !== 0)) {
          w.uint32(120)
          w.uint32(obj.attempts)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          registrationId: uint8ArrayAlloc(0),
          deviceKey: uint8ArrayAlloc(0),
          userKey: uint8ArrayAlloc(0),
          h1: uint8ArrayAlloc(0),
          h2: uint8ArrayAlloc(0),
          h3: uint8ArrayAlloc(0),
          registrationHash: uint8ArrayAlloc(0),
          registeredHeight: 0,
          failures: 0,
          locked: false,
          lockedHeight: 0,
          revoked: false,
          revokedHeight: 0,
          attempts: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.registrationId = reader.bytes()
              break
            }
            case 2: {
              obj.deviceKey = reader.bytes()
              break
            }
            case 3: {
              obj.userKey = reader.bytes()
              break
            }
            case 4: {
              obj.h1 = reader.bytes()
              break
            }
            case 5: {
              obj.h2 = reader.bytes()
              break
            }
            case 6: {
              obj.h3 = reader.bytes()
              break
            }
            case 7: {
              obj.method = CombinationMethod.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.method
              })
              break
            }
            case 8: {
              obj.registrationHash = reader.bytes()
              break
            }
            case 9: {
              obj.registeredHeight = reader.uint64Number()
              break
            }
            case 10: {
              obj.failures = reader.uint32()
              break
            }
            case 11: {
              obj.locked = reader.bool()
              break
            }
            case 12: {
              obj.lockedHeight = reader.uint64Number()
              break
            }
            case 13: {
              obj.revoked = reader.bool()
              break
            }
            case 14: {
              obj.revokedHeight = reader.uint64Number()
              break
            }
            case 15: {
              obj.attempts = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.registrationId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.deviceKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.userKey`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.h1`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.h2`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.h3`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield * CombinationMethod.codec().stream(reader, reader.uint32(), `${prefix}.method`, {
                limits: opts.limits?.method
              })

              break
            }
            case 8: {
              yield {
                field: `${prefix}.registrationHash`,
                value: reader.bytes()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.registeredHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.failures`,
                value: reader.uint32()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.locked`,
                value: reader.bool()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.lockedHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.revoked`,
                value: reader.bool()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.revokedHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 15: {
              yield {
                field: `${prefix}.attempts`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RegistrationRecordRegistrationIdFieldEvent {
    field: '$.registrationId'
    value: Uint8Array
  }

  export interface RegistrationRecordDeviceKeyFieldEvent {
    field: '$.deviceKey'
    value: Uint8Array
  }

  export interface RegistrationRecordUserKeyFieldEvent {
    field: '$.userKey'
    value: Uint8Array
  }

  export interface RegistrationRecordH1FieldEvent {
    field: '$.h1'
    value: Uint8Array
  }

  export interface RegistrationRecordH2FieldEvent {
    field: '$.h2'
    value: Uint8Array
  }

  export interface RegistrationRecordH3FieldEvent {
    field: '$.h3'
    value: Uint8Array
  }

  export interface RegistrationRecordMethodSelectionFieldEvent {
    field: '$.method.selection[]'
    index: number
    value: number
  }

  export interface RegistrationRecordMethodSaltFieldEvent {
    field: '$.method.salt'
    value: Uint8Array
  }

  export interface RegistrationRecordRegistrationHashFieldEvent {
    field: '$.registrationHash'
    value: Uint8Array
  }

  export interface RegistrationRecordRegisteredHeightFieldEvent {
    field: '$.registeredHeight'
    value: number
  }

  export interface RegistrationRecordFailuresFieldEvent {
    field: '$.failures'
    value: number
  }

  export interface RegistrationRecordLockedFieldEvent {
    field: '$.locked'
    value: boolean
  }

  export interface RegistrationRecordLockedHeightFieldEvent {
    field: '$.lockedHeight'
    value: number
  }

  export interface RegistrationRecordRevokedFieldEvent {
    field: '$.revoked'
    value: boolean
  }

  export interface RegistrationRecordRevokedHeightFieldEvent {
    field: '$.revokedHeight'
    value: number
  }

  export interface RegistrationRecordAttemptsFieldEvent {
    field: '$.attempts'
    value: number
  }

  export function encode (obj: Partial<RegistrationRecord>): Uint8Array {
    return encodeMessage(obj, RegistrationRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegistrationRecord>): RegistrationRecord {
    return decodeMessage(buf, RegistrationRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegistrationRecord>): Generator<RegistrationRecordRegistrationIdFieldEvent | RegistrationRecordDeviceKeyFieldEvent | RegistrationRecordUserKeyFieldEvent | RegistrationRecordH1FieldEvent | RegistrationRecordH2FieldEvent | RegistrationRecordH3FieldEvent | RegistrationRecordMethodSelectionFieldEvent | RegistrationRecordMethodSaltFieldEvent | RegistrationRecordRegistrationHashFieldEvent | RegistrationRecordRegisteredHeightFieldEvent | RegistrationRecordFailuresFieldEvent | RegistrationRecordLockedFieldEvent | RegistrationRecordLockedHeightFieldEvent | RegistrationRecordRevokedFieldEvent | RegistrationRecordRevokedHeightFieldEvent | RegistrationRecordAttemptsFieldEvent> {
    return streamMessage(buf, RegistrationRecord.codec(), opts)
  }
}

export interface DeviceRecord {
  deviceKey: Uint8Array
  vendorKey: Uint8Array
  h3: Uint8Array
  model: string
  registeredHeight: number
  revoked: boolean
  revokedHeight: number
  attempts: number
}

export namespace DeviceRecord {
  let _codec: Codec<DeviceRecord>

  export const codec = (): Codec<DeviceRecord> => {
    if (_codec == null) {
      _codec = message<DeviceRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.deviceKey != null && obj.deviceKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.deviceKey)
        }

        if ((obj.vendorKey != null && obj.vendorKey.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.vendorKey)
        }

        if ((obj.h3 != null && obj.h3.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.h3)
        }

        if ((obj.model != null && obj.model !== '')) {
          w.uint32(34)
          w.string(obj.model)
        }

        if ((obj.registeredHeight != null && obj.registeredHeight !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.registeredHeight)
        }

        if ((obj.revoked != null && obj.revoked !== false)) {
          w.uint32(48)
          w.bool(obj.revoked)
        }

        if ((obj.revokedHeight != null && obj.revokedHeight !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.revokedHeight)
        }

        if ((obj.attempts != null && obj.attempts !== 0)) {
          w.uint32(64)
          w.uint32(obj.attempts)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          deviceKey: uint8ArrayAlloc(0),
          vendorKey: uint8ArrayAlloc(0),
          h3: uint8ArrayAlloc(0),
          model: '',
          registeredHeight: 0,
          revoked: false,
          revokedHeight: 0,
          attempts: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.deviceKey = reader.bytes()
              break
            }
            case 2: {
              obj.vendorKey = reader.bytes()
              break
            }
            case 3: {
              obj.h3 = reader.bytes()
              break
            }
            case 4: {
              obj.model = reader.string()
              break
            }
            case 5: {
              obj.registeredHeight = reader.uint64Number()
              break
            }
            case 6: {
              obj.revoked = reader.bool()
              break
            }
            case 7: {
              obj.revokedHeight = reader.uint64Number()
              break
            }
            case 8: {
              obj.attempts = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.deviceKey`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.vendorKey`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.h3`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.model`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.registeredHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.revoked`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.revokedHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.attempts`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DeviceRecordDeviceKeyFieldEvent {
    field: '$.deviceKey'
    value: Uint8Array
  }

  export interface DeviceRecordVendorKeyFieldEvent {
    field: '$.vendorKey'
    value: Uint8Array
  }

  export interface DeviceRecordH3FieldEvent {
    field: '$.h3'
    value: Uint8Array
  }

  export interface DeviceRecordModelFieldEvent {
    field: '$.model'
    value: string
  }

  export interface DeviceRecordRegisteredHeightFieldEvent {
    field: '$.registeredHeight'
    value: number
  }

  export interface DeviceRecordRevokedFieldEvent {
    field: '$.revoked'
    value: boolean
  }

  export interface DeviceRecordRevokedHeightFieldEvent {
    field: '$.revokedHeight'
    value: number
  }

  export interface DeviceRecordAttemptsFieldEvent {
    field: '$.attempts'
    value: number
  }

  export function encode (obj: Partial<DeviceRecord>): Uint8Array {
    return encodeMessage(obj, DeviceRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceRecord>): DeviceRecord {
    return decodeMessage(buf, DeviceRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceRecord>): Generator<DeviceRecordDeviceKeyFieldEvent | DeviceRecordVendorKeyFieldEvent | DeviceRecordH3FieldEvent | DeviceRecordModelFieldEvent | DeviceRecordRegisteredHeightFieldEvent | DeviceRecordRevokedFieldEvent | DeviceRecordRevokedHeightFieldEvent | DeviceRecordAttemptsFieldEvent> {
    return streamMessage(buf, DeviceRecord.codec(), opts)
  }
}

export interface AppMessage {
  pair?: PairRequest
  register?: RegistrationSubmit
  login?: Login
  certification?: CertificationValue
  command?: Command
}

export namespace AppMessage {
  let _codec: Codec<AppMessage>

  export const codec = (): Codec<AppMessage> => {
    if (_codec == null) {
      _codec = message<AppMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.pair != null) {
          w.uint32(10)
          PairRequest.codec().encode(obj.pair, w)
        }

        if (obj.register != null) {
          w.uint32(18)
          RegistrationSubmit.codec().encode(obj.register, w)
        }

        if (obj.login != null) {
          w.uint32(26)
          Login.codec().encode(obj.login, w)
        }

        if (obj.certification != null) {
          w.uint32(34)
          CertificationValue.codec().encode(obj.certification, w)
        }

        if (obj.command != null) {
          w.uint32(42)
          Command.codec().encode(obj.command, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.pair = PairRequest.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pair
              })
              break
            }
            case 2: {
              obj.register = RegistrationSubmit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.register
              })
              break
            }
            case 3: {
              obj.login = Login.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.login
              })
              break
            }
            case 4: {
              obj.certification = CertificationValue.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.certification
              })
              break
            }
            case 5: {
              obj.command = Command.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.command
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * PairRequest.codec().stream(reader, reader.uint32(), `${prefix}.pair`, {
                limits: opts.limits?.pair
              })

              break
            }
            case 2: {
              yield * RegistrationSubmit.codec().stream(reader, reader.uint32(), `${prefix}.register`, {
                limits: opts.limits?.register
              })

              break
            }
            case 3: {
              yield * Login.codec().stream(reader, reader.uint32(), `${prefix}.login`, {
                limits: opts.limits?.login
              })

              break
            }
            case 4: {
              yield * CertificationValue.codec().stream(reader, reader.uint32(), `${prefix}.certification`, {
                limits: opts.limits?.certification
              })

              break
            }
            case 5: {
              yield * Command.codec().stream(reader, reader.uint32(), `${prefix}.command`, {
                limits: opts.limits?.command
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AppMessagePairPairingCodeFieldEvent {
    field: '$.pair.pairingCode'
    value: string
  }

  export interface AppMessagePairH1FieldEvent {
    field: '$.pair.h1'
    value: Uint8Array
  }

  export interface AppMessagePairH2FieldEvent {
    field: '$.pair.h2'
    value: Uint8Array
  }

  export interface AppMessagePairMethodSelectionFieldEvent {
    field: '$.pair.method.selection[]'
    index: number
    value: number
  }

  export interface AppMessagePairMethodSaltFieldEvent {
    field: '$.pair.method.salt'
    value: Uint8Array
  }

  export interface AppMessageRegisterTxFieldEvent {
    field: '$.register.tx'
    value: Uint8Array
  }

  export interface AppMessageLoginLoginFieldEvent {
    field: '$.login.login'
    value: Uint8Array
  }

  export interface AppMessageLoginLoginSignatureFieldEvent {
    field: '$.login.loginSignature'
    value: Uint8Array
  }

  export interface AppMessageLoginH1FieldEvent {
    field: '$.login.h1'
    value: Uint8Array
  }

  export interface AppMessageLoginIntegrityAppIdFieldEvent {
    field: '$.login.integrity.appId'
    value: string
  }

  export interface AppMessageLoginIntegrityVersionFieldEvent {
    field: '$.login.integrity.version'
    value: string
  }

  export interface AppMessageLoginIntegrityChecksumFieldEvent {
    field: '$.login.integrity.checksum'
    value: Uint8Array
  }

  export interface AppMessageLoginAttestationKindFieldEvent {
    field: '$.login.attestation.kind'
    value: AttestationKind
  }

  export interface AppMessageLoginAttestationEvidenceFieldEvent {
    field: '$.login.attestation.evidence'
    value: Uint8Array
  }

  export interface AppMessageCertificationSignatureFieldEvent {
    field: '$.certification.signature'
    value: Uint8Array
  }

  export interface AppMessageCommandSeqFieldEvent {
    field: '$.command.seq'
    value: number
  }

  export interface AppMessageCommandNameFieldEvent {
    field: '$.command.name'
    value: string
  }

  export function encode (obj: Partial<AppMessage>): Uint8Array {
    return encodeMessage(obj, AppMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppMessage>): AppMessage {
    return decodeMessage(buf, AppMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AppMessage>): Generator<AppMessagePairPairingCodeFieldEvent | AppMessagePairH1FieldEvent | AppMessagePairH2FieldEvent | AppMessagePairMethodSelectionFieldEvent | AppMessagePairMethodSaltFieldEvent | AppMessageRegisterTxFieldEvent | AppMessageLoginLoginFieldEvent | AppMessageLoginLoginSignatureFieldEvent | AppMessageLoginH1FieldEvent | AppMessageLoginIntegrityAppIdFieldEvent | AppMessageLoginIntegrityVersionFieldEvent | AppMessageLoginIntegrityChecksumFieldEvent | AppMessageLoginAttestationKindFieldEvent | AppMessageLoginAttestationEvidenceFieldEvent | AppMessageCertificationSignatureFieldEvent | AppMessageCommandSeqFieldEvent | AppMessageCommandNameFieldEvent> {
    return streamMessage(buf, AppMessage.codec(), opts)
  }
}

export interface DeviceMessage {
  error?: DeviceError
  pair?: PairResponse
  registered?: RegistrationResult
  challenge?: NonceChallenge
  verdict?: VerdictMessage
  result?: CommandResult
}

export namespace DeviceMessage {
  let _codec: Codec<DeviceMessage>

  export const codec = (): Codec<DeviceMessage> => {
    if (_codec == null) {
      _codec = message<DeviceMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.error != null) {
          w.uint32(10)
          DeviceError.codec().encode(obj.error, w)
        }

        if (obj.pair != null) {
          w.uint32(18)
          PairResponse.codec().encode(obj.pair, w)
        }

        if (obj.registered != null) {
          w.uint32(26)
          RegistrationResult.codec().encode(obj.registered, w)
        }

        if (obj.challenge != null) {
          w.uint32(34)
          NonceChallenge.codec().encode(obj.challenge, w)
        }

        if (obj.verdict != null) {
          w.uint32(42)
          VerdictMessage.codec().encode(obj.verdict, w)
        }

        if (obj.result != null) {
          w.uint32(50)
          CommandResult.codec().encode(obj.result, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.error = DeviceError.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.error
              })
              break
            }
            case 2: {
              obj.pair = PairResponse.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.pair
              })
              break
            }
            case 3: {
              obj.registered = RegistrationResult.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.registered
              })
              break
            }
            case 4: {
              obj.challenge = NonceChallenge.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.challenge
              })
              break
            }
            case 5: {
              obj.verdict = VerdictMessage.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.verdict
              })
              break
            }
            case 6: {
              obj.result = CommandResult.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.result
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * DeviceError.codec().stream(reader, reader.uint32(), `${prefix}.error`, {
                limits: opts.limits?.error
              })

              break
            }
            case 2: {
              yield * PairResponse.codec().stream(reader, reader.uint32(), `${prefix}.pair`, {
                limits: opts.limits?.pair
              })

              break
            }
            case 3: {
              yield * RegistrationResult.codec().stream(reader, reader.uint32(), `${prefix}.registered`, {
                limits: opts.limits?.registered
              })

              break
            }
            case 4: {
              yield * NonceChallenge.codec().stream(reader, reader.uint32(), `${prefix}.challenge`, {
                limits: opts.limits?.challenge
              })

              break
            }
            case 5: {
              yield * VerdictMessage.codec().stream(reader, reader.uint32(), `${prefix}.verdict`, {
                limits: opts.limits?.verdict
              })

              break
            }
            case 6: {
              yield * CommandResult.codec().stream(reader, reader.uint32(), `${prefix}.result`, {
                limits: opts.limits?.result
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DeviceMessageErrorCodeFieldEvent {
    field: '$.error.code'
    value: DeviceErrorCode
  }

  export interface DeviceMessageErrorMessageFieldEvent {
    field: '$.error.message'
    value: string
  }

  export interface DeviceMessageErrorReceiptHeaderFieldEvent {
    field: '$.error.receipt.header'
    value: Uint8Array
  }

  export interface DeviceMessageErrorReceiptCertificateFieldEvent {
    field: '$.error.receipt.certificate'
    value: Uint8Array
  }

  export interface DeviceMessageErrorReceiptTxFieldEvent {
    field: '$.error.receipt.tx'
    value: Uint8Array
  }

  export interface DeviceMessageErrorReceiptTxProofIndexFieldEvent {
    field: '$.error.receipt.txProof.index'
    value: number
  }

  export interface DeviceMessageErrorReceiptTxProofTotalFieldEvent {
    field: '$.error.receipt.txProof.total'
    value: number
  }

  export interface DeviceMessageErrorReceiptTxProofSiblingsFieldEvent {
    field: '$.error.receipt.txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface DeviceMessageErrorReceiptResultFieldEvent {
    field: '$.error.receipt.result'
    value: Uint8Array
  }

  export interface DeviceMessageErrorReceiptResultProofIndexFieldEvent {
    field: '$.error.receipt.resultProof.index'
    value: number
  }

  export interface DeviceMessageErrorReceiptResultProofTotalFieldEvent {
    field: '$.error.receipt.resultProof.total'
    value: number
  }

  export interface DeviceMessageErrorReceiptResultProofSiblingsFieldEvent {
    field: '$.error.receipt.resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface DeviceMessagePairRegistrationFieldEvent {
    field: '$.pair.registration'
    value: Uint8Array
  }

  export interface DeviceMessagePairDeviceSignatureFieldEvent {
    field: '$.pair.deviceSignature'
    value: Uint8Array
  }

  export interface DeviceMessageRegisteredReceiptHeaderFieldEvent {
    field: '$.registered.receipt.header'
    value: Uint8Array
  }

  export interface DeviceMessageRegisteredReceiptCertificateFieldEvent {
    field: '$.registered.receipt.certificate'
    value: Uint8Array
  }

  export interface DeviceMessageRegisteredReceiptTxFieldEvent {
    field: '$.registered.receipt.tx'
    value: Uint8Array
  }

  export interface DeviceMessageRegisteredReceiptTxProofIndexFieldEvent {
    field: '$.registered.receipt.txProof.index'
    value: number
  }

  export interface DeviceMessageRegisteredReceiptTxProofTotalFieldEvent {
    field: '$.registered.receipt.txProof.total'
    value: number
  }

  export interface DeviceMessageRegisteredReceiptTxProofSiblingsFieldEvent {
    field: '$.registered.receipt.txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface DeviceMessageRegisteredReceiptResultFieldEvent {
    field: '$.registered.receipt.result'
    value: Uint8Array
  }

  export interface DeviceMessageRegisteredReceiptResultProofIndexFieldEvent {
    field: '$.registered.receipt.resultProof.index'
    value: number
  }

  export interface DeviceMessageRegisteredReceiptResultProofTotalFieldEvent {
    field: '$.registered.receipt.resultProof.total'
    value: number
  }

  export interface DeviceMessageRegisteredReceiptResultProofSiblingsFieldEvent {
    field: '$.registered.receipt.resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface DeviceMessageChallengeNonceFieldEvent {
    field: '$.challenge.nonce'
    value: Uint8Array
  }

  export interface DeviceMessageChallengeNonceSignatureFieldEvent {
    field: '$.challenge.nonceSignature'
    value: Uint8Array
  }

  export interface DeviceMessageVerdictReceiptHeaderFieldEvent {
    field: '$.verdict.receipt.header'
    value: Uint8Array
  }

  export interface DeviceMessageVerdictReceiptCertificateFieldEvent {
    field: '$.verdict.receipt.certificate'
    value: Uint8Array
  }

  export interface DeviceMessageVerdictReceiptTxFieldEvent {
    field: '$.verdict.receipt.tx'
    value: Uint8Array
  }

  export interface DeviceMessageVerdictReceiptTxProofIndexFieldEvent {
    field: '$.verdict.receipt.txProof.index'
    value: number
  }

  export interface DeviceMessageVerdictReceiptTxProofTotalFieldEvent {
    field: '$.verdict.receipt.txProof.total'
    value: number
  }

  export interface DeviceMessageVerdictReceiptTxProofSiblingsFieldEvent {
    field: '$.verdict.receipt.txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface DeviceMessageVerdictReceiptResultFieldEvent {
    field: '$.verdict.receipt.result'
    value: Uint8Array
  }

  export interface DeviceMessageVerdictReceiptResultProofIndexFieldEvent {
    field: '$.verdict.receipt.resultProof.index'
    value: number
  }

  export interface DeviceMessageVerdictReceiptResultProofTotalFieldEvent {
    field: '$.verdict.receipt.resultProof.total'
    value: number
  }

  export interface DeviceMessageVerdictReceiptResultProofSiblingsFieldEvent {
    field: '$.verdict.receipt.resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface DeviceMessageVerdictSessionExpiresMsFieldEvent {
    field: '$.verdict.sessionExpiresMs'
    value: number
  }

  export interface DeviceMessageResultSeqFieldEvent {
    field: '$.result.seq'
    value: number
  }

  export interface DeviceMessageResultStateFieldEvent {
    field: '$.result.state'
    value: string
  }

  export interface DeviceMessageResultAttemptTxIdFieldEvent {
    field: '$.result.attemptTxId'
    value: Uint8Array
  }

  export function encode (obj: Partial<DeviceMessage>): Uint8Array {
    return encodeMessage(obj, DeviceMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceMessage>): DeviceMessage {
    return decodeMessage(buf, DeviceMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceMessage>): Generator<DeviceMessageErrorCodeFieldEvent | DeviceMessageErrorMessageFieldEvent | DeviceMessageErrorReceiptHeaderFieldEvent | DeviceMessageErrorReceiptCertificateFieldEvent | DeviceMessageErrorReceiptTxFieldEvent | DeviceMessageErrorReceiptTxProofIndexFieldEvent | DeviceMessageErrorReceiptTxProofTotalFieldEvent | DeviceMessageErrorReceiptTxProofSiblingsFieldEvent | DeviceMessageErrorReceiptResultFieldEvent | DeviceMessageErrorReceiptResultProofIndexFieldEvent | DeviceMessageErrorReceiptResultProofTotalFieldEvent | DeviceMessageErrorReceiptResultProofSiblingsFieldEvent | DeviceMessagePairRegistrationFieldEvent | DeviceMessagePairDeviceSignatureFieldEvent | DeviceMessageRegisteredReceiptHeaderFieldEvent | DeviceMessageRegisteredReceiptCertificateFieldEvent | DeviceMessageRegisteredReceiptTxFieldEvent | DeviceMessageRegisteredReceiptTxProofIndexFieldEvent | DeviceMessageRegisteredReceiptTxProofTotalFieldEvent | DeviceMessageRegisteredReceiptTxProofSiblingsFieldEvent | DeviceMessageRegisteredReceiptResultFieldEvent | DeviceMessageRegisteredReceiptResultProofIndexFieldEvent | DeviceMessageRegisteredReceiptResultProofTotalFieldEvent | DeviceMessageRegisteredReceiptResultProofSiblingsFieldEvent | DeviceMessageChallengeNonceFieldEvent | DeviceMessageChallengeNonceSignatureFieldEvent | DeviceMessageVerdictReceiptHeaderFieldEvent | DeviceMessageVerdictReceiptCertificateFieldEvent | DeviceMessageVerdictReceiptTxFieldEvent | DeviceMessageVerdictReceiptTxProofIndexFieldEvent | DeviceMessageVerdictReceiptTxProofTotalFieldEvent | DeviceMessageVerdictReceiptTxProofSiblingsFieldEvent | DeviceMessageVerdictReceiptResultFieldEvent | DeviceMessageVerdictReceiptResultProofIndexFieldEvent | DeviceMessageVerdictReceiptResultProofTotalFieldEvent | DeviceMessageVerdictReceiptResultProofSiblingsFieldEvent | DeviceMessageVerdictSessionExpiresMsFieldEvent | DeviceMessageResultSeqFieldEvent | DeviceMessageResultStateFieldEvent | DeviceMessageResultAttemptTxIdFieldEvent> {
    return streamMessage(buf, DeviceMessage.codec(), opts)
  }
}

export interface PairRequest {
  pairingCode: string
  h1: Uint8Array
  h2: Uint8Array
  method?: CombinationMethod
}

export namespace PairRequest {
  let _codec: Codec<PairRequest>

  export const codec = (): Codec<PairRequest> => {
    if (_codec == null) {
      _codec = message<PairRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.pairingCode != null && obj.pairingCode !== '')) {
          w.uint32(10)
          w.string(obj.pairingCode)
        }

        if ((obj.h1 != null && obj.h1.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.h1)
        }

        if ((obj.h2 != null && obj.h2.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.h2)
        }

        if (obj.method != null) {
          w.uint32(34)
          CombinationMethod.codec().encode(obj.method, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          pairingCode: '',
          h1: uint8ArrayAlloc(0),
          h2: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.pairingCode = reader.string()
              break
            }
            case 2: {
              obj.h1 = reader.bytes()
              break
            }
            case 3: {
              obj.h2 = reader.bytes()
              break
            }
            case 4: {
              obj.method = CombinationMethod.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.method
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.pairingCode`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.h1`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.h2`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield * CombinationMethod.codec().stream(reader, reader.uint32(), `${prefix}.method`, {
                limits: opts.limits?.method
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PairRequestPairingCodeFieldEvent {
    field: '$.pairingCode'
    value: string
  }

  export interface PairRequestH1FieldEvent {
    field: '$.h1'
    value: Uint8Array
  }

  export interface PairRequestH2FieldEvent {
    field: '$.h2'
    value: Uint8Array
  }

  export interface PairRequestMethodSelectionFieldEvent {
    field: '$.method.selection[]'
    index: number
    value: number
  }

  export interface PairRequestMethodSaltFieldEvent {
    field: '$.method.salt'
    value: Uint8Array
  }

  export function encode (obj: Partial<PairRequest>): Uint8Array {
    return encodeMessage(obj, PairRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PairRequest>): PairRequest {
    return decodeMessage(buf, PairRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PairRequest>): Generator<PairRequestPairingCodeFieldEvent | PairRequestH1FieldEvent | PairRequestH2FieldEvent | PairRequestMethodSelectionFieldEvent | PairRequestMethodSaltFieldEvent> {
    return streamMessage(buf, PairRequest.codec(), opts)
  }
}

export interface PairResponse {
  registration: Uint8Array
  deviceSignature: Uint8Array
}

export namespace PairResponse {
  let _codec: Codec<PairResponse>

  export const codec = (): Codec<PairResponse> => {
    if (_codec == null) {
      _codec = message<PairResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.registration != null && obj.registration.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.registration)
        }

        if ((obj.deviceSignature != null && obj.deviceSignature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.deviceSignature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          registration: uint8ArrayAlloc(0),
          deviceSignature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.registration = reader.bytes()
              break
            }
            case 2: {
              obj.deviceSignature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.registration`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.deviceSignature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PairResponseRegistrationFieldEvent {
    field: '$.registration'
    value: Uint8Array
  }

  export interface PairResponseDeviceSignatureFieldEvent {
    field: '$.deviceSignature'
    value: Uint8Array
  }

  export function encode (obj: Partial<PairResponse>): Uint8Array {
    return encodeMessage(obj, PairResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PairResponse>): PairResponse {
    return decodeMessage(buf, PairResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PairResponse>): Generator<PairResponseRegistrationFieldEvent | PairResponseDeviceSignatureFieldEvent> {
    return streamMessage(buf, PairResponse.codec(), opts)
  }
}

export interface RegistrationSubmit {
  tx: Uint8Array
}

export namespace RegistrationSubmit {
  let _codec: Codec<RegistrationSubmit>

  export const codec = (): Codec<RegistrationSubmit> => {
    if (_codec == null) {
      _codec = message<RegistrationSubmit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.tx != null && obj.tx.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.tx)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          tx: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.tx = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.tx`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RegistrationSubmitTxFieldEvent {
    field: '$.tx'
    value: Uint8Array
  }

  export function encode (obj: Partial<RegistrationSubmit>): Uint8Array {
    return encodeMessage(obj, RegistrationSubmit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegistrationSubmit>): RegistrationSubmit {
    return decodeMessage(buf, RegistrationSubmit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegistrationSubmit>): Generator<RegistrationSubmitTxFieldEvent> {
    return streamMessage(buf, RegistrationSubmit.codec(), opts)
  }
}

export interface RegistrationResult {
  receipt?: Receipt
}

export namespace RegistrationResult {
  let _codec: Codec<RegistrationResult>

  export const codec = (): Codec<RegistrationResult> => {
    if (_codec == null) {
      _codec = message<RegistrationResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.receipt != null) {
          w.uint32(10)
          Receipt.codec().encode(obj.receipt, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.receipt = Receipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipt
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * Receipt.codec().stream(reader, reader.uint32(), `${prefix}.receipt`, {
                limits: opts.limits?.receipt
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RegistrationResultReceiptHeaderFieldEvent {
    field: '$.receipt.header'
    value: Uint8Array
  }

  export interface RegistrationResultReceiptCertificateFieldEvent {
    field: '$.receipt.certificate'
    value: Uint8Array
  }

  export interface RegistrationResultReceiptTxFieldEvent {
    field: '$.receipt.tx'
    value: Uint8Array
  }

  export interface RegistrationResultReceiptTxProofIndexFieldEvent {
    field: '$.receipt.txProof.index'
    value: number
  }

  export interface RegistrationResultReceiptTxProofTotalFieldEvent {
    field: '$.receipt.txProof.total'
    value: number
  }

  export interface RegistrationResultReceiptTxProofSiblingsFieldEvent {
    field: '$.receipt.txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface RegistrationResultReceiptResultFieldEvent {
    field: '$.receipt.result'
    value: Uint8Array
  }

  export interface RegistrationResultReceiptResultProofIndexFieldEvent {
    field: '$.receipt.resultProof.index'
    value: number
  }

  export interface RegistrationResultReceiptResultProofTotalFieldEvent {
    field: '$.receipt.resultProof.total'
    value: number
  }

  export interface RegistrationResultReceiptResultProofSiblingsFieldEvent {
    field: '$.receipt.resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<RegistrationResult>): Uint8Array {
    return encodeMessage(obj, RegistrationResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegistrationResult>): RegistrationResult {
    return decodeMessage(buf, RegistrationResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegistrationResult>): Generator<RegistrationResultReceiptHeaderFieldEvent | RegistrationResultReceiptCertificateFieldEvent | RegistrationResultReceiptTxFieldEvent | RegistrationResultReceiptTxProofIndexFieldEvent | RegistrationResultReceiptTxProofTotalFieldEvent | RegistrationResultReceiptTxProofSiblingsFieldEvent | RegistrationResultReceiptResultFieldEvent | RegistrationResultReceiptResultProofIndexFieldEvent | RegistrationResultReceiptResultProofTotalFieldEvent | RegistrationResultReceiptResultProofSiblingsFieldEvent> {
    return streamMessage(buf, RegistrationResult.codec(), opts)
  }
}

export interface Login {
  login: Uint8Array
  loginSignature: Uint8Array
  h1: Uint8Array
  integrity?: AppIntegrity
  attestation?: PlatformAttestation
}

export namespace Login {
  let _codec: Codec<Login>

  export const codec = (): Codec<Login> => {
    if (_codec == null) {
      _codec = message<Login>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.login != null && obj.login.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.login)
        }

        if ((obj.loginSignature != null && obj.loginSignature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.loginSignature)
        }

        if ((obj.h1 != null && obj.h1.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.h1)
        }

        if (obj.integrity != null) {
          w.uint32(34)
          AppIntegrity.codec().encode(obj.integrity, w)
        }

        if (obj.attestation != null) {
          w.uint32(42)
          PlatformAttestation.codec().encode(obj.attestation, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          login: uint8ArrayAlloc(0),
          loginSignature: uint8ArrayAlloc(0),
          h1: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.login = reader.bytes()
              break
            }
            case 2: {
              obj.loginSignature = reader.bytes()
              break
            }
            case 3: {
              obj.h1 = reader.bytes()
              break
            }
            case 4: {
              obj.integrity = AppIntegrity.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.integrity
              })
              break
            }
            case 5: {
              obj.attestation = PlatformAttestation.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.attestation
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.login`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.loginSignature`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.h1`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield * AppIntegrity.codec().stream(reader, reader.uint32(), `${prefix}.integrity`, {
                limits: opts.limits?.integrity
              })

              break
            }
            case 5: {
              yield * PlatformAttestation.codec().stream(reader, reader.uint32(), `${prefix}.attestation`, {
                limits: opts.limits?.attestation
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface LoginLoginFieldEvent {
    field: '$.login'
    value: Uint8Array
  }

  export interface LoginLoginSignatureFieldEvent {
    field: '$.loginSignature'
    value: Uint8Array
  }

  export interface LoginH1FieldEvent {
    field: '$.h1'
    value: Uint8Array
  }

  export interface LoginIntegrityAppIdFieldEvent {
    field: '$.integrity.appId'
    value: string
  }

  export interface LoginIntegrityVersionFieldEvent {
    field: '$.integrity.version'
    value: string
  }

  export interface LoginIntegrityChecksumFieldEvent {
    field: '$.integrity.checksum'
    value: Uint8Array
  }

  export interface LoginAttestationKindFieldEvent {
    field: '$.attestation.kind'
    value: AttestationKind
  }

  export interface LoginAttestationEvidenceFieldEvent {
    field: '$.attestation.evidence'
    value: Uint8Array
  }

  export function encode (obj: Partial<Login>): Uint8Array {
    return encodeMessage(obj, Login.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Login>): Login {
    return decodeMessage(buf, Login.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Login>): Generator<LoginLoginFieldEvent | LoginLoginSignatureFieldEvent | LoginH1FieldEvent | LoginIntegrityAppIdFieldEvent | LoginIntegrityVersionFieldEvent | LoginIntegrityChecksumFieldEvent | LoginAttestationKindFieldEvent | LoginAttestationEvidenceFieldEvent> {
    return streamMessage(buf, Login.codec(), opts)
  }
}

export interface NonceChallenge {
  nonce: Uint8Array
  nonceSignature: Uint8Array
}

export namespace NonceChallenge {
  let _codec: Codec<NonceChallenge>

  export const codec = (): Codec<NonceChallenge> => {
    if (_codec == null) {
      _codec = message<NonceChallenge>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.nonce)
        }

        if ((obj.nonceSignature != null && obj.nonceSignature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.nonceSignature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          nonce: uint8ArrayAlloc(0),
          nonceSignature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.nonce = reader.bytes()
              break
            }
            case 2: {
              obj.nonceSignature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.nonceSignature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface NonceChallengeNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array
  }

  export interface NonceChallengeNonceSignatureFieldEvent {
    field: '$.nonceSignature'
    value: Uint8Array
  }

  export function encode (obj: Partial<NonceChallenge>): Uint8Array {
    return encodeMessage(obj, NonceChallenge.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NonceChallenge>): NonceChallenge {
    return decodeMessage(buf, NonceChallenge.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NonceChallenge>): Generator<NonceChallengeNonceFieldEvent | NonceChallengeNonceSignatureFieldEvent> {
    return streamMessage(buf, NonceChallenge.codec(), opts)
  }
}

export interface CertificationValue {
  signature: Uint8Array
}

export namespace CertificationValue {
  let _codec: Codec<CertificationValue>

  export const codec = (): Codec<CertificationValue> => {
    if (_codec == null) {
      _codec = message<CertificationValue>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CertificationValueSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export function encode (obj: Partial<CertificationValue>): Uint8Array {
    return encodeMessage(obj, CertificationValue.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CertificationValue>): CertificationValue {
    return decodeMessage(buf, CertificationValue.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CertificationValue>): Generator<CertificationValueSignatureFieldEvent> {
    return streamMessage(buf, CertificationValue.codec(), opts)
  }
}

export interface VerdictMessage {
  receipt?: Receipt
  sessionExpiresMs: number
}

export namespace VerdictMessage {
  let _codec: Codec<VerdictMessage>

  export const codec = (): Codec<VerdictMessage> => {
    if (_codec == null) {
      _codec = message<VerdictMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.receipt != null) {
          w.uint32(10)
          Receipt.codec().encode(obj.receipt, w)
        }

        if ((obj.sessionExpiresMs != null && obj.sessionExpiresMs !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.sessionExpiresMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          sessionExpiresMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.receipt = Receipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipt
              })
              break
            }
            case 2: {
              obj.sessionExpiresMs = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * Receipt.codec().stream(reader, reader.uint32(), `${prefix}.receipt`, {
                limits: opts.limits?.receipt
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.sessionExpiresMs`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface VerdictMessageReceiptHeaderFieldEvent {
    field: '$.receipt.header'
    value: Uint8Array
  }

  export interface VerdictMessageReceiptCertificateFieldEvent {
    field: '$.receipt.certificate'
    value: Uint8Array
  }

  export interface VerdictMessageReceiptTxFieldEvent {
    field: '$.receipt.tx'
    value: Uint8Array
  }

  export interface VerdictMessageReceiptTxProofIndexFieldEvent {
    field: '$.receipt.txProof.index'
    value: number
  }

  export interface VerdictMessageReceiptTxProofTotalFieldEvent {
    field: '$.receipt.txProof.total'
    value: number
  }

  export interface VerdictMessageReceiptTxProofSiblingsFieldEvent {
    field: '$.receipt.txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface VerdictMessageReceiptResultFieldEvent {
    field: '$.receipt.result'
    value: Uint8Array
  }

  export interface VerdictMessageReceiptResultProofIndexFieldEvent {
    field: '$.receipt.resultProof.index'
    value: number
  }

  export interface VerdictMessageReceiptResultProofTotalFieldEvent {
    field: '$.receipt.resultProof.total'
    value: number
  }

  export interface VerdictMessageReceiptResultProofSiblingsFieldEvent {
    field: '$.receipt.resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface VerdictMessageSessionExpiresMsFieldEvent {
    field: '$.sessionExpiresMs'
    value: number
  }

  export function encode (obj: Partial<VerdictMessage>): Uint8Array {
    return encodeMessage(obj, VerdictMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VerdictMessage>): VerdictMessage {
    return decodeMessage(buf, VerdictMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VerdictMessage>): Generator<VerdictMessageReceiptHeaderFieldEvent | VerdictMessageReceiptCertificateFieldEvent | VerdictMessageReceiptTxFieldEvent | VerdictMessageReceiptTxProofIndexFieldEvent | VerdictMessageReceiptTxProofTotalFieldEvent | VerdictMessageReceiptTxProofSiblingsFieldEvent | VerdictMessageReceiptResultFieldEvent | VerdictMessageReceiptResultProofIndexFieldEvent | VerdictMessageReceiptResultProofTotalFieldEvent | VerdictMessageReceiptResultProofSiblingsFieldEvent | VerdictMessageSessionExpiresMsFieldEvent> {
    return streamMessage(buf, VerdictMessage.codec(), opts)
  }
}

export interface Command {
  seq: number
  name: string
}

export namespace Command {
  let _codec: Codec<Command>

  export const codec = (): Codec<Command> => {
    if (_codec == null) {
      _codec = message<Command>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.seq)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0,
          name: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint64Number()
              break
            }
            case 2: {
              obj.name = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CommandSeqFieldEvent {
    field: '$.seq'
    value: number
  }

  export interface CommandNameFieldEvent {
    field: '$.name'
    value: string
  }

  export function encode (obj: Partial<Command>): Uint8Array {
    return encodeMessage(obj, Command.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Command>): Command {
    return decodeMessage(buf, Command.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Command>): Generator<CommandSeqFieldEvent | CommandNameFieldEvent> {
    return streamMessage(buf, Command.codec(), opts)
  }
}

export interface CommandResult {
  seq: number
  state: string
  attemptTxId?: Uint8Array
}

export namespace CommandResult {
  let _codec: Codec<CommandResult>

  export const codec = (): Codec<CommandResult> => {
    if (_codec == null) {
      _codec = message<CommandResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.seq != null && obj.seq !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.seq)
        }

        if ((obj.state != null && obj.state !== '')) {
          w.uint32(18)
          w.string(obj.state)
        }

        if (obj.attemptTxId != null) {
          w.uint32(26)
          w.bytes(obj.attemptTxId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          seq: 0,
          state: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.seq = reader.uint64Number()
              break
            }
            case 2: {
              obj.state = reader.string()
              break
            }
            case 3: {
              obj.attemptTxId = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.state`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.attemptTxId`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CommandResultSeqFieldEvent {
    field: '$.seq'
    value: number
  }

  export interface CommandResultStateFieldEvent {
    field: '$.state'
    value: string
  }

  export interface CommandResultAttemptTxIdFieldEvent {
    field: '$.attemptTxId'
    value: Uint8Array
  }

  export function encode (obj: Partial<CommandResult>): Uint8Array {
    return encodeMessage(obj, CommandResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CommandResult>): CommandResult {
    return decodeMessage(buf, CommandResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CommandResult>): Generator<CommandResultSeqFieldEvent | CommandResultStateFieldEvent | CommandResultAttemptTxIdFieldEvent> {
    return streamMessage(buf, CommandResult.codec(), opts)
  }
}

export enum DeviceErrorCode {
  DEVICE_ERROR_UNSPECIFIED = 'DEVICE_ERROR_UNSPECIFIED',
  BAD_MESSAGE = 'BAD_MESSAGE',
  BAD_PAIRING_CODE = 'BAD_PAIRING_CODE',
  LOGIN_REFUSED = 'LOGIN_REFUSED',
  REFUSED = 'REFUSED',
  NO_SESSION = 'NO_SESSION',
  SESSION_EXPIRED = 'SESSION_EXPIRED',
  BAD_SEQUENCE = 'BAD_SEQUENCE',
  UNKNOWN_COMMAND = 'UNKNOWN_COMMAND',
  NETWORK = 'NETWORK',
  BUSY = 'BUSY'
}

enum __DeviceErrorCodeValues {
  DEVICE_ERROR_UNSPECIFIED = 0,
  BAD_MESSAGE = 1,
  BAD_PAIRING_CODE = 2,
  LOGIN_REFUSED = 3,
  REFUSED = 4,
  NO_SESSION = 5,
  SESSION_EXPIRED = 6,
  BAD_SEQUENCE = 7,
  UNKNOWN_COMMAND = 8,
  NETWORK = 9,
  BUSY = 10
}

export namespace DeviceErrorCode {
  export const codec = (): Codec<DeviceErrorCode> => {
    return enumeration<DeviceErrorCode>(__DeviceErrorCodeValues)
  }
}

export interface DeviceError {
  code: DeviceErrorCode
  message: string
  receipt?: Receipt
}

export namespace DeviceError {
  let _codec: Codec<DeviceError>

  export const codec = (): Codec<DeviceError> => {
    if (_codec == null) {
      _codec = message<DeviceError>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.code != null && __DeviceErrorCodeValues[obj.code] !== 0) {
          w.uint32(8)
          DeviceErrorCode.codec().encode(obj.code, w)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if (obj.receipt != null) {
          w.uint32(26)
          Receipt.codec().encode(obj.receipt, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          code: DeviceErrorCode.DEVICE_ERROR_UNSPECIFIED,
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.code = DeviceErrorCode.codec().decode(reader)
              break
            }
            case 2: {
              obj.message = reader.string()
              break
            }
            case 3: {
              obj.receipt = Receipt.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipt
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.code`,
                value: DeviceErrorCode.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield * Receipt.codec().stream(reader, reader.uint32(), `${prefix}.receipt`, {
                limits: opts.limits?.receipt
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DeviceErrorCodeFieldEvent {
    field: '$.code'
    value: DeviceErrorCode
  }

  export interface DeviceErrorMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface DeviceErrorReceiptHeaderFieldEvent {
    field: '$.receipt.header'
    value: Uint8Array
  }

  export interface DeviceErrorReceiptCertificateFieldEvent {
    field: '$.receipt.certificate'
    value: Uint8Array
  }

  export interface DeviceErrorReceiptTxFieldEvent {
    field: '$.receipt.tx'
    value: Uint8Array
  }

  export interface DeviceErrorReceiptTxProofIndexFieldEvent {
    field: '$.receipt.txProof.index'
    value: number
  }

  export interface DeviceErrorReceiptTxProofTotalFieldEvent {
    field: '$.receipt.txProof.total'
    value: number
  }

  export interface DeviceErrorReceiptTxProofSiblingsFieldEvent {
    field: '$.receipt.txProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export interface DeviceErrorReceiptResultFieldEvent {
    field: '$.receipt.result'
    value: Uint8Array
  }

  export interface DeviceErrorReceiptResultProofIndexFieldEvent {
    field: '$.receipt.resultProof.index'
    value: number
  }

  export interface DeviceErrorReceiptResultProofTotalFieldEvent {
    field: '$.receipt.resultProof.total'
    value: number
  }

  export interface DeviceErrorReceiptResultProofSiblingsFieldEvent {
    field: '$.receipt.resultProof.siblings[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<DeviceError>): Uint8Array {
    return encodeMessage(obj, DeviceError.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceError>): DeviceError {
    return decodeMessage(buf, DeviceError.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceError>): Generator<DeviceErrorCodeFieldEvent | DeviceErrorMessageFieldEvent | DeviceErrorReceiptHeaderFieldEvent | DeviceErrorReceiptCertificateFieldEvent | DeviceErrorReceiptTxFieldEvent | DeviceErrorReceiptTxProofIndexFieldEvent | DeviceErrorReceiptTxProofTotalFieldEvent | DeviceErrorReceiptTxProofSiblingsFieldEvent | DeviceErrorReceiptResultFieldEvent | DeviceErrorReceiptResultProofIndexFieldEvent | DeviceErrorReceiptResultProofTotalFieldEvent | DeviceErrorReceiptResultProofSiblingsFieldEvent> {
    return streamMessage(buf, DeviceError.codec(), opts)
  }
}
