// The scaling-law fit: recovery of known laws, the seven Cerebras-GPT checkpoints against the published law, predictions, bad input.
import t from 'tap'
import { evaluateLaw, fitScalingLaw, type ScalingFit, type ScalingPoint } from '../../src/training/scaling-law.js'
import { compareWithPublished, PUBLISHED_SCALING_LAW, publishedLoss } from '../../src/training/scaling-published.js'
import { predict } from '../../src/training/scaling-predict.js'
import { ScalingInputError } from '../../src/training/scaling-errors.js'

// The seven checkpoints: training FLOPs and Pile test loss (nats/token) as the paper prints them, from
// /work/shared/hub-fixtures/cerebras-gpt-paper.json, models[].training_flops.value (card and paper agree) and
// models[].pile_test_xent.paper.value (paper Table as quoted, and Cerebras' modelzoo README).
const PAPER: ScalingPoint[] = [
  { id: 'cerebras/Cerebras-GPT-111M', flops: 2.6e18, loss: 2.608 },
  { id: 'cerebras/Cerebras-GPT-256M', flops: 1.3e19, loss: 2.349 },
  { id: 'cerebras/Cerebras-GPT-590M', flops: 6.1e19, loss: 2.181 },
  { id: 'cerebras/Cerebras-GPT-1.3B', flops: 2.8e20, loss: 1.997 },
  { id: 'cerebras/Cerebras-GPT-2.7B', flops: 1.1e21, loss: 1.834 },
  { id: 'cerebras/Cerebras-GPT-6.7B', flops: 6.3e21, loss: 1.704 },
  { id: 'cerebras/Cerebras-GPT-13B', flops: 2.3e22, loss: 1.572 }
]
// The model cards print other losses for five of them (same file, pile_test_xent.card.value).
const CARD_LOSS = [2.566, 2.299, 2.184, 1.996, 1.834, 1.704, 1.575]

function fitOf (points: ScalingPoint[]): ScalingFit {
  const result = fitScalingLaw(points)
  if (!result.ok) throw new Error(`fit failed: ${result.reason}`)
  return result.fit
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)
const logSpaced = (count: number, from: number, to: number) => Array.from({ length: count }, (_, i) => 10 ** (from + (to - from) * i / (count - 1)))

// mulberry32 and Box-Muller: seeded, so a noisy test always sees the same noise
function gaussian (seed: number): () => number {
  let a = seed >>> 0
  const uniform = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
}

t.test('noise-free points of a known law give its coefficients back', async (t) => {
  // Tolerance 1e-9 relative: without noise only rounding and the stopping rule separate the fit from the
  // truth. The parameters correlate near 1, which multiplies rounding by up to ~1e6, still far below 1e-9.
  for (const law of [{ c0: 5.984e22, alpha: 0.0737, lInf: 0.5066 }, { c0: 1e20, alpha: 0.3, lInf: 1.7 }]) {
    const fit = fitOf(logSpaced(10, 18, 23).map((flops, i) => ({ id: `p${i}`, flops, loss: evaluateLaw(law, flops) })))
    t.ok(relative(fit.coefficients.c0, law.c0) < 1e-9, `C0 ${fit.coefficients.c0} vs ${law.c0}`)
    t.ok(relative(fit.coefficients.alpha, law.alpha) < 1e-9, `alpha ${fit.coefficients.alpha} vs ${law.alpha}`)
    t.ok(relative(fit.coefficients.lInf, law.lInf) < 1e-9, `L_inf ${fit.coefficients.lInf} vs ${law.lInf}`)
    t.ok(fit.rSquared > 1 - 1e-12)
    t.ok(fit.convergence.converged)
    t.same(fit.warnings, [])
  }
})

t.test('a negative L_inf is reported as a warning, not hidden', async (t) => {
  const law = { c0: 1e25, alpha: 0.05, lInf: -0.3 }
  const fit = fitOf(logSpaced(8, 18, 23).map((flops, i) => ({ id: `p${i}`, flops, loss: evaluateLaw(law, flops) })))
  t.ok(Math.abs(fit.coefficients.lInf + 0.3) < 1e-6)
  t.match(fit.warnings, [/L_inf = -0.3000 is negative/])
})

t.test('noisy points of a known law: the truth lies within the standard errors the fit reports', async (t) => {
  const law = PUBLISHED_SCALING_LAW
  const flops = logSpaced(20, 18, 23)
  // sigma 0.005 nats/token, a third of the seven checkpoints' own scatter (s = 0.017 below)
  const sigma = 0.005
  const noise = gaussian(12)
  const fit = fitOf(flops.map((f, i) => ({ id: `p${i}`, flops: f, loss: evaluateLaw(law, f) + sigma * noise() })))
  // Tolerance 3 standard errors: with noise, the recovered coefficients scatter by their standard errors;
  // 3 SE covers 99.7% of draws if the SEs are right (the seed is fixed, so the test is deterministic).
  const { coefficients: c, standardErrors: se } = fit
  t.ok(Math.abs(c.log10C0 - Math.log10(law.c0)) < 3 * se.log10C0, `log10 C0 ${c.log10C0} ± ${se.log10C0}`)
  t.ok(Math.abs(c.alpha - law.alpha) < 3 * se.alpha, `alpha ${c.alpha} ± ${se.alpha}`)
  t.ok(Math.abs(c.lInf - law.lInf) < 3 * se.lInf, `L_inf ${c.lInf} ± ${se.lInf}`)
  t.ok(Math.abs(Math.sqrt(fit.residualVariance) - sigma) < 0.5 * sigma, `s = ${Math.sqrt(fit.residualVariance)} estimates sigma`)
  // the curve is much better determined than the coefficients: within 3 of its own SEs at every point
  for (const f of flops) {
    const p = predict(fit, { flops: f })
    t.ok(Math.abs(p.loss - evaluateLaw(law, f)) < 3 * p.standardError, `at ${f.toExponential(2)}`)
  }
})

t.test('the 95% t intervals cover the truth about 95% of the time', async (t) => {
  // 300 noisy replicates: checks the covariance, the delta method and the t quantile together. With a
  // true rate of 95%, 300 draws land in [0.91, 0.98] with probability > 99.5% (binomial, sd 1.3%).
  const law = PUBLISHED_SCALING_LAW
  const flops = logSpaced(12, 18, 23)
  const noise = gaussian(7)
  let alphaCovered = 0
  let curveCovered = 0
  let unconverged = 0
  const runs = 300
  for (let run = 0; run < runs; run++) {
    const fit = fitOf(flops.map((f, i) => ({ id: `p${i}`, flops: f, loss: evaluateLaw(law, f) + 0.01 * noise() })))
    if (!fit.convergence.converged) unconverged++
    const p = predict(fit, { flops: 1e22 })
    if (Math.abs(fit.coefficients.alpha - law.alpha) <= p.interval.quantile * fit.standardErrors.alpha) alphaCovered++
    const truth = publishedLoss(1e22)
    if (truth >= p.interval.confidence.low && truth <= p.interval.confidence.high) curveCovered++
  }
  t.ok(alphaCovered / runs >= 0.91 && alphaCovered / runs <= 0.98, `alpha covered in ${alphaCovered}/${runs}`)
  t.equal(unconverged, 0, 'every replicate converged')
  t.ok(curveCovered / runs >= 0.91 && curveCovered / runs <= 0.98, `L(1e22) covered in ${curveCovered}/${runs}`)
})

t.test('the seven published checkpoints land on the published law', async (t) => {
  const fit = fitOf(PAPER)
  // Tolerance 0.2% on the losses, not the coefficients: C0, alpha and L_inf correlate at |r| > 0.99, so
  // quite different triples draw nearly the same curve. The authors may have fitted other points or
  // weights, with unrounded FLOPs (these have two significant digits), and printed 4-digit coefficients;
  // the fit comes within 0.07%, while the card's losses (below) miss by 2%.
  for (const point of PAPER) {
    const fitted = evaluateLaw(fit.coefficients, point.flops)
    t.ok(relative(fitted, publishedLoss(point.flops)) < 0.002, `${point.id}: ${fitted} vs ${publishedLoss(point.flops)}`)
  }
  // Cross-checked with scipy.optimize.least_squares (method 'lm') on the same points while writing this
  // test: log10 C0 22.81099, alpha 0.0732928, L_inf 0.501339; SEs 1.70267, 0.0145486, 0.303540; RSS 0.00117222.
  t.ok(Math.abs(fit.coefficients.log10C0 - 22.81099) < 1e-4)
  t.ok(Math.abs(fit.coefficients.alpha - 0.0732928) < 1e-6)
  t.ok(Math.abs(fit.coefficients.lInf - 0.501339) < 1e-5)
  t.ok(relative(fit.standardErrors.log10C0, 1.70267) < 1e-4)
  t.ok(relative(fit.standardErrors.alpha, 0.0145486) < 1e-4)
  t.ok(relative(fit.standardErrors.lInf, 0.303540) < 1e-4)
  t.ok(relative(fit.convergence.rss, 0.00117222) < 1e-5)
  t.ok(fit.rSquared > 0.998)
  t.equal(fit.degreesOfFreedom, 4)
  t.ok(fit.convergence.converged)
  // and the published coefficients lie within one standard error of the fit's
  t.ok(Math.abs(fit.coefficients.log10C0 - Math.log10(PUBLISHED_SCALING_LAW.c0)) < fit.standardErrors.log10C0)
  t.ok(Math.abs(fit.coefficients.alpha - PUBLISHED_SCALING_LAW.alpha) < fit.standardErrors.alpha)
  t.ok(Math.abs(fit.coefficients.lInf - PUBLISHED_SCALING_LAW.lInf) < fit.standardErrors.lInf)
  // residuals are loss - fitted, in the points' order
  t.same(fit.points.map((p) => p.id), PAPER.map((p) => p.id))
  for (const p of fit.points) t.ok(Math.abs(p.residual - (p.loss - p.fitted)) < 1e-15)

  const card = fitOf(PAPER.map((p, i) => ({ ...p, loss: CARD_LOSS[i] })))
  const worst = Math.max(...PAPER.map((p) => relative(evaluateLaw(card.coefficients, p.flops), publishedLoss(p.flops))))
  t.ok(worst > 0.015, `the card's losses give another law (worst ${(100 * worst).toFixed(2)}% off): the law was fitted to the paper's`)
})

t.test('the law fitted up to 6.7B projects 13B within 2%, and 13B lies in its 95% interval', async (t) => {
  const fit = fitOf(PAPER.slice(0, 6))
  const thirteen = PAPER[6]
  const p = predict(fit, { flops: thirteen.flops })
  // The authors report 13B within 0.5% of the projection from models up to 6.7B. This unweighted fit of six
  // points (3 degrees of freedom) projects 1.5967, so 13B's 1.572 is 1.55% below it: tolerance 2%. The
  // published law itself gives 1.5796 at 23e21 FLOPs, 0.48% from 13B, which is where the 0.5% is met.
  t.ok(relative(thirteen.loss, p.loss) < 0.02, `projected ${p.loss}, 13B ${thirteen.loss}`)
  t.ok(Math.abs(p.loss - 1.59668) < 1e-4, 'scipy gives 1.596677')
  t.ok(thirteen.loss >= p.interval.confidence.low && thirteen.loss <= p.interval.confidence.high)
  t.ok(p.extrapolated)
  t.equal(p.nearestCheckpoint.id, 'cerebras/Cerebras-GPT-6.7B')
  t.ok(relative(thirteen.loss, publishedLoss(thirteen.flops)) < 0.005)
})

t.test('predict at 1e22 FLOPs: the published law by hand, and the fit', async (t) => {
  const fit = fitOf(PAPER)
  const p = predict(fit, { flops: 1e22 })
  // (1e22 / 5.984e22)^(-0.0737) + 0.5066, by hand (python: (1e22/5.984e22)**-0.0737 + 0.5066)
  t.ok(Math.abs(p.published - 1.6475438712064294) < 1e-12, `published ${p.published}`)
  // the fit's coefficients by hand, and scipy's fit: 1.648011339
  const { c0, alpha, lInf } = fit.coefficients
  t.ok(Math.abs(p.loss - ((1e22 / c0) ** -alpha + lInf)) < 1e-12)
  t.ok(Math.abs(p.loss - 1.648011339) < 1e-6, `fit ${p.loss}`)
  t.ok(Math.abs(p.differenceFromPublished - (p.loss - p.published)) < 1e-15)
  // delta method: SE 0.0107546, t(0.975, 4) = 2.776445
  t.ok(Math.abs(p.standardError - 0.0107546) < 1e-6)
  t.equal(p.interval.degreesOfFreedom, 4)
  t.ok(Math.abs(p.interval.quantile - 2.776445) < 1e-6)
  t.ok(Math.abs(p.interval.confidence.high - p.loss - 2.776445 * p.standardError) < 1e-6)
  t.ok(p.interval.prediction.low < p.interval.confidence.low && p.interval.prediction.high > p.interval.confidence.high)
  t.equal(p.nearestCheckpoint.id, 'cerebras/Cerebras-GPT-6.7B')
  t.ok(Math.abs(p.nearestCheckpoint.log10Distance - Math.log10(1e22 / 6.3e21)) < 1e-12)
  t.notOk(p.extrapolated)
  t.equal(p.params, null)
})

t.test('predict by parameters: 20 tokens per parameter, 6 x params x tokens FLOPs', async (t) => {
  const fit = fitOf(PAPER)
  const p = predict(fit, { params: 6.7e9 })
  t.equal(p.tokens, 1.34e11)
  t.ok(relative(p.flops, 6 * 6.7e9 * 1.34e11) < 1e-15)
  t.equal(p.nearestCheckpoint.id, 'cerebras/Cerebras-GPT-6.7B')
  t.ok(p.interval.confidence.low < p.loss && p.loss < p.interval.confidence.high)
  t.ok(predict(fit, { params: 1e11 }).extrapolated)
  t.equal(predict(fit, { params: 1e8 }).nearestCheckpoint.id, 'cerebras/Cerebras-GPT-111M')
})

t.test('bad input throws a ScalingInputError naming the parameter', async (t) => {
  const fit = fitOf(PAPER)
  const cases: Array<[unknown, string]> = [
    [{ flops: 0 }, 'flops'], [{ flops: -1e20 }, 'flops'], [{ flops: NaN }, 'flops'], [{ flops: Infinity }, 'flops'],
    [{ flops: 1e14 }, 'flops'], [{ flops: 1e31 }, 'flops'], [{ flops: '1e20' }, 'flops'],
    [{ params: 0 }, 'params'], [{ params: -5 }, 'params'], [{ params: 6.7 }, 'params'], [{ params: 1e14 }, 'params'],
    [{ params: Number.NaN }, 'params'], [{ flops: 1e20, params: 1e9 }, 'input'], [{}, 'input'], [null, 'input']
  ]
  for (const [input, parameter] of cases) {
    const err = t.throws(() => predict(fit, input as { flops: number }), ScalingInputError, `${JSON.stringify(input)} throws`)
    t.match(err, { parameter, code: 'CATALOG_SCALING_BAD_INPUT', message: new RegExp(`^${parameter} `) }, `and names ${parameter}`)
  }
  t.doesNotThrow(() => predict(fit, { flops: 1e15 }))
  t.doesNotThrow(() => predict(fit, { params: 1e13 }))
  const bad = PAPER.map((p) => ({ ...p }))
  bad[2].loss = -1
  t.match(t.throws(() => fitScalingLaw(bad), ScalingInputError), { parameter: 'points[2].loss', code: 'CATALOG_SCALING_BAD_INPUT' })
  bad[2].loss = 2.181
  bad[4].flops = Infinity
  t.match(t.throws(() => fitScalingLaw(bad), ScalingInputError), { parameter: 'points[4].flops' })
  t.match(t.throws(() => fitScalingLaw('nope' as unknown as ScalingPoint[]), ScalingInputError), { parameter: 'points' })
})

t.test('too few points, or points without a power law, give a reason and no NaN', async (t) => {
  for (const n of [0, 1, 2, 3]) {
    const result = fitScalingLaw(PAPER.slice(0, n))
    t.equal(result.ok, false)
    if (!result.ok) t.match(result.reason, /at least 4/)
  }
  t.ok(fitScalingLaw(PAPER.slice(0, 4)).ok, 'four points fit (one degree of freedom)')
  const twoFlops = [1e20, 1e20, 1e21, 1e21].map((flops, i) => ({ id: `p${i}`, flops, loss: 2 - i * 0.01 }))
  t.match(fitScalingLaw(twoFlops), { ok: false, reason: /distinct FLOPs/ })
  const flat = PAPER.map((p) => ({ ...p, loss: 2 }))
  t.match(fitScalingLaw(flat), { ok: false, reason: /same at every point/ })
  const rising = PAPER.map((p, i) => ({ ...p, loss: 1.5 + 0.1 * i }))
  t.match(fitScalingLaw(rising), { ok: false, reason: /does not fall/ })
})

t.test('the published law and each checkpoint\'s distance from it', async (t) => {
  t.same({ c0: PUBLISHED_SCALING_LAW.c0, alpha: PUBLISHED_SCALING_LAW.alpha, lInf: PUBLISHED_SCALING_LAW.lInf }, { c0: 5.984e22, alpha: 0.0737, lInf: 0.5066 })
  t.ok(Object.isFrozen(PUBLISHED_SCALING_LAW))
  // scaling_law.sanity_check in cerebras-gpt-paper.json: the law at each checkpoint's FLOPs, 4-5 digits
  const sanity = [2.603, 2.3685, 2.168, 1.9915, 1.8491, 1.6871, 1.5796]
  const rows = compareWithPublished(PAPER)
  rows.forEach((row, i) => {
    t.ok(Math.abs(row.published - sanity[i]) < 6e-4, `${row.id}: ${row.published} vs ${sanity[i]}`)
    t.ok(Math.abs(row.difference - (PAPER[i].loss - row.published)) < 1e-15)
    // 6.7B lies furthest from the law: 1.704 against 1.6871 (+1.0%)
    t.ok(Math.abs(row.relativeDifference) < 0.015, `${row.id} within 1.5% of the law`)
  })
})
