// The answers about training built from the stored card facts of one catalogue version: a model's facts, the
// family's evaluations, the scaling-law fit and predictions from it. Computed once per version and memoised.
import { ScalingFitUnavailableError, UnknownModelError } from '../errors.js'
import {
  EVALUATION_COLUMNS, MODEL_FACTS, type EvaluationsView, type ModelTrainingView, type ScalingLawView, type ScalingPointView,
  type ScalingPredictionView
} from '../schemas/training.js'
import { compareFamilies, type CardFacts, type Fact, type FamilyDisagreement } from './card-facts.js'
import { paperComparison } from './paper-figures.js'
import { FLOPS_RANGE, LOSS_RANGE } from './scaling-errors.js'
import { evaluateLaw, fitScalingLaw, type ScalingFit } from './scaling-law.js'
import { predict, resolveInput, type ScalingPredictInput } from './scaling-predict.js'
import { PUBLISHED_SCALING_LAW, publishedLoss } from './scaling-published.js'
import type { TrainingRecord } from './training-record.js'

export interface StoredTraining extends TrainingRecord { parsedAt: Date }

export interface TrainingEntry { id: string, training: StoredTraining | null }

interface FitOutcome { fit: ScalingFit | null, fitError: string | null, excluded: string[] }

const MEMO_LIMIT = 64
const none = (): Fact => ({ value: null, raw: null })
const finiteFit = (fit: ScalingFit) => [
  ...Object.values(fit.coefficients), ...Object.values(fit.standardErrors), ...fit.covariance.flat(), fit.rSquared, fit.residualVariance
].every(Number.isFinite)
// Stored JSON comes from the parser version that wrote it: every key of the API is there, null if need be.
const factsOf = <K extends string>(keys: readonly K[], stored: Partial<Record<K, Fact>> | undefined) =>
  Object.fromEntries(keys.map((key) => [key, stored?.[key] ?? none()])) as Record<K, Fact>
const EVALUATION_KEYS = EVALUATION_COLUMNS.map((column) => column.key)

export class TrainingAnswers {
  readonly #entries: readonly TrainingEntry[]
  #disagreements: FamilyDisagreement[] | undefined
  #evaluations: EvaluationsView | undefined
  readonly #laws = new Map<string, ScalingLawView>()
  readonly #fits = new Map<string, FitOutcome>()

  /** entries: every tracked model of the catalogue version, by id. */
  constructor (entries: readonly TrainingEntry[]) {
    this.#entries = [...entries].sort((a, b) => byFlops(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  /** Cells on which the stored cards' family tables disagree. */
  disagreements (): FamilyDisagreement[] {
    this.#disagreements ??= compareFamilies(this.#withFacts().map(({ id, training }) => ({ modelId: id, facts: training.facts })))
    return this.#disagreements
  }

  /** One model's facts; null when no card of it has been read yet. */
  model (id: string): ModelTrainingView | null {
    const training = this.#entries.find((entry) => entry.id === id)?.training
    if (training === undefined || training === null) return null
    const facts: CardFacts = training.facts
    return {
      id,
      cardRevision: training.cardRevision,
      cardOid: training.cardOid,
      parsedAt: training.parsedAt.toISOString(),
      facts: factsOf(MODEL_FACTS, facts.model),
      evaluation: {
        zeroShot: factsOf(EVALUATION_KEYS, facts.evaluation?.zeroShot),
        fiveShot: factsOf(EVALUATION_KEYS, facts.evaluation?.fiveShot)
      },
      paper: paperComparison(id, training.pileLoss),
      warnings: training.warnings,
      familyDisagreements: this.disagreements().filter((d) => d.modelId === id)
    }
  }

  evaluations (): EvaluationsView {
    this.#evaluations ??= {
      columns: EVALUATION_COLUMNS.map(({ key, label }) => ({ key, label })),
      items: this.#withFacts().map(({ id, training }) => ({
        id,
        cardRevision: training.cardRevision,
        zeroShot: factsOf(EVALUATION_KEYS, training.facts.evaluation?.zeroShot),
        fiveShot: factsOf(EVALUATION_KEYS, training.facts.evaluation?.fiveShot)
      })),
      notRead: this.#entries.filter((entry) => entry.training === null).map((entry) => entry.id),
      familyDisagreements: this.disagreements()
    }
    return this.#evaluations
  }

  /**
   * The tracked models exclude= names, by repo id or by repo name when one model has it (any case), as ids.
   * Throws UnknownModelError naming the first that is neither.
   */
  resolveExclude (asked: readonly string[] | undefined, parameter = 'querystring/exclude'): string[] {
    const names = (asked ?? []).flatMap((item) => item.split(',')).map((name) => name.trim()).filter((name) => name !== '')
    const ids = names.map((name) => {
      const lower = name.toLowerCase()
      const byId = this.#entries.find((entry) => entry.id.toLowerCase() === lower)
      const byName = this.#entries.filter((entry) => entry.id.slice(entry.id.indexOf('/') + 1).toLowerCase() === lower)
      if (byId === undefined && byName.length > 1) {
        throw new UnknownModelError(parameter, `${JSON.stringify(name)}, which several tracked models are named (${byName.map((entry) => entry.id).join(', ')}): give the repo id`)
      }
      const match = byId ?? byName[0]
      if (match === undefined) throw new UnknownModelError(parameter, `${JSON.stringify(name)}, which is not a tracked model`)
      return match.id
    })
    return [...new Set(ids)].sort()
  }

  /** The fit to every point but the excluded models' (ids from resolveExclude), with each point against it. */
  scalingLaw (excluded: readonly string[]): ScalingLawView {
    const key = excluded.join('\n')
    let law = this.#laws.get(key)
    if (law === undefined) {
      law = this.#buildLaw(excluded)
      if (this.#laws.size >= MEMO_LIMIT) this.#laws.clear()
      this.#laws.set(key, law)
    }
    return law
  }

  /** The fitted law's prediction; throws ScalingFitUnavailableError without a fit, ScalingInputError on bad input. */
  predict (input: ScalingPredictInput, excluded: readonly string[]): ScalingPredictionView {
    resolveInput(input) // bad input is a 400 whether or not there is a fit
    const { fit, fitError } = this.#fit(excluded)
    if (fit === null) throw new ScalingFitUnavailableError(fitError ?? 'no fit')
    const prediction = predict(fit, input)
    const numbers = [prediction.loss, prediction.standardError, prediction.published, ...Object.values(prediction.interval.prediction), ...Object.values(prediction.interval.confidence)]
    if (!numbers.every(Number.isFinite)) throw new ScalingFitUnavailableError(`the fitted law gives no finite loss at ${prediction.flops} FLOPs`)
    // A loss is never negative: an interval reaching below 0 (far outside the data) stops at 0.
    const { confidence, prediction: interval } = prediction.interval
    return {
      ...prediction,
      interval: { ...prediction.interval, confidence: { ...confidence, low: Math.max(0, confidence.low) }, prediction: { ...interval, low: Math.max(0, interval.low) } },
      excluded: [...excluded]
    }
  }

  #withFacts (): Array<{ id: string, training: StoredTraining }> {
    return this.#entries.flatMap((entry) => (entry.training === null ? [] : [{ id: entry.id, training: entry.training }]))
  }

  #points (): { points: Array<{ id: string, training: StoredTraining, flops: number, loss: number }>, skipped: ScalingLawView['skipped'] } {
    const points: Array<{ id: string, training: StoredTraining, flops: number, loss: number }> = []
    const skipped: ScalingLawView['skipped'] = []
    for (const { id, training } of this.#entries) {
      const reason = training === null
        ? 'no training facts yet: the next sync reads its card'
        : training.flops === null
          ? 'its card gives no training FLOPs'
          : training.pileLoss === null
            ? 'its card gives no Pile test loss'
            : !(training.flops >= FLOPS_RANGE.min && training.flops <= FLOPS_RANGE.max)
                ? `its card's FLOPs (${training.flops}) lie outside ${FLOPS_RANGE.min}..${FLOPS_RANGE.max}`
                : !(training.pileLoss > LOSS_RANGE.min && training.pileLoss <= LOSS_RANGE.max)
                    ? `its card's Pile loss (${training.pileLoss}) lies outside ${LOSS_RANGE.min}..${LOSS_RANGE.max} nats/token`
                    : null
      if (reason !== null || training === null) skipped.push({ id, reason: reason ?? '' })
      else points.push({ id, training, flops: training.flops!, loss: training.pileLoss! })
    }
    return { points, skipped }
  }

  #fit (excluded: readonly string[]): FitOutcome {
    const key = excluded.join('\n')
    let outcome = this.#fits.get(key)
    if (outcome === undefined) {
      const out = new Set(excluded)
      const points = this.#points().points.filter((p) => !out.has(p.id)).map(({ id, flops, loss }) => ({ id, flops, loss }))
      const result = fitScalingLaw(points)
      outcome = !result.ok
        ? { fit: null, fitError: result.reason, excluded: [...excluded] }
        : !finiteFit(result.fit)
            ? { fit: null, fitError: 'the fit\'s coefficients or their standard errors are not finite numbers: the points do not determine the law', excluded: [...excluded] }
            : { fit: result.fit, fitError: null, excluded: [...excluded] }
      if (this.#fits.size >= MEMO_LIMIT) this.#fits.clear()
      this.#fits.set(key, outcome)
    }
    return outcome
  }

  #buildLaw (excluded: readonly string[]): ScalingLawView {
    const { fit, fitError } = this.#fit(excluded)
    const out = new Set(excluded)
    const { points, skipped } = this.#points()
    return {
      law: 'L(C) = (C / C0)^(-alpha) + L_inf',
      fit: fit === null
        ? null
        : {
            coefficients: fit.coefficients,
            standardErrors: fit.standardErrors,
            covariance: fit.covariance,
            rSquared: fit.rSquared,
            residualVariance: fit.residualVariance,
            degreesOfFreedom: fit.degreesOfFreedom,
            convergence: fit.convergence,
            warnings: fit.warnings
          },
      fitError,
      published: { ...PUBLISHED_SCALING_LAW },
      points: points.map(({ id, training, flops, loss }): ScalingPointView => {
        const fitted = fit === null ? null : evaluateLaw(fit.coefficients, flops)
        const published = publishedLoss(flops)
        return {
          id,
          cardRevision: training.cardRevision,
          flops,
          flopsRaw: training.facts.model?.flops?.raw ?? null,
          loss,
          lossRaw: training.facts.model?.pileTestCrossEntropy?.raw ?? null,
          included: !out.has(id),
          fitted,
          residual: fitted === null ? null : loss - fitted,
          relativeResidual: fitted === null || !(fitted > 0) ? null : (loss - fitted) / fitted,
          published,
          differenceFromPublished: loss - published,
          paper: paperComparison(id, loss)
        }
      }),
      excluded: [...excluded],
      skipped,
      familyDisagreements: this.disagreements()
    }
  }
}

function byFlops (a: TrainingEntry, b: TrainingEntry): number {
  const fa = a.training?.flops ?? null
  const fb = b.training?.flops ?? null
  if (fa === fb) return 0
  if (fa === null) return 1
  if (fb === null) return -1
  return fa - fb
}
