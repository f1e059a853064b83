import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum MessageType {
  MESSAGE_TYPE_UNSPECIFIED = 'MESSAGE_TYPE_UNSPECIFIED',
  PRE_PREPARE = 'PRE_PREPARE',
  PREPARE = 'PREPARE',
  COMMIT = 'COMMIT',
  CHECKPOINT = 'CHECKPOINT',
  VIEW_CHANGE = 'VIEW_CHANGE',
  NEW_VIEW = 'NEW_VIEW'
}

enum __MessageTypeValues {
  MESSAGE_TYPE_UNSPECIFIED = 0,
  PRE_PREPARE = 1,
  PREPARE = 2,
  COMMIT = 3,
  CHECKPOINT = 4,
  VIEW_CHANGE = 5,
  NEW_VIEW = 6
}

export namespace MessageType {
  export const codec = (): Codec<MessageType> => {
    return enumeration<MessageType>(__MessageTypeValues)
  }
}

export interface ConsensusMessage {
  type: MessageType
  body: Uint8Array
  signature: Uint8Array
  block: Uint8Array
}

export namespace ConsensusMessage {
  let _codec: Codec<ConsensusMessage>

  export const codec = (): Codec<ConsensusMessage> => {
    if (_codec == null) {
      _codec = message<ConsensusMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.type != null && __MessageTypeValues[obj.type] !== 0) {
          w.uint32(8)
          MessageType.codec().encode(obj.type, w)
        }

        if ((obj.body != null && obj.body.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.body)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.signature)
        }

        if ((obj.block != null && obj.block.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.block)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: MessageType.MESSAGE_TYPE_UNSPECIFIED,
          body: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0),
          block: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = MessageType.codec().decode(reader)
              break
            }
            case 2: {
              obj.body = reader.bytes()
              break
            }
            case 3: {
              obj.signature = reader.bytes()
              break
            }
            case 4: {
              obj.block = reader.bytes()
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
                field: `${prefix}.type`,
                value: MessageType.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.body`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.block`,
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

  export interface ConsensusMessageTypeFieldEvent {
    field: '$.type'
    value: MessageType
  }

  export interface ConsensusMessageBodyFieldEvent {
    field: '$.body'
    value: Uint8Array
  }

  export interface ConsensusMessageSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array
  }

  export interface ConsensusMessageBlockFieldEvent {
    field: '$.block'
    value: Uint8Array
  }

  export function encode (obj: Partial<ConsensusMessage>): Uint8Array {
    return encodeMessage(obj, ConsensusMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConsensusMessage>): ConsensusMessage {
    return decodeMessage(buf, ConsensusMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ConsensusMessage>): Generator<ConsensusMessageTypeFieldEvent | ConsensusMessageBodyFieldEvent | ConsensusMessageSignatureFieldEvent | ConsensusMessageBlockFieldEvent> {
    return streamMessage(buf, ConsensusMessage.codec(), opts)
  }
}

export interface VoteBody {
  view: number
  height: number
  replica: number
  blockHash: Uint8Array
}

export namespace VoteBody {
  let _codec: Codec<VoteBody>

  export const codec = (): Codec<VoteBody> => {
    if (_codec == null) {
      _codec = message<VoteBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.view != null && obj.view !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.view)
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.height)
        }

        if ((obj.replica != null && obj.replica !== 0)) {
          w.uint32(24)
          w.uint32(obj.replica)
        }

        if ((obj.blockHash != null && obj.blockHash.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.blockHash)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          view: 0,
          height: 0,
          replica: 0,
          blockHash: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.view = reader.uint64Number()
              break
            }
            case 2: {
              obj.height = reader.uint64Number()
              break
            }
            case 3: {
              obj.replica = reader.uint32()
              break
            }
            case 4: {
              obj.blockHash = reader.bytes()
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
                field: `${prefix}.view`,
                value: reader.uint64Number()
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
                field: `${prefix}.replica`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.blockHash`,
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

  export interface VoteBodyViewFieldEvent {
    field: '$.view'
    value: number
  }

  export interface VoteBodyHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface VoteBodyReplicaFieldEvent {
    field: '$.replica'
    value: number
  }

  export interface VoteBodyBlockHashFieldEvent {
    field: '$.blockHash'
    value: Uint8Array
  }

  export function encode (obj: Partial<VoteBody>): Uint8Array {
    return encodeMessage(obj, VoteBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VoteBody>): VoteBody {
    return decodeMessage(buf, VoteBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VoteBody>): Generator<VoteBodyViewFieldEvent | VoteBodyHeightFieldEvent | VoteBodyReplicaFieldEvent | VoteBodyBlockHashFieldEvent> {
    return streamMessage(buf, VoteBody.codec(), opts)
  }
}

export interface CheckpointBody {
  height: number
  replica: number
  blockHash: Uint8Array
}

export namespace CheckpointBody {
  let _codec: Codec<CheckpointBody>

  export const codec = (): Codec<CheckpointBody> => {
    if (_codec == null) {
      _codec = message<CheckpointBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.replica != null && obj.replica !== 0)) {
          w.uint32(16)
          w.uint32(obj.replica)
        }

        if ((obj.blockHash != null && obj.blockHash.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.blockHash)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          height: 0,
          replica: 0,
          blockHash: uint8ArrayAlloc(0)
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
              obj.replica = reader.uint32()
              break
            }
            case 3: {
              obj.blockHash = reader.bytes()
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
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.replica`,
                value: reader.uint32()
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

  export interface CheckpointBodyHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface CheckpointBodyReplicaFieldEvent {
    field: '$.replica'
    value: number
  }

  export interface CheckpointBodyBlockHashFieldEvent {
    field: '$.blockHash'
    value: Uint8Array
  }

  export function encode (obj: Partial<CheckpointBody>): Uint8Array {
    return encodeMessage(obj, CheckpointBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointBody>): CheckpointBody {
    return decodeMessage(buf, CheckpointBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CheckpointBody>): Generator<CheckpointBodyHeightFieldEvent | CheckpointBodyReplicaFieldEvent | CheckpointBodyBlockHashFieldEvent> {
    return streamMessage(buf, CheckpointBody.codec(), opts)
  }
}

export interface PreparedCertificate {
  prePrepare: Uint8Array
  prepares: Uint8Array[]
}

export namespace PreparedCertificate {
  let _codec: Codec<PreparedCertificate>

  export const codec = (): Codec<PreparedCertificate> => {
    if (_codec == null) {
      _codec = message<PreparedCertificate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.prePrepare != null && obj.prePrepare.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.prePrepare)
        }

        if (obj.prepares != null && obj.prepares.length > 0) {
          for (const value of obj.prepares) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          prePrepare: uint8ArrayAlloc(0),
          prepares: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.prePrepare = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.prepares != null && obj.prepares.length === opts.limits.prepares) {
                throw new MaxLengthError('Decode error - repeated field "prepares" had too many elements')
              }

              obj.prepares.push(reader.bytes())
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
          prepares: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.prePrepare`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.prepares != null && obj.prepares === opts.limits.prepares) {
                throw new MaxLengthError('Streaming decode error - repeated field "prepares" had too many elements')
              }

              yield {
                field: `${prefix}.prepares[]`,
                index: obj.prepares,
                value: reader.bytes()
              }

              obj.prepares++

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

  export interface PreparedCertificatePrePrepareFieldEvent {
    field: '$.prePrepare'
    value: Uint8Array
  }

  export interface PreparedCertificatePreparesFieldEvent {
    field: '$.prepares[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<PreparedCertificate>): Uint8Array {
    return encodeMessage(obj, PreparedCertificate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreparedCertificate>): PreparedCertificate {
    return decodeMessage(buf, PreparedCertificate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PreparedCertificate>): Generator<PreparedCertificatePrePrepareFieldEvent | PreparedCertificatePreparesFieldEvent> {
    return streamMessage(buf, PreparedCertificate.codec(), opts)
  }
}

export interface ViewChangeBody {
  newView: number
  replica: number
  committedHeight: number
  prepared?: PreparedCertificate
}

export namespace ViewChangeBody {
  let _codec: Codec<ViewChangeBody>

  export const codec = (): Codec<ViewChangeBody> => {
    if (_codec == null) {
      _codec = message<ViewChangeBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.newView != null && obj.newView !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.newView)
        }

        if ((obj.replica != null && obj.replica !== 0)) {
          w.uint32(16)
          w.uint32(obj.replica)
        }

        if ((obj.committedHeight != null && obj.committedHeight !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.committedHeight)
        }

        if (obj.prepared != null) {
          w.uint32(34)
          PreparedCertificate.codec().encode(obj.prepared, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          newView: 0,
          replica: 0,
          committedHeight: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.newView = reader.uint64Number()
              break
            }
            case 2: {
              obj.replica = reader.uint32()
              break
            }
            case 3: {
              obj.committedHeight = reader.uint64Number()
              break
            }
            case 4: {
              obj.prepared = PreparedCertificate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.prepared
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
                field: `${prefix}.newView`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.replica`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.committedHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield * PreparedCertificate.codec().stream(reader, reader.uint32(), `${prefix}.prepared`, {
                limits: opts.limits?.prepared
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

  export interface ViewChangeBodyNewViewFieldEvent {
    field: '$.newView'
    value: number
  }

  export interface ViewChangeBodyReplicaFieldEvent {
    field: '$.replica'
    value: number
  }

  export interface ViewChangeBodyCommittedHeightFieldEvent {
    field: '$.committedHeight'
    value: number
  }

  export interface ViewChangeBodyPreparedPrePrepareFieldEvent {
    field: '$.prepared.prePrepare'
    value: Uint8Array
  }

  export interface ViewChangeBodyPreparedPreparesFieldEvent {
    field: '$.prepared.prepares[]'
    index: number
    value: Uint8Array
  }

  export function encode (obj: Partial<ViewChangeBody>): Uint8Array {
    return encodeMessage(obj, ViewChangeBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ViewChangeBody>): ViewChangeBody {
    return decodeMessage(buf, ViewChangeBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ViewChangeBody>): Generator<ViewChangeBodyNewViewFieldEvent | ViewChangeBodyReplicaFieldEvent | ViewChangeBodyCommittedHeightFieldEvent | ViewChangeBodyPreparedPrePrepareFieldEvent | ViewChangeBodyPreparedPreparesFieldEvent> {
    return streamMessage(buf, ViewChangeBody.codec(), opts)
  }
}

export interface NewViewBody {
  view: number
  replica: number
  height: number
  viewChanges: Uint8Array[]
  blockHash: Uint8Array
}

export namespace NewViewBody {
  let _codec: Codec<NewViewBody>

  export const codec = (): Codec<NewViewBody> => {
    if (_codec == null) {
      _codec = message<NewViewBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.view != null && obj.view !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.view)
        }

        if ((obj.replica != null && obj.replica !== 0)) {
          w.uint32(16)
          w.uint32(obj.replica)
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.height)
        }

        if (obj.viewChanges != null && obj.viewChanges.length > 0) {
          for (const value of obj.viewChanges) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if ((obj.blockHash != null && obj.blockHash.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.blockHash)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          view: 0,
          replica: 0,
          height: 0,
          viewChanges: [],
          blockHash: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.view = reader.uint64Number()
              break
            }
            case 2: {
              obj.replica = reader.uint32()
              break
            }
            case 3: {
              obj.height = reader.uint64Number()
              break
            }
            case 4: {
              if (opts.limits?.viewChanges != null && obj.viewChanges.length === opts.limits.viewChanges) {
                throw new MaxLengthError('Decode error - repeated field "viewChanges" had too many elements')
              }

              obj.viewChanges.push(reader.bytes())
              break
            }
            case 5: {
              obj.blockHash = reader.bytes()
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
          viewChanges: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.view`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.replica`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              if (opts.limits?.viewChanges != null && obj.viewChanges === opts.limits.viewChanges) {
                throw new MaxLengthError('Streaming decode error - repeated field "viewChanges" had too many elements')
              }

              yield {
                field: `${prefix}.viewChanges[]`,
                index: obj.viewChanges,
                value: reader.bytes()
              }

              obj.viewChanges++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.blockHash`,
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

  export interface NewViewBodyViewFieldEvent {
    field: '$.view'
    value: number
  }

  export interface NewViewBodyReplicaFieldEvent {
    field: '$.replica'
    value: number
  }

  export interface NewViewBodyHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface NewViewBodyViewChangesFieldEvent {
    field: '$.viewChanges[]'
    index: number
    value: Uint8Array
  }

  export interface NewViewBodyBlockHashFieldEvent {
    field: '$.blockHash'
    value: Uint8Array
  }

  export function encode (obj: Partial<NewViewBody>): Uint8Array {
    return encodeMessage(obj, NewViewBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NewViewBody>): NewViewBody {
    return decodeMessage(buf, NewViewBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NewViewBody>): Generator<NewViewBodyViewFieldEvent | NewViewBodyReplicaFieldEvent | NewViewBodyHeightFieldEvent | NewViewBodyViewChangesFieldEvent | NewViewBodyBlockHashFieldEvent> {
    return streamMessage(buf, NewViewBody.codec(), opts)
  }
}

export interface Evidence {
  first: Uint8Array
  second: Uint8Array
}

export namespace Evidence {
  let _codec: Codec<Evidence>

  export const codec = (): Codec<Evidence> => {
    if (_codec == null) {
      _codec = message<Evidence>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.first != null && obj.first.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.first)
        }

        if ((obj.second != null && obj.second.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.second)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          first: uint8ArrayAlloc(0),
          second: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.first = reader.bytes()
              break
            }
            case 2: {
              obj.second = reader.bytes()
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
                field: `${prefix}.first`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.second`,
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

  export interface EvidenceFirstFieldEvent {
    field: '$.first'
    value: Uint8Array
  }

  export interface EvidenceSecondFieldEvent {
    field: '$.second'
    value: Uint8Array
  }

  export function encode (obj: Partial<Evidence>): Uint8Array {
    return encodeMessage(obj, Evidence.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Evidence>): Evidence {
    return decodeMessage(buf, Evidence.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Evidence>): Generator<EvidenceFirstFieldEvent | EvidenceSecondFieldEvent> {
    return streamMessage(buf, Evidence.codec(), opts)
  }
}
