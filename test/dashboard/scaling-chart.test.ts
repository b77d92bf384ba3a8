// The scaling chart's server-side data: the padded FLOPs range, the log-spaced samples of a law, the legend's
// formula, and the chart or the reason there is none for a scaling-law answer.
import t from 'tap'
import { curveRange, lawLabel, sampleLaw, scalingChart } from '../../src/dashboard/scaling-chart.js'
import type { ScalingLawView, ScalingPointView } from '../../src/schemas/training.js'
import { PUBLISHED_SCALING_LAW } from '../../src/training/scaling-published.js'

const close = (actual: number, expected: number, tolerance = 1e-12) => Math.abs(actual - expected) <= tolerance * Math.abs(expected)

t.test('sampleLaw: count samples from the first FLOPs to the last, evenly spaced in log10 FLOPs', async (t) => {
  const samples = sampleLaw(PUBLISHED_SCALING_LAW, 1e20, 1e22, 40)
  t.equal(samples.length, 40)
  t.equal(samples[0].x, 1e20, 'starts at the first FLOPs exactly')
  t.equal(samples[39].x, 1e22, 'ends at the last FLOPs exactly')
  // (1e20 / 5.984e22)^-0.0737 + 0.5066 and (1e22 / 5.984e22)^-0.0737 + 0.5066, computed with Python
  t.ok(close(samples[0].y, 2.108606521913384), `published law at 1e20: ${samples[0].y}`)
  t.ok(close(samples[39].y, 1.6475438712064294), `published law at 1e22: ${samples[39].y}`)
  const steps = samples.slice(1).map((s, i) => Math.log10(s.x) - Math.log10(samples[i].x))
  t.ok(steps.every((step) => Math.abs(step - 2 / 39) < 1e-12), 'each step is 2/39 of a decade')
  t.ok(samples.slice(1).every((s, i) => s.y < samples[i].y), 'the loss falls with compute')

  const three = sampleLaw(PUBLISHED_SCALING_LAW, 1e20, 1e22, 3)
  t.ok(close(three[1].x, 1e21), 'the middle of three samples is the geometric mean')
  t.ok(close(three[1].y, 1.8585613614337517), `published law at 1e21: ${three[1].y}`)
  t.equal(sampleLaw(PUBLISHED_SCALING_LAW, 1e20, 1e22).length, 40, '40 samples by default')
})

t.test('sampleLaw and curveRange refuse what they cannot sample', async (t) => {
  t.throws(() => sampleLaw(PUBLISHED_SCALING_LAW, 0, 1e22), RangeError)
  t.throws(() => sampleLaw(PUBLISHED_SCALING_LAW, 1e22, 1e20), RangeError)
  t.throws(() => sampleLaw(PUBLISHED_SCALING_LAW, 1e20, 1e22, 1), RangeError)
  t.throws(() => curveRange([]), RangeError)
  t.throws(() => curveRange([1e20, Number.NaN]), RangeError)
})

t.test('curveRange: the points\' extremes widened by a quarter decade on both sides', async (t) => {
  const { from, to } = curveRange([1e21, 1e22, 1e20])
  t.ok(close(from, 5.6234132519034905e19), `10^19.75: ${from}`)
  t.ok(close(to, 1.7782794100389228e22), `10^22.25: ${to}`)
  t.same(curveRange([1e20, 1e22], 0), { from: 1e20, to: 1e22 })
})

t.test('lawLabel: the formula with rounded coefficients', async (t) => {
  t.equal(lawLabel(PUBLISHED_SCALING_LAW), 'L = (C / 5.984e22)^-0.0737 + 0.5066')
  t.equal(lawLabel({ c0: 6.139721482904477e24, alpha: 0.05835655191719076, lInf: 0.1964579594737088 }), 'L = (C / 6.14e24)^-0.0584 + 0.1965')
  t.equal(lawLabel({ c0: 1e20, alpha: 0.05, lInf: -0.25 }), 'L = (C / 1e20)^-0.05 - 0.25')
})

// A point as the API gives it; only id, flops and loss matter to the chart.
const POINT = { cardRevision: 'a'.repeat(40), flopsRaw: null, lossRaw: null, included: true, fitted: null, residual: null, relativeResidual: null, published: 0, differenceFromPublished: 0, paper: null }
const point = (id: string, flops: number, loss: number): ScalingPointView => ({ ...POINT, id, flops, loss })

function view (over: Partial<ScalingLawView>): ScalingLawView {
  return {
    law: 'L(C) = (C / C0)^(-alpha) + L_inf',
    fit: null,
    fitError: null,
    published: { ...PUBLISHED_SCALING_LAW },
    points: [],
    excluded: [],
    skipped: [],
    familyDisagreements: [],
    ...over
  }
}

const FIT: NonNullable<ScalingLawView['fit']> = {
  coefficients: { c0: 1e23, log10C0: 23, alpha: 0.06, lInf: 0.3 },
  standardErrors: { c0: 0, log10C0: 0, alpha: 0, lInf: 0 },
  covariance: [[0, 0, 0], [0, 0, 0], [0, 0, 0]],
  rSquared: 0.99,
  residualVariance: 0,
  degreesOfFreedom: 1,
  convergence: { iterations: 1, rss: 0, converged: true, starts: 1 },
  warnings: []
}

t.test('scalingChart: the points and two curves over the padded range', async (t) => {
  const chart = scalingChart(view({ fit: FIT, points: [point('a/small', 1e20, 2.2), point('a/large', 1e22, 1.7)] }))
  if (!chart.ok) throw new Error(chart.reason)
  const [cards, fitted, published] = chart.datasets
  t.same(cards, { label: 'cards (points)', data: [{ x: 1e20, y: 2.2, id: 'a/small' }, { x: 1e22, y: 1.7, id: 'a/large' }], showLine: false, pointRadius: 4 })
  t.equal(fitted.label, 'fitted: L = (C / 1e23)^-0.06 + 0.3')
  t.equal(published.label, 'published: L = (C / 5.984e22)^-0.0737 + 0.5066')
  for (const curve of [fitted, published]) {
    t.equal(curve.data.length, 40, `${curve.label}: 40 samples`)
    t.match(curve, { showLine: true, pointRadius: 0 })
    t.ok(close(curve.data[0].x, 5.6234132519034905e19) && close(curve.data[39].x, 1.7782794100389228e22), 'from 10^19.75 to 10^22.25 FLOPs')
  }
  // (10^19.75 / 1e23)^-0.06 + 0.3 and the published law at 10^19.75, computed with Python
  t.ok(close(fitted.data[0].y, 1.866751070108149), `fitted at 10^19.75: ${fitted.data[0].y}`)
  t.ok(close(published.data[0].y, 2.1780341829834335), `published at 10^19.75: ${published.data[0].y}`)
})

t.test('scalingChart: no chart without points or without a fit, and why', async (t) => {
  t.same(scalingChart(view({})), { ok: false, reason: 'no card of a tracked model gives both training FLOPs and a Pile test loss yet' })
  const noFit = scalingChart(view({ points: [point('a/one', 1e20, 2.2)], fitError: '1 point(s) for 3 coefficients' }))
  t.same(noFit, { ok: false, reason: 'no law could be fitted to the cards: 1 point(s) for 3 coefficients' })
})
