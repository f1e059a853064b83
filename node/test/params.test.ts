// consensusParamsOf: the genesis's consensus rules and the node's own limits
// and timing, combined into the replica's parameters, which a real Replica
// accepts.
import { describe, expect, test } from 'vitest'
import { makeValidatorSet } from '../../protocols/certificate.ts'
import { nodeEd25519 } from '../../protocols/ed25519-node.ts'
import { genesisConsensusParamNames, genesisHash, makeGenesis } from '../../protocols/genesis.ts'
import { keyPairFromSeed } from '../../protocols/sign.ts'
import { defaultConsensusParams } from '../../consensus/constants.ts'
import { Replica } from '../../consensus/replica.ts'
import { ConfigError } from '../errors.ts'
import { consensusParamsOf, nodeLimitNames, nodeTimingNames } from '../params.ts'
import { CertApp } from '../state/cert-app.ts'

const keys = [1, 2, 3, 4].map(i => keyPairFromSeed(new Uint8Array(32).fill(i), nodeEd25519))
const genesisWith = (params = {}): ReturnType<typeof makeGenesis> => makeGenesis('params-test', keys.map(k => k.publicKey), 0, params)

describe('consensusParamsOf', () => {
  test('a default genesis and an empty config give the defaults of the consensus core', () => {
    expect(consensusParamsOf(genesisWith(), {})).toEqual(defaultConsensusParams)
  })

  test('the genesis part comes from the genesis only, the rest from the config; nothing else comes along', () => {
    const genesis = genesisWith({ blockTxCountMax: 100, windowBlocks: 256, checkpointIntervalBlocks: 32, viewTimeoutMs: 2000, lockoutFailures: 7 })
    const params = consensusParamsOf(genesis, { limits: { pendingTxCountMax: 500, evidenceCountMax: 10 }, timing: { statusIntervalMs: 1000 } })
    for (const k of genesisConsensusParamNames) expect(params[k]).toBe(genesis.params[k])
    expect(params).toMatchObject({ pendingTxCountMax: 500, evidenceCountMax: 10, statusIntervalMs: 1000, syncRetryMs: defaultConsensusParams.syncRetryMs })
    expect(Object.keys(params).sort()).toEqual([...genesisConsensusParamNames, ...nodeLimitNames, ...nodeTimingNames].sort())
    expect(params).not.toHaveProperty('lockoutFailures')
  })

  test('two validators with different limits share every genesis rule', () => {
    const genesis = genesisWith({ timestampDriftMaxMs: 2000 })
    const a = consensusParamsOf(genesis, { limits: { pendingTxCountMax: 10 } })
    const b = consensusParamsOf(genesis, { limits: { pendingTxCountMax: 100_000 }, timing: { resendMs: 100 } })
    for (const k of genesisConsensusParamNames) expect(a[k]).toBe(b[k])
  })

  test('the default re-send period is at most half the genesis view timeout', () => {
    expect(consensusParamsOf(genesisWith({ viewTimeoutMs: 400 }), {}).resendMs).toBe(200)
    expect(consensusParamsOf(genesisWith({ viewTimeoutMs: 5000 }), {}).resendMs).toBe(defaultConsensusParams.resendMs)
  })

  test('a re-send period not below the genesis view timeout is refused, naming the config field', () => {
    let err: unknown
    try {
      consensusParamsOf(genesisWith({ viewTimeoutMs: 1000 }), { timing: { resendMs: 1000 } })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    expect({ code: (err as ConfigError).code, field: (err as ConfigError).field }).toEqual({ code: 'INVALID_CONFIG', field: 'config.timing.resendMs' })
  })

  test('a Replica takes the combined parameters', () => {
    const genesis = genesisWith({ checkpointIntervalBlocks: 4, windowBlocks: 8, viewTimeoutMs: 300, viewTimeoutMaxMs: 600 })
    const params = consensusParamsOf(genesis, { limits: { pendingTxCountMax: 64 } })
    const replica = new Replica({
      index: 0, key: keys[0], validators: makeValidatorSet(genesis.chainId, keys.map(k => k.publicKey)), genesisHash: genesisHash(genesis),
      genesisTimeMs: genesis.genesisTimeMs, ed: nodeEd25519, app: new CertApp(nodeEd25519, genesis), params
    }, { head: { height: 0, hash: genesisHash(genesis), timestampMs: genesis.genesisTimeMs } })
    expect(replica.pendingTxCount).toBe(0)
  })
})
