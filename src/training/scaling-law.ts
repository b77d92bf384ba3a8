// The scaling law L(C) = (C / C0)^(-alpha) + L_inf fitted to (training FLOPs, Pile test loss) points by Levenberg-Marquardt.
import { levenbergMarquardt } from 'ml-levenberg-marquardt'
import { checkInRange, FLOPS_RANGE, LOSS_RANGE, ScalingInputError } from './scaling-errors.js'
import { invertSymmetric, normalMatrix } from './scaling-stats.js'

/** A law's three coefficients: L(C) = (C / c0)^(-alpha) + lInf, C in FLOPs, L in nats/token. */
export interface ScalingCoefficients { c0: number, alpha: number, lInf: number }

export interface ScalingPoint { id: string, flops: number, loss: number }

export interface ScalingFit {
  coefficients: ScalingCoefficients & { log10C0: number }
  /** One standard error each; c0's is propagated from log10C0's (c0 * ln 10 * se), so it is only meaningful when small. */
  standardErrors: { c0: number, log10C0: number, alpha: number, lInf: number }
  /** s^2 (J^T J)^-1 over [log10C0, alpha, lInf], J the Jacobian of the model at the solution. */
  covariance: number[][]
  /** Residual variance s^2 = RSS / (n - 3). */
  residualVariance: number
  degreesOfFreedom: number
  rSquared: number
  /** The points as given, each with the law's value and the residual (loss - fitted). */
  points: Array<ScalingPoint & { fitted: number, residual: number }>
  convergence: {
    /** Levenberg-Marquardt iterations from the best start. */
    iterations: number
    /** Residual sum of squares in (nats/token)^2. */
    rss: number
    /** A Gauss-Newton step from the solution moves no scaled parameter by more than 1e-9 (relative). */
    converged: boolean
    /** Starting points tried (one per trial L_inf); the lowest RSS wins. */
    starts: number
  }
  /** Facts a reader should know, e.g. a negative L_inf. Empty for a clean fit. */
  warnings: string[]
}

export type ScalingFitResult = { ok: true, fit: ScalingFit } | { ok: false, reason: string }

const PARAMETERS = 3
const MAX_POINTS = 10_000
const CHUNK = 10
const MAX_ITERATIONS = 500
const LN10 = Math.log(10)

/** The law's loss at flops. */
export function evaluateLaw (law: ScalingCoefficients, flops: number): number {
  return Math.pow(flops / law.c0, -law.alpha) + law.lInf
}

/**
 * Fits the law. Invalid points throw ScalingInputError naming e.g. 'points[2].flops'; a fit the data cannot
 * determine (n <= 3, fewer than 3 distinct FLOPs, loss not falling with compute, a singular Jacobian) is
 * { ok: false, reason }, never NaN.
 */
export function fitScalingLaw (points: readonly ScalingPoint[]): ScalingFitResult {
  if (!Array.isArray(points)) throw new ScalingInputError('points', 'must be an array')
  if (points.length > MAX_POINTS) throw new ScalingInputError('points', `must hold at most ${MAX_POINTS} points (got ${points.length})`)
  points.forEach((point, i) => {
    if (typeof point?.id !== 'string') throw new ScalingInputError(`points[${i}].id`, 'must be a string')
    checkInRange(point.flops, `points[${i}].flops`, FLOPS_RANGE)
    checkInRange(point.loss, `points[${i}].loss`, LOSS_RANGE, { exclusiveMin: true })
  })
  const n = points.length
  if (n <= PARAMETERS) return { ok: false, reason: `${n} point(s) for 3 coefficients (C0, alpha, L_inf): at least 4 are needed to fit and to estimate the residual variance` }
  if (new Set(points.map((p) => p.flops)).size < PARAMETERS) return { ok: false, reason: 'the points need at least 3 distinct FLOPs values to determine a curve with 3 coefficients' }

  // Scale: x = standardised log10 FLOPs, y = standardised loss, so the optimiser's parameters are O(1)
  // (ml-levenberg-marquardt damps with lambda * I, which only behaves when the parameters share a scale).
  const lc = points.map((p) => Math.log10(p.flops))
  const loss = points.map((p) => p.loss)
  const [xm, xs] = meanSd(lc)
  const [ym, ys] = meanSd(loss)
  if (!(ys > 0)) return { ok: false, reason: 'the loss is the same at every point: no power law to fit' }
  const x = lc.map((v) => (v - xm) / xs)
  const y = loss.map((v) => (v - ym) / ys)

  // Internal model y = a exp(-b x) + c, with a = A / ys (A the reducible loss at the mean compute),
  // b = alpha * xs * ln 10, c = (L_inf - ym) / ys; mapped back to (log10 C0, alpha, L_inf) after the fit.
  const model = ([a, b, c]: number[]) => (v: number) => a * Math.exp(-b * v) + c
  const jacobian = ([a, b]: number[]) => (v: number) => { const e = Math.exp(-b * v); return [e, -a * v * e, 1] }

  let best: { q: number[], rss: number, iterations: number, converged: boolean } | undefined
  let starts = 0
  const minLoss = Math.min(...loss)
  // Trial L_inf values below the smallest loss; for each, log(L - L_inf) is linear in x, which gives a and b.
  for (const fraction of [0, 0.5, 0.8, 0.9, 0.95]) {
    const lInf0 = fraction * minLoss
    const [intercept, slope] = linearFit(x, loss.map((v) => Math.log(v - lInf0)))
    if (!(slope < 0)) continue
    starts++
    const run = optimise(x, y, [Math.exp(intercept) / ys, -slope, (lInf0 - ym) / ys], model, jacobian)
    if (best === undefined || run.rss < best.rss) best = run
  }
  if (best === undefined) return { ok: false, reason: 'the loss does not fall as compute grows: a decreasing power law does not describe these points' }
  const [a, b, c] = best.q
  if (!(b > B_MIN * 10 && a > A_MIN * 10)) return { ok: false, reason: 'the fit reached alpha = 0: the points show no power-law decrease' }

  const alpha = b / (xs * LN10)
  const log10C0 = xm + Math.log10(a * ys) / alpha
  const lInf = c * ys + ym
  const c0 = Math.pow(10, log10C0)
  if (!Number.isFinite(c0) || !Number.isFinite(log10C0)) return { ok: false, reason: `C0 = 10^${log10C0} is out of floating-point range: the curvature is too weak to place it` }

  // Covariance over the reported parameters from the Jacobian of L(C) at the solution.
  const coefficients = { c0, log10C0, alpha, lInf }
  const rows = lc.map((v) => lawGradient(coefficients, v))
  const inverse = invertSymmetric(normalMatrix(rows))
  if (inverse === null) return { ok: false, reason: 'J^T J is singular at the solution: the points cannot separate C0, alpha and L_inf' }
  const fitted = points.map((p) => evaluateLaw(coefficients, p.flops))
  const residuals = points.map((p, i) => p.loss - fitted[i])
  const rss = residuals.reduce((s, r) => s + r * r, 0)
  const tss = loss.reduce((s, v) => s + (v - ym) ** 2, 0)
  const degreesOfFreedom = n - PARAMETERS
  const residualVariance = rss / degreesOfFreedom
  const covariance = inverse.map((row) => row.map((v) => v * residualVariance))
  const se = covariance.map((row, i) => Math.sqrt(row[i]))

  const warnings: string[] = []
  if (!best.converged) warnings.push(`not converged after ${best.iterations} iterations: a Gauss-Newton step still moves the parameters`)
  if (lInf < 0) warnings.push(`L_inf = ${lInf.toPrecision(4)} is negative, which no cross-entropy can reach: the points do not pin down the irreducible loss`)

  return {
    ok: true,
    fit: {
      coefficients,
      standardErrors: { c0: c0 * LN10 * se[0], log10C0: se[0], alpha: se[1], lInf: se[2] },
      covariance,
      residualVariance,
      degreesOfFreedom,
      rSquared: 1 - rss / tss,
      points: points.map((p, i) => ({ id: p.id, flops: p.flops, loss: p.loss, fitted: fitted[i], residual: residuals[i] })),
      convergence: { iterations: best.iterations, rss, converged: best.converged, starts },
      warnings
    }
  }
}

/** dL/d(log10 C0, alpha, L_inf) at log10 FLOPs lc: the delta method's gradient and the Jacobian's row. */
export function lawGradient (law: { log10C0: number, alpha: number }, lc: number): number[] {
  const term = Math.pow(10, -law.alpha * (lc - law.log10C0))
  return [term * law.alpha * LN10, -term * LN10 * (lc - law.log10C0), 1]
}

const A_MIN = 1e-12
const B_MIN = 1e-9
// RSS in standardised units below which the points lie on the curve to double precision
const EXACT_RSS = 1e-24

type Model = (q: number[]) => (v: number) => number
type Jacobian = (q: number[]) => (v: number) => number[]

// Levenberg-Marquardt in chunks: the library stops only at maxIterations or when RSS <= errorTolerance (an
// absolute level real data never reach), so between chunks we stop once a Gauss-Newton step is negligible.
function optimise (x: number[], y: number[], initial: number[], model: Model, jacobian: Jacobian) {
  let q = initial
  let iterations = 0
  let converged = false
  for (let chunk = 0; chunk < MAX_ITERATIONS / CHUNK && !converged; chunk++) {
    const run = levenbergMarquardt({ x, y }, model, {
      initialValues: q,
      jacobianFunction: jacobian,
      maxIterations: CHUNK,
      // also the least improvement the library keeps: its 1e-7 default would freeze the parameters early
      errorTolerance: EXACT_RSS,
      minValues: [A_MIN, B_MIN, -1e6],
      maxValues: [1e6, 1e3, 1e6]
    })
    q = run.parameterValues
    iterations += run.iterations
    converged = run.parameterError <= EXACT_RSS || gaussNewtonStepIsNegligible(x, y, q, model, jacobian)
  }
  const f = model(q)
  const rss = x.reduce((s, v, i) => s + (y[i] - f(v)) ** 2, 0)
  return { q, rss, iterations, converged }
}

// Negligible: the step's length in the metric J^T J is below 1e-6 of the residual standard deviation,
// i.e. it moves the parameters by less than a millionth of their standard errors (scale-free, and the
// fit's near-collinear parameters make an absolute criterion unreachable).
function gaussNewtonStepIsNegligible (x: number[], y: number[], q: number[], model: Model, jacobian: Jacobian): boolean {
  const f = model(q)
  const g = jacobian(q)
  const rows = x.map((v) => g(v))
  const normal = normalMatrix(rows)
  const inverse = invertSymmetric(normal)
  if (inverse === null) return false
  const residuals = x.map((v, i) => y[i] - f(v))
  const jtr = q.map((_, k) => rows.reduce((s, row, i) => s + row[k] * residuals[i], 0))
  const step = inverse.map((row) => row.reduce((s, v, j) => s + v * jtr[j], 0))
  const moved = step.reduce((s, di, i) => s + di * normal[i].reduce((t, v, j) => t + v * step[j], 0), 0)
  const s2 = residuals.reduce((s, r) => s + r * r, 0) / (x.length - q.length)
  return moved <= 1e-12 * s2
}

function meanSd (values: number[]): [number, number] {
  const mean = values.reduce((s, v) => s + v, 0) / values.length
  return [mean, Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length)]
}

/** Ordinary least squares v = intercept + slope * u. */
function linearFit (u: number[], v: number[]): [number, number] {
  const [um] = meanSd(u)
  const [vm] = meanSd(v)
  const sxx = u.reduce((s, ui) => s + (ui - um) ** 2, 0)
  const sxy = u.reduce((s, ui, i) => s + (ui - um) * (v[i] - vm), 0)
  const slope = sxy / sxx
  return [vm - slope * um, slope]
}
