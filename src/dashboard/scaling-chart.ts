// The scaling-law chart's data, computed on the server: the cards' points and the fitted and published laws
// sampled evenly in log10 FLOPs over the points' range, a little wider on both sides. Pure; no HTML.
import type { ScalingLawView } from '../schemas/training.js'
import { evaluateLaw, type ScalingCoefficients } from '../training/scaling-law.js'
import { PUBLISHED_SCALING_LAW } from '../training/scaling-published.js'

/** How far the curves reach past the outermost points, in decades of FLOPs. */
export const PAD_DECADES = 0.25
export const CURVE_SAMPLES = 40

export interface XY { x: number, y: number }

/** One Chart.js dataset: the cards' points are marks, each curve a line through its samples. */
export interface ScalingDataset {
  label: string
  data: Array<XY & { id?: string }>
  showLine: boolean
  pointRadius: number
}

export type ScalingChart =
  | { ok: true, datasets: ScalingDataset[], range: { from: number, to: number } }
  | { ok: false, reason: string }

/** The FLOPs the curves span: the points' extremes widened by `pad` decades on each side. */
export function curveRange (flops: readonly number[], pad = PAD_DECADES): { from: number, to: number } {
  if (flops.length === 0 || flops.some((f) => !(f > 0 && Number.isFinite(f)))) throw new RangeError('curveRange needs positive, finite FLOPs')
  const logs = flops.map(Math.log10)
  return { from: Math.pow(10, Math.min(...logs) - pad), to: Math.pow(10, Math.max(...logs) + pad) }
}

/** `count` samples of the law from `from` to `to` FLOPs (both included), evenly spaced in log10 FLOPs. */
export function sampleLaw (law: ScalingCoefficients, from: number, to: number, count = CURVE_SAMPLES): XY[] {
  if (!(from > 0 && to >= from && Number.isFinite(to))) throw new RangeError('sampleLaw needs 0 < from <= to')
  if (!(Number.isInteger(count) && count >= 2)) throw new RangeError('sampleLaw needs at least 2 samples')
  const [lo, hi] = [Math.log10(from), Math.log10(to)]
  return Array.from({ length: count }, (_, i) => {
    // The ends are the given FLOPs exactly, not 10^log10 of them.
    const x = i === 0 ? from : i === count - 1 ? to : Math.pow(10, lo + (i * (hi - lo)) / (count - 1))
    return { x, y: evaluateLaw(law, x) }
  })
}

/** "L = (C / 5.984e22)^-0.0737 + 0.5066": the coefficients to 4 significant digits (alpha 3). */
export function lawLabel (law: ScalingCoefficients): string {
  const c0 = law.c0.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e')
  const alpha = Number(law.alpha.toPrecision(3))
  const lInf = Number(law.lInf.toPrecision(4))
  return `L = (C / ${c0})^-${alpha} ${lInf < 0 ? '-' : '+'} ${Math.abs(lInf)}`
}

/** The chart for a scaling-law answer, or why there is none (no points, or no fit). */
export function scalingChart (view: ScalingLawView): ScalingChart {
  if (view.points.length === 0) return { ok: false, reason: 'no card of a tracked model gives both training FLOPs and a Pile test loss yet' }
  if (view.fit === null) return { ok: false, reason: `no law could be fitted to the cards: ${view.fitError ?? 'no fit'}` }
  const range = curveRange(view.points.map((p) => p.flops))
  const curve = (label: string, data: XY[]): ScalingDataset => ({ label, data, showLine: true, pointRadius: 0 })
  return {
    ok: true,
    range,
    datasets: [
      { label: 'cards (points)', data: view.points.map((p) => ({ x: p.flops, y: p.loss, id: p.id })), showLine: false, pointRadius: 4 },
      curve(`fitted: ${lawLabel(view.fit.coefficients)}`, sampleLaw(view.fit.coefficients, range.from, range.to)),
      curve(`published: ${lawLabel(PUBLISHED_SCALING_LAW)}`, sampleLaw(PUBLISHED_SCALING_LAW, range.from, range.to))
    ]
  }
}
