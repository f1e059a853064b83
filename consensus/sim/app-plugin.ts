// The application a simulation runs, as a parameter: consensus/ never
// imports node/, so the certification state machine (node/state) comes in
// through this interface (node/sim/cert-workload.ts), and the generic
// OpaqueApp is the default.
import { sha256 } from '@noble/hashes/sha2.js'
import type { Application } from '../app.ts'
import { OpaqueApp } from '../app.ts'
import type { Genesis, GenesisParams, GenesisVendor } from '../../protocols/genesis.ts'
import type { Ed25519, KeyPair } from '../../protocols/sign.ts'
import { keyPairFromSeed } from '../../protocols/sign.ts'
import { signTransaction, TxKind } from '../../protocols/tx.ts'
import { utf8 } from '../../protocols/bytes.ts'

export interface SimApplication extends Application { digest: () => Uint8Array }

export interface SimWorkload {
  /** The next client transaction at simulated time `nowMs`. */
  next: (nowMs: number) => Uint8Array
  /** Counts by kind of what was generated, for the simulator's summary. */
  counts: () => Record<string, number>
}

/**
 * An application that persists its state as the node does (node/state/
 * state-store.ts): one change set per committed height, written once the
 * block is durable, and a start from what landed instead of a replay of the
 * whole chain. The simulator checks each start against a fresh replay.
 */
export interface SimPersistence {
  /** An application restored from the change sets of heights 1..persisted.length (none: the genesis state); it keeps its change sets. */
  makeApp: (ed: Ed25519, genesis: Genesis, persisted: readonly unknown[]) => SimApplication
  /** The change set of committed height `height` (the oldest not yet taken). */
  take: (app: SimApplication, height: number) => unknown
  /** A digest of the whole state as it stands, whatever history led to it. */
  recordsDigest: (app: SimApplication) => Uint8Array
}

export interface SimAppPlugin {
  name: string
  persistence?: SimPersistence
  /** Genesis additions for this chain (vendors, lock-out policy). */
  genesis: (chainId: string) => { vendors: GenesisVendor[], params: Partial<GenesisParams> }
  makeApp: (ed: Ed25519, genesis: Genesis) => SimApplication
  /** The client side: a deterministic generator drawing from `random` (a seeded [0,1) source), signing with `ed`. */
  makeWorkload: (ed: Ed25519, chainId: string, random: () => number) => SimWorkload
}

/** Opaque signed transactions into the generic application. */
export const opaquePlugin: SimAppPlugin = {
  name: 'opaque',
  genesis: () => ({ vendors: [], params: {} }),
  makeApp: (ed, genesis) => new OpaqueApp(ed, genesis.chainId),
  makeWorkload: (ed, chainId, random) => {
    const client: KeyPair = keyPairFromSeed(sha256(utf8(`${chainId}/client`)), ed)
    let nonce = 0
    return {
      next: () => {
        const payload = new Uint8Array(8 + Math.floor(random() * 57))
        for (let i = 0; i < payload.length; i++) payload[i] = Math.floor(random() * 256)
        return signTransaction(ed, client, chainId, { kind: TxKind.opaque, nonce: ++nonce, payload })
      },
      counts: () => ({ 'opaque-tx': nonce })
    }
  }
}
