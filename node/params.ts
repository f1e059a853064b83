// The replica's parameters of a node: the consensus rules of the genesis,
// which every validator shares, combined with what this node chooses for
// itself in config.json (`limits`: its memory bounds; `timing`: how often it
// re-sends, re-asks and announces). Nothing consensus-critical comes from a
// node's own config: validators that disagreed on one of those rules would
// refuse each other's proposals or never make a checkpoint stable.
import { genesisConsensusParamNames, type Genesis, type GenesisConsensusParams } from '../protocols/genesis.ts'
import { checkParams, defaultConsensusParams, type ConsensusParams } from '../consensus/constants.ts'
import { configLimitRanges, configTimingRanges } from './constants.ts'
import { ConfigError } from './errors.ts'

/** config.json `limits`. */
export type NodeLimits = Record<keyof typeof configLimitRanges, number>
/** config.json `timing`. */
export type NodeTiming = Record<keyof typeof configTimingRanges, number>

// A compile-time check: every replica parameter is either the genesis's or the node's, never both, never neither,
// so a new one cannot be added without deciding where it comes from.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
void (true satisfies Same<keyof GenesisConsensusParams | keyof NodeLimits | keyof NodeTiming, keyof ConsensusParams>)
void (true satisfies Same<keyof GenesisConsensusParams & (keyof NodeLimits | keyof NodeTiming), never>)

export const nodeLimitNames = Object.keys(configLimitRanges) as Array<keyof NodeLimits>
export const nodeTimingNames = Object.keys(configTimingRanges) as Array<keyof NodeTiming>

/** What of a config consensusParamsOf reads. */
export interface LocalSettings {
  limits?: Partial<NodeLimits>
  timing?: Partial<NodeTiming>
}

/**
 * The replica's parameters: the genesis's consensus rules, and this node's
 * limits and timing from its config (each at its default when the config
 * leaves it out). The default re-send period is at most half the genesis
 * view timeout, so that a genesis with a short view timeout works with a
 * config that says nothing. Throws ConfigError naming the config field when
 * the combination breaks a relation.
 */
export function consensusParamsOf (genesis: Genesis, config: LocalSettings): ConsensusParams {
  const shared = Object.fromEntries(genesisConsensusParamNames.map(k => [k, genesis.params[k]])) as unknown as GenesisConsensusParams
  const local = (names: string[], given: Record<string, number | undefined> | undefined, defaults: Record<string, number>): Record<string, number> =>
    Object.fromEntries(names.map(k => [k, given?.[k] ?? defaults[k]]))
  const resendDefaultMs = Math.min(defaultConsensusParams.resendMs, Math.floor(shared.viewTimeoutMs / 2))
  const params = {
    ...shared,
    ...local(nodeLimitNames, config.limits, defaultConsensusParams as unknown as Record<string, number>),
    ...local(nodeTimingNames, config.timing, { ...defaultConsensusParams, resendMs: resendDefaultMs } as unknown as Record<string, number>)
  } as ConsensusParams
  if (params.resendMs >= shared.viewTimeoutMs) {
    throw new ConfigError(`config.timing.resendMs: ${params.resendMs} is not allowed: below the genesis's params.viewTimeoutMs ` +
      `(${shared.viewTimeoutMs}), so that lost votes are sent again before the replicas give up on the view`, { field: 'config.timing.resendMs' })
  }
  try {
    return checkParams(params)
  } catch (err) {
    // A relation the checks above and the genesis's do not cover yet: still the operator's to fix, so still a ConfigError.
    throw new ConfigError(`genesis params and config.json together: ${(err as Error).message}`)
  }
}
