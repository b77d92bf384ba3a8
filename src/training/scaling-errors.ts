// The scaling law's input ranges and their check; the error (src/errors.ts) names the parameter, and the HTTP
// layer maps it to a 400.
import { ScalingInputError } from '../errors.js'

export { ScalingInputError }

/** A closed range [min, max] with its unit, for the messages. */
export interface ScalingRange { min: number, max: number, unit: string }

// Compute-optimal Cerebras-GPT spans 2.6e18..2.3e22 FLOPs and 1.1e8..1.3e10 parameters; the ranges leave
// room for extrapolation while refusing values that are surely typos (a bare 6.7 for 6.7B).
export const FLOPS_RANGE: ScalingRange = Object.freeze({ min: 1e15, max: 1e30, unit: 'FLOPs' })
export const PARAMS_RANGE: ScalingRange = Object.freeze({ min: 1e6, max: 1e13, unit: 'parameters' })
// Cross-entropy in nats/token: a uniform guess over GPT-2's 50,257 tokens is 10.8; 50 is a generous ceiling.
export const LOSS_RANGE: ScalingRange = Object.freeze({ min: 0, max: 50, unit: 'nats/token' })

/** Checks that value is a finite number in range (loss: above min, the others: min included), else throws naming parameter. */
export function checkInRange (value: unknown, parameter: string, range: ScalingRange, { exclusiveMin = false } = {}): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new ScalingInputError(parameter, 'must be a number')
  if (!Number.isFinite(value)) throw new ScalingInputError(parameter, 'must be finite')
  if (value <= 0) throw new ScalingInputError(parameter, `must be positive (got ${value})`)
  const belowMin = exclusiveMin ? value <= range.min : value < range.min
  if (belowMin || value > range.max) {
    throw new ScalingInputError(parameter, `must be in ${exclusiveMin ? '(' : '['}${range.min}, ${range.max}] ${range.unit} (got ${value})`)
  }
  return value
}
