// Blocks, transactions, commit certificates and PBFT messages: what is
// accepted, and every refusal with its error name and code. Each refusal is
// built from a valid value with exactly one thing wrong, so that the test can
// only pass for the intended reason.
import { describe, expect, test } from 'vitest'
import { blockHashOf, buildBlock, checkLink, openBlock } from '../block.ts'
import { toHex, utf8 } from '../bytes.ts'
import { makeValidatorSet, primaryOf, verifyCommitCertificate, voteBodyBytes, type ValidatorSet } from '../certificate.ts'
import { decodeConsensusMessage, decodeTransaction, decodeTxBody, encode, type CommitCertificate } from '../codec.ts'
import { nodeEd25519 } from '../ed25519-node.ts'
import { HashTag, taggedHash } from '../hash.ts'
import { merkleRoot } from '../merkle.ts'
import {
  mandatedPrepared, MessageType, newViewHeight, openConsensusMessage, signCheckpoint, signNewView, signViewChange, signVote,
  type OpenedPrepared, type OpenedVote
} from '../messages.ts'
import { nobleEd25519, SignTag, signTagged, type Ed25519, type KeyPair } from '../sign.ts'
import { checkTransaction, signTransaction, TxKind, txIdOf } from '../tx.ts'
import {
  bytesOf, chainId, ed, expectError, genesisHashBytes, genesisTimeMs, keys, makeBlock, makeResult, makeScenario, makeTx,
  openNewViewOf, openViewChangeOf, openVoteOf, outsider, set4
} from './helpers.ts'

const implementations: Array<[string, Ed25519]> = [['noble', nobleEd25519], ['node:crypto', nodeEd25519]]
const open = (bytes: Uint8Array, set: ValidatorSet = set4): ReturnType<typeof openConsensusMessage> => openConsensusMessage(ed, set, bytes)
const reencodeMessage = (bytes: Uint8Array, change: Partial<ReturnType<typeof decodeConsensusMessage>>): Uint8Array =>
  encode.consensusMessage({ ...decodeConsensusMessage(bytes), ...change })
const flipped = (b: Uint8Array, at = 0): Uint8Array => { const c = b.slice(); c[at] ^= 1; return c }

// ------------------------------------------------------------------ blocks

describe('blocks', () => {
  const txs = [makeTx(keys[0], 1), makeTx(keys[1], 2), makeTx(outsider, 3)]
  const block = makeBlock({}, txs)
  const headerWith = (change: object): Uint8Array => encode.blockHeader({ ...block.header, ...change })
  const rebuilt = (parts: { header?: Uint8Array, txs?: Uint8Array[], results?: Uint8Array[] }): Uint8Array =>
    encode.block({ header: parts.header ?? block.headerBytes, txs: parts.txs ?? block.block.txs, results: parts.results ?? block.block.results })

  test('buildBlock and openBlock agree on everything', () => {
    const opened = openBlock(block.bytes)
    expect(opened.header).toEqual({
      chainId, height: 1, prevHash: genesisHashBytes, timestampMs: genesisTimeMs + 1000, proposer: 0, view: 0,
      txRoot: merkleRoot(txs), resultRoot: merkleRoot(block.block.results), txCount: 3
    })
    expect(toHex(opened.hash)).toBe(toHex(taggedHash(HashTag.block, opened.headerBytes)))
    expect(toHex(opened.hash)).toBe(toHex(blockHashOf(block.headerBytes)))
    expect(opened.txIds.map(toHex)).toEqual(txs.map(tx => toHex(txIdOf(decodeTransaction(tx).body))))
    expect(toHex(opened.bytes)).toBe(toHex(block.bytes))
  })

  test('an empty block has the roots of no leaves', () => {
    const empty = makeBlock({}, [])
    expect(empty.header.txCount).toBe(0)
    expect(toHex(empty.header.txRoot)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(openBlock(empty.bytes).txIds).toEqual([])
  })

  test('COUNT_MISMATCH: the header counts other than the block holds', () => {
    expectError(() => openBlock(rebuilt({ header: headerWith({ txCount: 4 }) })), 'BlockError', 'COUNT_MISMATCH')
    expectError(() => openBlock(rebuilt({ header: headerWith({ txCount: 2 }) })), 'BlockError', 'COUNT_MISMATCH')
    expectError(() => openBlock(rebuilt({ results: block.block.results.slice(0, 2) })), 'BlockError', 'COUNT_MISMATCH')
  })

  test('TX_ROOT_MISMATCH: a transaction replaced under the same header', () => {
    expectError(() => openBlock(rebuilt({ txs: [makeTx(keys[3], 99), ...txs.slice(1)] })), 'BlockError', 'TX_ROOT_MISMATCH')
    expectError(() => openBlock(rebuilt({ txs: [txs[1], txs[0], txs[2]] })), 'BlockError', 'TX_ROOT_MISMATCH')
  })

  test('RESULT_ROOT_MISMATCH: a result replaced under the same header', () => {
    const results = [makeResult(txs[0], 2), ...block.block.results.slice(1)]
    expectError(() => openBlock(rebuilt({ results })), 'BlockError', 'RESULT_ROOT_MISMATCH')
  })

  test('RESULT_TX_MISMATCH: results committed in the roots but in another order', () => {
    const results = [makeResult(txs[1]), makeResult(txs[0]), makeResult(txs[2])]
    expectError(() => buildBlock({ chainId, height: 1, prevHash: genesisHashBytes, timestampMs: 1, proposer: 0, view: 0 }, txs, results),
      'BlockError', 'RESULT_TX_MISMATCH')
  })

  test('DUPLICATE_TX: one transaction twice', () => {
    expectError(() => makeBlock({}, [txs[0], txs[1], txs[0]]), 'BlockError', 'DUPLICATE_TX')
    // Same body, another signature encoding: still the same id, still a duplicate.
    const again = encode.transaction({ body: decodeTransaction(txs[0]).body, signature: signTagged(ed, keys[0], SignTag.tx, chainId, decodeTransaction(txs[0]).body) })
    expectError(() => makeBlock({}, [txs[0], again]), 'BlockError', 'DUPLICATE_TX')
  })

  test('a transaction or result that does not decode is a DecodeError', () => {
    const header = { chainId, height: 1, prevHash: genesisHashBytes, timestampMs: 1, proposer: 0, view: 0 }
    expectError(() => buildBlock(header, [utf8('not a transaction')], [makeResult(txs[0])]), 'DecodeError', 'MALFORMED')
    expectError(() => buildBlock(header, [txs[0]], [utf8('not a result')]), 'DecodeError', 'MALFORMED')
    expectError(() => openBlock(rebuilt({ header: utf8('not a header') })), 'DecodeError', 'MALFORMED')
  })

  describe('checkLink', () => {
    const prev = { height: 1, hash: block.hash, timestampMs: block.header.timestampMs }
    const next = makeBlock({ height: 2, prevHash: block.hash, timestampMs: prev.timestampMs + 1 }, [makeTx(keys[2], 5)])

    test('a block that follows its parent links', () => {
      checkLink(chainId, prev, next.header)
      checkLink(chainId, { height: 0, hash: genesisHashBytes, timestampMs: genesisTimeMs }, block.header)
    })

    test('WRONG_CHAIN', () => {
      expectError(() => checkLink('other-chain', prev, next.header), 'BlockError', 'WRONG_CHAIN')
    })

    test('BAD_HEIGHT: a gap, a repeat or a step back', () => {
      for (const height of [2, 0, 3]) expectError(() => checkLink(chainId, { ...prev, height }, next.header), 'BlockError', 'BAD_HEIGHT')
    })

    test('BAD_LINK: another parent', () => {
      expectError(() => checkLink(chainId, { ...prev, hash: flipped(prev.hash) }, next.header), 'BlockError', 'BAD_LINK')
    })

    test('BAD_TIMESTAMP: not strictly later than the parent', () => {
      expectError(() => checkLink(chainId, { ...prev, timestampMs: next.header.timestampMs }, next.header), 'BlockError', 'BAD_TIMESTAMP')
      expectError(() => checkLink(chainId, { ...prev, timestampMs: next.header.timestampMs + 1 }, next.header), 'BlockError', 'BAD_TIMESTAMP')
    })
  })
})

// ------------------------------------------------------------------ transactions

describe.each(implementations)('transactions with %s', (_, impl) => {
  const fields = { kind: TxKind.opaque, nonce: 12, payload: utf8('certify device 42') }
  const tx = signTransaction(impl, keys[0], chainId, fields)

  test('sign, check, identify', () => {
    const checked = checkTransaction(impl, chainId, tx)
    expect(checked.body).toEqual({ kind: fields.kind, signer: keys[0].publicKey, nonce: fields.nonce, payload: fields.payload })
    expect(toHex(checked.id)).toBe(toHex(taggedHash(HashTag.txId, checked.tx.body)))
    expect(toHex(signTransaction(impl, keys[0], chainId, { ...fields, nonce: 13 }))).not.toBe(toHex(tx))
  })

  test('a signature for another chain id: SignatureError BAD_SIGNATURE', () => {
    const otherChain = signTransaction(impl, keys[0], 'other-chain', fields)
    expectError(() => checkTransaction(impl, chainId, otherChain), 'SignatureError', 'BAD_SIGNATURE')
    expectError(() => checkTransaction(impl, 'other-chain', tx), 'SignatureError', 'BAD_SIGNATURE')
  })

  test('a signature under another tag, by another key, or for another body: BAD_SIGNATURE', () => {
    const { body, signature } = decodeTransaction(tx)
    const asPrepare = encode.transaction({ body, signature: signTagged(impl, keys[0], SignTag.prepare, chainId, body) })
    expectError(() => checkTransaction(impl, chainId, asPrepare), 'SignatureError', 'BAD_SIGNATURE')
    const byOther = encode.transaction({ body, signature: signTagged(impl, keys[1], SignTag.tx, chainId, body) })
    expectError(() => checkTransaction(impl, chainId, byOther), 'SignatureError', 'BAD_SIGNATURE')
    const otherSigner = encode.txBody({ ...decodeTxBody(body), signer: keys[1].publicKey })
    expectError(() => checkTransaction(impl, chainId, encode.transaction({ body: otherSigner, signature })), 'SignatureError', 'BAD_SIGNATURE')
    expectError(() => checkTransaction(impl, chainId, encode.transaction({ body, signature: flipped(signature, 40) })), 'SignatureError', 'BAD_SIGNATURE')
  })

  test('signTransaction refuses to sign what no node would accept', () => {
    expectError(() => signTransaction(impl, keys[0], chainId, { ...fields, kind: 0 }), 'DecodeError', 'INVALID_FIELD')
    expectError(() => signTransaction(impl, keys[0], chainId, { ...fields, payload: new Uint8Array(60 * 1024 + 1) }), 'DecodeError', 'INVALID_FIELD')
  })
})

// ------------------------------------------------------------------ commit certificates

describe('validator sets', () => {
  test('f and quorum follow n = 3f + 1 (and round down in between)', () => {
    const pk = (i: number): Uint8Array => bytesOf(32, i)
    const sizes = [1, 2, 3, 4, 5, 6, 7, 10, 64].map(n => {
      const s = makeValidatorSet(chainId, Array.from({ length: n }, (_, i) => pk(i)))
      return [n, s.f, s.quorum]
    })
    expect(sizes).toEqual([[1, 0, 1], [2, 0, 2], [3, 0, 3], [4, 1, 3], [5, 1, 4], [6, 1, 5], [7, 2, 5], [10, 3, 7], [64, 21, 43]])
    expect(() => makeValidatorSet(chainId, [])).toThrow(TypeError)
    expect(() => makeValidatorSet(chainId, Array.from({ length: 65 }, (_, i) => pk(i)))).toThrow(TypeError)
  })

  test('the primary rotates with the view', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(v => primaryOf(set4, v))).toEqual([0, 1, 2, 3, 0, 1, 1])
  })
})

describe.each(implementations)('commit certificates with %s', (_, impl) => {
  const blockHash = bytesOf(32, 0xcd)
  const height = 7
  const view = 2
  const commitBy = (r: number, key: KeyPair = keys[r], tag: typeof SignTag[keyof typeof SignTag] = SignTag.commit, chain = chainId,
    vote = { view, height, blockHash }): { replica: number, signature: Uint8Array } =>
    ({ replica: r, signature: signTagged(impl, key, tag, chain, voteBodyBytes(vote.view, vote.height, r, vote.blockHash)) })
  const cert = (signatures: Array<{ replica: number, signature: Uint8Array }>, change: Partial<CommitCertificate> = {}): CommitCertificate =>
    ({ height, view, blockHash, signatures, ...change })
  const verify = (c: CommitCertificate, expected = { height, blockHash }): void => verifyCommitCertificate(impl, set4, c, expected)
  const valid = [commitBy(0), commitBy(1), commitBy(2)]

  test('a quorum of COMMIT signatures verifies, and so do all of them', () => {
    verify(cert(valid))
    verify(cert([...valid, commitBy(3)]))
    verify(cert([commitBy(1), commitBy(2), commitBy(3)]))
  })

  test('WRONG_HEIGHT and WRONG_BLOCK: a certificate for something else', () => {
    expectError(() => verify(cert(valid), { height: height + 1, blockHash }), 'CertificateError', 'WRONG_HEIGHT')
    expectError(() => verify(cert(valid), { height, blockHash: flipped(blockHash) }), 'CertificateError', 'WRONG_BLOCK')
  })

  test('NOT_ENOUGH_SIGNATURES', () => {
    expectError(() => verify(cert(valid.slice(0, 2))), 'CertificateError', 'NOT_ENOUGH_SIGNATURES')
    expectError(() => verify(cert([])), 'CertificateError', 'NOT_ENOUGH_SIGNATURES')
  })

  test('UNORDERED_SIGNERS: out of order or twice the same', () => {
    expectError(() => verify(cert([valid[1], valid[0], valid[2]])), 'CertificateError', 'UNORDERED_SIGNERS')
    expectError(() => verify(cert([valid[0], valid[0], valid[1]])), 'CertificateError', 'UNORDERED_SIGNERS')
  })

  test('UNKNOWN_REPLICA: a signer outside the set', () => {
    expectError(() => verify(cert([valid[0], valid[1], commitBy(4, outsider)])), 'CertificateError', 'UNKNOWN_REPLICA')
  })

  test('BAD_SIGNATURE: altered, misattributed, or for another view or height', () => {
    expectError(() => verify(cert([valid[0], { replica: 1, signature: flipped(valid[1].signature) }, valid[2]])), 'CertificateError', 'BAD_SIGNATURE')
    expectError(() => verify(cert([valid[0], { replica: 1, signature: valid[2].signature }, valid[2]])), 'CertificateError', 'BAD_SIGNATURE')
    expectError(() => verify(cert(valid, { view: view + 1 })), 'CertificateError', 'BAD_SIGNATURE')
    const otherHeight = [0, 1, 2].map(r => commitBy(r, keys[r], SignTag.commit, chainId, { view, height: height + 1, blockHash }))
    expectError(() => verify(cert(otherHeight)), 'CertificateError', 'BAD_SIGNATURE')
  })

  test('the right key but another chain id: BAD_SIGNATURE', () => {
    const otherChain = [0, 1, 2].map(r => commitBy(r, keys[r], SignTag.commit, 'other-chain'))
    expectError(() => verify(cert(otherChain)), 'CertificateError', 'BAD_SIGNATURE')
    // And the same signatures verify against that chain's validator set.
    verifyCommitCertificate(impl, makeValidatorSet('other-chain', set4.publicKeys), cert(otherChain), { height, blockHash })
  })

  test('a PREPARE signature reused as a COMMIT: BAD_SIGNATURE (domain tags)', () => {
    const prepares = [0, 1, 2].map(r => commitBy(r, keys[r], SignTag.prepare))
    expectError(() => verify(cert(prepares)), 'CertificateError', 'BAD_SIGNATURE')
    expectError(() => verify(cert([valid[0], valid[1], prepares[2]])), 'CertificateError', 'BAD_SIGNATURE')
    const prePrepare = commitBy(2, keys[2], SignTag.prePrepare)
    expectError(() => verify(cert([valid[0], valid[1], prePrepare])), 'CertificateError', 'BAD_SIGNATURE')
  })

  test('the COMMIT messages of a round make a certificate', () => {
    const messages = [0, 1, 3].map(r => signVote(impl, keys[r], chainId, MessageType.COMMIT, { view, height, replica: r, blockHash }))
    const signatures = messages.map(m => openVoteOf(m)).map(v => ({ replica: v.replica, signature: v.signature }))
    verify(cert(signatures))
  })
})

// ------------------------------------------------------------------ PBFT messages

const s = makeScenario()
const height = s.committedHeight + 1
const vote = { view: 1, height, blockHash: s.block.hash }
/** A prepared certificate from raw bytes, for building broken ones. */
const preparedOf = (prePrepare: Uint8Array, prepares: Uint8Array[]): OpenedPrepared =>
  ({ prePrepare: { bytes: prePrepare } as OpenedVote, prepares: prepares.map(bytes => ({ bytes }) as OpenedVote) })
const viewChange = (replica: number, change: { newView?: number, committedHeight?: number, prepared?: OpenedPrepared } = {}, block?: Uint8Array): Uint8Array =>
  signViewChange(ed, keys[replica], chainId, { newView: 2, replica, committedHeight: s.committedHeight, ...change }, block)

describe('PBFT messages: every type round-trips through signing and opening', () => {
  test('PRE_PREPARE with its block', () => {
    const m = open(s.prePrepareWithBlock)
    expect(m).toMatchObject({ type: MessageType.PRE_PREPARE, replica: 1, ...vote })
    if (m.type !== MessageType.PRE_PREPARE) throw new Error('unreachable')
    expect(toHex(m.block!.hash)).toBe(toHex(s.block.hash))
    expect(m.block!.txIds.length).toBe(3)
    // What certificates embed is the message without its block.
    expect(toHex(m.bytes)).toBe(toHex(s.prePrepare.bytes))
  })

  test('PRE_PREPARE without block, PREPARE, COMMIT', () => {
    expect(s.prePrepare).toMatchObject({ type: MessageType.PRE_PREPARE, replica: 1, ...vote })
    expect(s.prePrepare.block).toBeUndefined()
    expect(s.prepares.map(p => [p.type, p.replica])).toEqual([[MessageType.PREPARE, 2], [MessageType.PREPARE, 3]])
    expect(open(s.commit)).toMatchObject({ type: MessageType.COMMIT, replica: 0, ...vote, bytes: s.commit })
  })

  test('CHECKPOINT', () => {
    expect(open(s.checkpoint)).toMatchObject({ type: MessageType.CHECKPOINT, replica: 3, height: s.committedHeight, blockHash: bytesOf(32, 0xab) })
  })

  test('VIEW_CHANGE without and with a prepared certificate, and with its block', () => {
    expect(s.viewChanges[0]).toMatchObject({ type: MessageType.VIEW_CHANGE, replica: 0, newView: 2, committedHeight: s.committedHeight })
    expect(s.viewChanges[0].prepared).toBeUndefined()
    const withPrepared = s.viewChanges[2]
    expect(withPrepared.prepared!.prePrepare).toMatchObject({ type: MessageType.PRE_PREPARE, replica: 1, ...vote })
    expect(withPrepared.prepared!.prepares.map(p => p.replica)).toEqual([2, 3])
    const withBlock = openViewChangeOf(s.viewChangeWithBlock)
    expect(toHex(withBlock.block!.hash)).toBe(toHex(s.block.hash))
    expect(toHex(withBlock.bytes)).toBe(toHex(withPrepared.bytes))
  })

  test('NEW_VIEW from 3 VIEW_CHANGEs of a 4-validator set, one prepared: it forces the prepared block', () => {
    const nv = s.openedNewView
    expect(nv).toMatchObject({ type: MessageType.NEW_VIEW, replica: 2, view: 2, height })
    expect(nv.viewChanges.map(v => v.replica)).toEqual([1, 2, 3])
    expect(toHex(nv.blockHash!)).toBe(toHex(s.block.hash))
    expect(toHex(mandatedPrepared(nv.viewChanges, height)!.prePrepare.blockHash)).toBe(toHex(s.block.hash))
    expect(newViewHeight(nv.viewChanges)).toBe(height)
  })

  test('NEW_VIEW whose VIEW_CHANGEs prepared nothing leaves the primary free', () => {
    const free = [0, 1, 3].map(r => s.viewChanges[r])
    const nv = openNewViewOf(signNewView(ed, keys[2], chainId, { view: 2, replica: 2, height, viewChanges: free }))
    expect(nv.blockHash).toBeUndefined()
  })

  test('NEW_VIEW starts above the highest committed height, and ignores certificates below it', () => {
    const ahead = openViewChangeOf(viewChange(0, { committedHeight: height }))
    const vcs = [ahead, s.viewChanges[1], s.viewChanges[2]]
    const nv = openNewViewOf(signNewView(ed, keys[2], chainId, { view: 2, replica: 2, height: height + 1, viewChanges: vcs }))
    expect(nv.height).toBe(height + 1)
    expect(nv.blockHash).toBeUndefined()
  })

  test('the prepared certificate of the highest view wins', () => {
    // Height `height` was prepared in view 0 (block A, primary 0) and again in view 1 (block B, primary 1).
    const blockA = makeBlock({ height, prevHash: bytesOf(32, 0xab), proposer: 0, view: 0, timestampMs: genesisTimeMs + 5000 }, [makeTx(keys[3], 77)])
    const voteA = { view: 0, height, blockHash: blockA.hash }
    const preparedA = {
      prePrepare: openVoteOf(signVote(ed, keys[0], chainId, MessageType.PRE_PREPARE, { ...voteA, replica: 0 })),
      prepares: [1, 3].map(r => openVoteOf(signVote(ed, keys[r], chainId, MessageType.PREPARE, { ...voteA, replica: r })))
    }
    const vcA = openViewChangeOf(viewChange(0, { prepared: preparedA }))
    const vcs = [vcA, s.viewChanges[1], s.viewChanges[2]]
    expect(toHex(mandatedPrepared(vcs, height)!.prePrepare.blockHash)).toBe(toHex(s.block.hash))
    openNewViewOf(signNewView(ed, keys[2], chainId, { view: 2, replica: 2, height, viewChanges: vcs, blockHash: s.block.hash }))
    expectError(() => open(signNewView(ed, keys[2], chainId, { view: 2, replica: 2, height, viewChanges: vcs, blockHash: blockA.hash })),
      'DecodeError', 'INVALID_FIELD')
    // Without the view-1 certificate, view 0's block is the one forced.
    const onlyA = [vcA, s.viewChanges[1], s.viewChanges[3]]
    expect(toHex(openNewViewOf(signNewView(ed, keys[2], chainId, { view: 2, replica: 2, height, viewChanges: onlyA, blockHash: blockA.hash })).blockHash!))
      .toBe(toHex(blockA.hash))
  })

  test('noble opens what node:crypto opens', () => {
    for (const bytes of [s.prePrepareWithBlock, s.commit, s.checkpoint, s.viewChangeWithBlock, s.newView]) {
      expect(openConsensusMessage(nobleEd25519, set4, bytes)).toEqual(openConsensusMessage(nodeEd25519, set4, bytes))
    }
  })
})

describe('PBFT messages: refusals', () => {
  const newView = (change: { replica?: number, key?: KeyPair, height?: number, viewChanges?: Uint8Array[], blockHash?: Uint8Array, view?: number }): Uint8Array => {
    const replica = change.replica ?? 2
    const vcs = (change.viewChanges ?? s.viewChanges.slice(1).map(v => v.bytes)).map(bytes => ({ bytes }) as ReturnType<typeof openViewChangeOf>)
    return signNewView(ed, change.key ?? keys[replica], chainId, {
      view: change.view ?? 2, replica, height: change.height ?? height, viewChanges: vcs, blockHash: 'blockHash' in change ? change.blockHash : s.block.hash
    })
  }

  test('the baseline NEW_VIEW of these refusals is valid', () => {
    openNewViewOf(newView({}))
  })

  test('NEW_VIEW naming another block than the one forced', () => {
    expectError(() => open(newView({ blockHash: bytesOf(32, 0xee) })), 'DecodeError', 'INVALID_FIELD')
    expectError(() => open(newView({ blockHash: undefined })), 'DecodeError', 'INVALID_FIELD')
    const free = [0, 1, 3].map(r => s.viewChanges[r].bytes)
    expectError(() => open(newView({ viewChanges: free, blockHash: s.block.hash })), 'DecodeError', 'INVALID_FIELD')
  })

  test('NEW_VIEW with too few VIEW_CHANGEs', () => {
    expectError(() => open(newView({ viewChanges: [s.viewChanges[1].bytes, s.viewChanges[2].bytes] })), 'DecodeError', 'INVALID_FIELD')
    expectError(() => open(newView({ viewChanges: [], blockHash: undefined })), 'DecodeError', 'INVALID_FIELD')
  })

  test('NEW_VIEW counting one replica twice', () => {
    const twice = [s.viewChanges[1].bytes, s.viewChanges[2].bytes, s.viewChanges[2].bytes]
    expectError(() => open(newView({ viewChanges: twice })), 'DecodeError', 'INVALID_FIELD')
    // Two different VIEW_CHANGEs of replica 1 count once as well.
    const again = viewChange(1, { committedHeight: s.committedHeight - 1 })
    expectError(() => open(newView({ viewChanges: [s.viewChanges[1].bytes, again, s.viewChanges[2].bytes] })), 'DecodeError', 'INVALID_FIELD')
  })

  test('NEW_VIEW from a replica that is not the primary of the view', () => {
    expectError(() => open(newView({ replica: 3 })), 'DecodeError', 'INVALID_FIELD')
    expectError(() => open(newView({ replica: 2, key: keys[3] })), 'SignatureError', 'BAD_SIGNATURE')
  })

  test('NEW_VIEW at the wrong height', () => {
    // Without prepared certificates, so that the forced block cannot be what is wrong.
    const free = [0, 1, 3].map(r => s.viewChanges[r].bytes)
    openNewViewOf(newView({ viewChanges: free, blockHash: undefined }))
    for (const h of [height + 1, height - 1, 1]) {
      expectError(() => open(newView({ viewChanges: free, blockHash: undefined, height: h })), 'DecodeError', 'INVALID_FIELD')
    }
  })

  test('NEW_VIEW holding something other than valid VIEW_CHANGEs of its view', () => {
    const otherView = signViewChange(ed, keys[3], chainId, { newView: 3, replica: 3, committedHeight: s.committedHeight })
    expectError(() => open(newView({ viewChanges: [s.viewChanges[1].bytes, s.viewChanges[2].bytes, otherView] })), 'DecodeError', 'INVALID_FIELD')
    expectError(() => open(newView({ viewChanges: [s.viewChanges[1].bytes, s.viewChanges[3].bytes, s.viewChangeWithBlock] })), 'DecodeError', 'INVALID_FIELD')
    expectError(() => open(newView({ viewChanges: [s.viewChanges[1].bytes, s.viewChanges[2].bytes, s.commit] })), 'DecodeError', 'INVALID_FIELD')
    const forged = reencodeMessage(s.viewChanges[3].bytes, { signature: flipped(decodeConsensusMessage(s.viewChanges[3].bytes).signature) })
    expectError(() => open(newView({ viewChanges: [s.viewChanges[1].bytes, s.viewChanges[2].bytes, forged] })), 'SignatureError', 'BAD_SIGNATURE')
  })

  test('PRE_PREPARE from a replica that is not the primary', () => {
    expectError(() => open(signVote(ed, keys[2], chainId, MessageType.PRE_PREPARE, { ...vote, replica: 2 })), 'DecodeError', 'INVALID_FIELD')
  })

  test('PRE_PREPARE whose block is not the one it signs', () => {
    const other = makeBlock({ height, proposer: 1, view: 1 }, [makeTx(keys[0], 50)])
    expectError(() => open(signVote(ed, keys[1], chainId, MessageType.PRE_PREPARE, { ...vote, replica: 1 }, other.bytes)), 'DecodeError', 'INVALID_FIELD')
    // The right hash, but for another height than the vote's.
    const atOtherHeight = signVote(ed, keys[1], chainId, MessageType.PRE_PREPARE, { ...vote, height: height + 1, replica: 1 }, s.block.bytes)
    expectError(() => open(atOtherHeight), 'DecodeError', 'INVALID_FIELD')
    // A block of another chain, signed for what it is.
    const foreign = makeBlock({ chainId: 'other-chain', height, proposer: 1, view: 1 }, [makeTx(keys[0], 51)])
    expectError(() => open(signVote(ed, keys[1], chainId, MessageType.PRE_PREPARE, { ...vote, blockHash: foreign.hash, replica: 1 }, foreign.bytes)),
      'BlockError', 'WRONG_CHAIN')
    // A block whose transactions do not match its header.
    const broken = encode.block({ ...s.block.block, txs: [makeTx(keys[0], 52), ...s.block.block.txs.slice(1)] })
    expectError(() => open(reencodeMessage(s.prePrepareWithBlock, { block: broken })), 'BlockError', 'TX_ROOT_MISMATCH')
  })

  test('only PRE_PREPARE and VIEW_CHANGE carry a block', () => {
    for (const type of [MessageType.PREPARE, MessageType.COMMIT] as const) {
      expectError(() => open(signVote(ed, keys[2], chainId, type, { ...vote, replica: 2 }, s.block.bytes)), 'DecodeError', 'INVALID_FIELD')
    }
  })

  test('UNKNOWN_SIGNER: a replica index outside the set', () => {
    expectError(() => open(signVote(ed, outsider, chainId, MessageType.PREPARE, { ...vote, replica: 4 })), 'SignatureError', 'UNKNOWN_SIGNER')
    expectError(() => open(signCheckpoint(ed, outsider, chainId, { height: 1, replica: 63, blockHash: bytesOf(32, 1) })), 'SignatureError', 'UNKNOWN_SIGNER')
  })

  test('BAD_SIGNATURE: another key, another chain, or a signature of another type', () => {
    expectError(() => open(signVote(ed, keys[3], chainId, MessageType.PREPARE, { ...vote, replica: 2 })), 'SignatureError', 'BAD_SIGNATURE')
    expectError(() => open(signVote(ed, keys[2], 'other-chain', MessageType.PREPARE, { ...vote, replica: 2 })), 'SignatureError', 'BAD_SIGNATURE')
    // The same body and signature under another type: the domain tag differs.
    expectError(() => open(reencodeMessage(s.prepares[0].bytes, { type: MessageType.COMMIT })), 'SignatureError', 'BAD_SIGNATURE')
    expectError(() => open(reencodeMessage(s.commit, { type: MessageType.PREPARE })), 'SignatureError', 'BAD_SIGNATURE')
    expectError(() => open(reencodeMessage(s.prePrepare.bytes, { type: MessageType.PREPARE })), 'SignatureError', 'BAD_SIGNATURE')
    expectError(() => open(s.commit, makeValidatorSet('other-chain', set4.publicKeys)), 'SignatureError', 'BAD_SIGNATURE')
  })

  describe('VIEW_CHANGE and its prepared certificate', () => {
    const prepared = (prePrepare: Uint8Array, prepares: Uint8Array[]): Uint8Array => viewChange(0, { prepared: preparedOf(prePrepare, prepares) })
    const pp = s.prePrepare.bytes
    const [p2, p3] = s.prepares.map(p => p.bytes)

    test('the baseline prepared certificate is valid', () => {
      openViewChangeOf(prepared(pp, [p2, p3]))
    })

    test('too few PREPAREs', () => {
      expectError(() => open(prepared(pp, [p2])), 'DecodeError', 'INVALID_FIELD')
    })

    test('a PREPARE twice, or one of the primary itself', () => {
      expectError(() => open(prepared(pp, [p2, p2])), 'DecodeError', 'INVALID_FIELD')
      const byPrimary = signVote(ed, keys[1], chainId, MessageType.PREPARE, { ...vote, replica: 1 })
      expectError(() => open(prepared(pp, [p2, byPrimary])), 'DecodeError', 'INVALID_FIELD')
    })

    test('a PREPARE for another block, view or height', () => {
      for (const other of [{ blockHash: bytesOf(32, 1) }, { view: 0 }, { height: height + 1 }]) {
        const p = signVote(ed, keys[3], chainId, MessageType.PREPARE, { ...vote, replica: 3, ...other })
        expectError(() => open(prepared(pp, [p2, p])), 'DecodeError', 'INVALID_FIELD')
      }
    })

    test('something else than a PREPARE, or a PRE_PREPARE with its block', () => {
      const commit = signVote(ed, keys[3], chainId, MessageType.COMMIT, { ...vote, replica: 3 })
      expectError(() => open(prepared(pp, [p2, commit])), 'DecodeError', 'INVALID_FIELD')
      expectError(() => open(prepared(s.prePrepareWithBlock, [p2, p3])), 'DecodeError', 'INVALID_FIELD')
      expectError(() => open(prepared(p2, [p2, p3])), 'DecodeError', 'INVALID_FIELD')
    })

    test('a forged PREPARE inside is a SignatureError', () => {
      const forged = reencodeMessage(p3, { signature: flipped(decodeConsensusMessage(p3).signature) })
      expectError(() => open(prepared(pp, [p2, forged])), 'SignatureError', 'BAD_SIGNATURE')
    })

    test('prepared for another height than committed + 1, or in a view not before the new one', () => {
      expectError(() => open(viewChange(0, { committedHeight: s.committedHeight - 1, prepared: preparedOf(pp, [p2, p3]) })), 'DecodeError', 'INVALID_FIELD')
      expectError(() => open(viewChange(1, { newView: 1, prepared: preparedOf(pp, [p2, p3]) })), 'DecodeError', 'INVALID_FIELD')
    })

    test('a block without a prepared certificate, or another block than the prepared one', () => {
      expectError(() => open(viewChange(0, {}, s.block.bytes)), 'DecodeError', 'INVALID_FIELD')
      const other = makeBlock({ height, proposer: 1, view: 1 }, [makeTx(keys[0], 60)])
      expectError(() => open(viewChange(0, { prepared: preparedOf(pp, [p2, p3]) }, other.bytes)), 'DecodeError', 'INVALID_FIELD')
    })
  })

  test('signing an unspecified message type is a programmer error', () => {
    expect(() => signVote(ed, keys[0], chainId, MessageType.MESSAGE_TYPE_UNSPECIFIED as unknown as MessageType.PREPARE, { ...vote, replica: 0 })).toThrow(TypeError)
  })
})
