// Predictions from a fitted scaling law: the loss at a compute budget or a compute-optimal model size, with an interval.
import { checkInRange, FLOPS_RANGE, PARAMS_RANGE, ScalingInputError } from './scaling-errors.js'
import { evaluateLaw, lawGradient, type ScalingFit, type ScalingPoint } from './scaling-law.js'
import { publishedLoss } from './scaling-published.js'
import { studentTQuantile } from './scaling-stats.js'

/** Chinchilla's compute-optimal ratio, which Cerebras-GPT follows: 20 training tokens per parameter. */
export const TOKENS_PER_PARAMETER = 20
/** Training FLOPs ~ 6 x parameters x tokens (forward and backward, attention ignored). */
export const FLOPS_PER_PARAMETER_TOKEN = 6

export type ScalingPredictInput = { flops: number } | { params: number }

export interface ScalingInterval { low: number, high: number }

export interface ScalingPrediction {
  flops: number
  /** Given for a params query: the model size, its 20 x params tokens; null for a flops query. */
  params: number | null
  tokens: number | null
  /** The fitted law's loss, nats/token. */
  loss: number
  /** Standard error of the fitted curve at flops, by the delta method on the fit's covariance. */
  standardError: number
  /**
   * 95% intervals with Student's t at n - 3 degrees of freedom (not 1.96 sigma: with seven checkpoints that
   * would be about 30% too narrow). confidence: where the fitted curve lies (parameter uncertainty only);
   * prediction: where a new checkpoint's loss would lie (adds the residual variance s^2).
   */
  interval: { level: 0.95, distribution: 'student-t', degreesOfFreedom: number, quantile: number, confidence: ScalingInterval, prediction: ScalingInterval }
  /** The published law's loss at flops, and loss - published. */
  published: number
  differenceFromPublished: number
  /** flops lies outside the fitted points' FLOPs: the interval then rests on the law's form holding beyond the data. */
  extrapolated: boolean
  /** The fitted point nearest in log10 FLOPs; distance = |log10 flops - log10 its flops| (decades). */
  nearestCheckpoint: ScalingPoint & { log10Distance: number }
}

/**
 * The fitted law's loss at { flops } or at the compute-optimal budget of { params } (tokens = 20 x params,
 * FLOPs = 6 x params x tokens). Throws ScalingInputError naming 'flops', 'params' or 'input'.
 */
export function predict (fit: ScalingFit, input: ScalingPredictInput): ScalingPrediction {
  const { flops, params, tokens } = resolveInput(input)
  const lc = Math.log10(flops)
  const loss = evaluateLaw(fit.coefficients, flops)
  const gradient = lawGradient(fit.coefficients, lc)
  const variance = gradient.reduce((s, gi, i) => s + gi * gradient.reduce((t, gj, j) => t + fit.covariance[i][j] * gj, 0), 0)
  const standardError = Math.sqrt(Math.max(variance, 0))
  const quantile = studentTQuantile(0.975, fit.degreesOfFreedom)
  const predictionError = Math.sqrt(Math.max(variance, 0) + fit.residualVariance)
  const published = publishedLoss(flops)
  const logs = fit.points.map((p) => Math.log10(p.flops))
  let nearest = 0
  logs.forEach((v, i) => { if (Math.abs(v - lc) < Math.abs(logs[nearest] - lc)) nearest = i })
  const { id, flops: nearestFlops, loss: nearestLoss } = fit.points[nearest]
  return {
    flops,
    params,
    tokens,
    loss,
    standardError,
    interval: {
      level: 0.95,
      distribution: 'student-t',
      degreesOfFreedom: fit.degreesOfFreedom,
      quantile,
      confidence: { low: loss - quantile * standardError, high: loss + quantile * standardError },
      prediction: { low: loss - quantile * predictionError, high: loss + quantile * predictionError }
    },
    published,
    differenceFromPublished: loss - published,
    extrapolated: lc < Math.min(...logs) || lc > Math.max(...logs),
    nearestCheckpoint: { id, flops: nearestFlops, loss: nearestLoss, log10Distance: Math.abs(logs[nearest] - lc) }
  }
}

/** The FLOPs a prediction is for; throws ScalingInputError naming 'flops', 'params' or 'input'. */
export function resolveInput (input: ScalingPredictInput): { flops: number, params: number | null, tokens: number | null } {
  if (typeof input !== 'object' || input === null) throw new ScalingInputError('input', 'must be { flops } or { params }')
  const hasFlops = 'flops' in input && input.flops !== undefined
  const hasParams = 'params' in input && input.params !== undefined
  if (hasFlops && hasParams) throw new ScalingInputError('input', 'must give flops or params, not both')
  if (hasFlops) return { flops: checkInRange(input.flops, 'flops', FLOPS_RANGE), params: null, tokens: null }
  if (!hasParams) throw new ScalingInputError('input', 'must give flops or params')
  const params = checkInRange(input.params, 'params', PARAMS_RANGE)
  const tokens = TOKENS_PER_PARAMETER * params
  // PARAMS_RANGE maps to 1.2e14..1.2e28 FLOPs; the params range is the documented one, so no FLOPs check here
  return { flops: FLOPS_PER_PARAMETER_TOKEN * params * tokens, params, tokens }
}
