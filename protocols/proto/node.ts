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

export enum QueryKind {
  QUERY_KIND_UNSPECIFIED = 'QUERY_KIND_UNSPECIFIED',
  STATUS = 'STATUS',
  BLOCK = 'BLOCK',
  TX = 'TX',
  BLOCK_HASHES = 'BLOCK_HASHES'
}

enum __QueryKindValues {
  QUERY_KIND_UNSPECIFIED = 0,
  STATUS = 1,
  BLOCK = 2,
  TX = 3,
  BLOCK_HASHES = 4
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

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: QueryKind.QUERY_KIND_UNSPECIFIED,
          height: 0,
          txId: uint8ArrayAlloc(0),
          count: 0
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

  export function encode (obj: Partial<QueryRequest>): Uint8Array {
    return encodeMessage(obj, QueryRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryRequest>): QueryRequest {
    return decodeMessage(buf, QueryRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryRequest>): Generator<QueryRequestKindFieldEvent | QueryRequestHeightFieldEvent | QueryRequestTxIdFieldEvent | QueryRequestCountFieldEvent> {
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
          meshPeers: 0
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

  export function encode (obj: Partial<NodeStatus>): Uint8Array {
    return encodeMessage(obj, NodeStatus.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeStatus>): NodeStatus {
    return decodeMessage(buf, NodeStatus.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeStatus>): Generator<NodeStatusChainIdFieldEvent | NodeStatusGenesisHashFieldEvent | NodeStatusIndexFieldEvent | NodeStatusHeightFieldEvent | NodeStatusViewFieldEvent | NodeStatusViewChangingFieldEvent | NodeStatusTipHashFieldEvent | NodeStatusValidatorsFieldEvent | NodeStatusConnectedValidatorsFieldEvent | NodeStatusPendingTxsFieldEvent | NodeStatusStableCheckpointFieldEvent | NodeStatusByzantineModeFieldEvent | NodeStatusBlockedPeersFieldEvent | NodeStatusUptimeMsFieldEvent | NodeStatusMeshPeersFieldEvent> {
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

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          error: '',
          blockHashes: []
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
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          blockHashes: 0
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

  export function encode (obj: Partial<QueryResponse>): Uint8Array {
    return encodeMessage(obj, QueryResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryResponse>): QueryResponse {
    return decodeMessage(buf, QueryResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<QueryResponse>): Generator<QueryResponseStatusFieldEvent | QueryResponseErrorFieldEvent | QueryResponseNodeStatusChainIdFieldEvent | QueryResponseNodeStatusGenesisHashFieldEvent | QueryResponseNodeStatusIndexFieldEvent | QueryResponseNodeStatusHeightFieldEvent | QueryResponseNodeStatusViewFieldEvent | QueryResponseNodeStatusViewChangingFieldEvent | QueryResponseNodeStatusTipHashFieldEvent | QueryResponseNodeStatusValidatorsFieldEvent | QueryResponseNodeStatusConnectedValidatorsFieldEvent | QueryResponseNodeStatusPendingTxsFieldEvent | QueryResponseNodeStatusStableCheckpointFieldEvent | QueryResponseNodeStatusByzantineModeFieldEvent | QueryResponseNodeStatusBlockedPeersFieldEvent | QueryResponseNodeStatusUptimeMsFieldEvent | QueryResponseNodeStatusMeshPeersFieldEvent | QueryResponseBlockBlockFieldEvent | QueryResponseBlockCertificateFieldEvent | QueryResponseReceiptHeaderFieldEvent | QueryResponseReceiptCertificateFieldEvent | QueryResponseReceiptTxFieldEvent | QueryResponseReceiptTxProofIndexFieldEvent | QueryResponseReceiptTxProofTotalFieldEvent | QueryResponseReceiptTxProofSiblingsFieldEvent | QueryResponseReceiptResultFieldEvent | QueryResponseReceiptResultProofIndexFieldEvent | QueryResponseReceiptResultProofTotalFieldEvent | QueryResponseReceiptResultProofSiblingsFieldEvent | QueryResponseBlockHashesFieldEvent> {
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
