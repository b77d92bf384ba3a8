// TypeBox schemas of the training facts read from the model cards, the evaluations and the scaling law.
import { Type, type Static } from 'typebox'
import { ref } from './ref.js'
import { TRAINING_EXAMPLES } from './training-examples.js'

/** This model's facts, in the order of the brief (src/training/card-facts.ts says which table columns each is read from). */
export const MODEL_FACTS = [
  'parameters', 'layers', 'dModel', 'heads', 'dHead', 'dFfn', 'learningRate', 'batchSize', 'batchSizeTokens',
  'sequenceLength', 'trainingSteps', 'tokens', 'tokensPerParameter', 'flops', 'pileTestCrossEntropy'
] as const
export type ModelFact = typeof MODEL_FACTS[number]

/** The columns of the evaluation tables, as the recorded cards write them (src/training/card-columns.ts reads them). */
export const EVALUATION_COLUMNS = [
  { key: 'parameters', label: 'Params' },
  { key: 'trainingFlops', label: 'Training FLOPs' },
  { key: 'pileTestXent', label: 'PILE test xent' },
  { key: 'hellaSwag', label: 'Hella-Swag' },
  { key: 'piqa', label: 'PIQA' },
  { key: 'winoGrande', label: 'Wino-Grande' },
  { key: 'lambada', label: 'Lambada' },
  { key: 'arcEasy', label: 'ARC-e' },
  { key: 'arcChallenge', label: 'ARC-c' },
  { key: 'openBookQa', label: 'OpenBookQA' },
  { key: 'downstreamAverage', label: 'Downstream Average' }
] as const
export type EvaluationColumn = typeof EVALUATION_COLUMNS[number]['key']

const NullableNumber = (description: string, examples?: number[]) => Type.Union([Type.Number(), Type.Null()], { description, ...(examples ? { examples } : {}) })

export const CardFactSchema = Type.Object({
  value: NullableNumber('The number the cell writes (246K is 246000, 6.0E-04 is 0.0006, 1.3B is 1300000000); null when there is no such cell, it is empty, it is not a number, or it is a range'),
  raw: Type.Union([Type.String(), Type.Null()], { description: 'The cell as the card writes it (rendered text); null when the card has no such cell', examples: ['2.22E+09'] }),
  range: Type.Optional(Type.Object({
    from: Type.Number({ description: 'The value at the start of training' }),
    to: Type.Number({ description: 'The value at the end of training' })
  }, { description: 'Set when the cell gives a change over training ("720 → 1080"); value is then null' }))
}, { $id: 'CardFact', title: 'CardFact', description: 'One cell of a model card\'s table: the number it gives and the cell as written' })

const FACT_DESCRIPTIONS: Record<ModelFact, string> = {
  parameters: 'Parameters (the card\'s size label, e.g. 111M)',
  layers: 'Transformer layers',
  dModel: 'Model (hidden) dimension d_model',
  heads: 'Attention heads',
  dHead: 'Dimension of each attention head',
  dFfn: 'Feed-forward dimension d_ffn',
  learningRate: 'Peak learning rate',
  batchSize: 'Batch size in sequences (a range when it changed during training)',
  batchSizeTokens: 'Batch size in tokens',
  sequenceLength: 'Sequence length in tokens',
  trainingSteps: 'Training steps',
  tokens: 'Training tokens',
  tokensPerParameter: 'Training tokens per parameter',
  flops: 'Training compute in FLOPs',
  pileTestCrossEntropy: 'Pile test cross-entropy (loss) in nats/token, as the card gives it'
}

function factsObject<K extends string> (keys: readonly K[], describe: (key: K) => string, options: { $id: string, title: string, description: string }) {
  // allOf around the $ref: OpenAPI drops a description written next to a bare $ref
  const fact = (key: K) => Type.Unsafe<Static<typeof CardFactSchema>>({ allOf: [Type.Ref('CardFact')], description: describe(key) })
  const properties = Object.fromEntries(keys.map((key) => [key, fact(key)])) as unknown as Record<K, ReturnType<typeof fact>>
  return Type.Object(properties, options)
}

export const TrainingFactsSchema = factsObject(MODEL_FACTS, (key) => FACT_DESCRIPTIONS[key], {
  $id: 'TrainingFacts', title: 'TrainingFacts', description: 'This model\'s row of the card\'s architecture and training tables, one CardFact per column'
})

export const EvaluationFactsSchema = factsObject(EVALUATION_COLUMNS.map((c) => c.key), (key) => EVALUATION_COLUMNS.find((c) => c.key === key)?.label ?? key, {
  $id: 'EvaluationFacts', title: 'EvaluationFacts', description: 'This model\'s row of an evaluation table: accuracies as fractions (0.268 is 26.8%), the Pile loss in nats/token'
})

export const FamilyDisagreementSchema = Type.Object({
  table: Type.Enum(['architecture', 'training', 'zeroShot', 'fiveShot'], { type: 'string', description: 'The table of the card' }),
  model: Type.String({ description: 'The row, as the cards label it', examples: ['111M'] }),
  column: Type.Union([Type.String(), Type.Null()], { description: 'The column (fact key); null when the card lacks the whole row' }),
  modelId: Type.String({ description: 'The card that differs from the others' }),
  raw: Type.Union([Type.String(), Type.Null()], { description: 'Its cell' }),
  referenceModelId: Type.String({ description: 'A card holding the value most cards give' }),
  referenceRaw: Type.Union([Type.String(), Type.Null()], { description: 'That card\'s cell' })
}, { $id: 'FamilyDisagreement', title: 'FamilyDisagreement', description: 'A cell of the family\'s tables on which one card differs from the majority of the cards' })

const CardRevision = Type.String({ description: 'The repo sha the card was read at', examples: ['8b0b2ad1a1b3d0c6b0e3c1f9e7f3a5d2c4b6a8e0'] })
const Disagreements = Type.Array(ref(FamilyDisagreementSchema), { description: 'Every cell on which the cards\' family tables disagree; empty when they all agree' })

export const PaperComparisonSchema = Type.Object({
  pileTestCrossEntropy: Type.Number({ description: 'The Pile test loss the paper reports, nats/token', examples: [2.608] }),
  cardMinusPaper: NullableNumber('The card\'s value minus the paper\'s; null when the card gives none', [-0.042]),
  source: Type.String({ description: 'Where the paper\'s value comes from' })
}, { $id: 'PaperComparison', title: 'PaperComparison', description: 'The Cerebras-GPT paper\'s figure for this model, where known' })

export const ModelTrainingSchema = Type.Object({
  id: Type.String({ description: 'Hub repo id', examples: ['cerebras/Cerebras-GPT-111M'] }),
  cardRevision: CardRevision,
  cardOid: Type.Union([Type.String(), Type.Null()], { description: 'The blob oid of README.md at that revision; null when the repo has none' }),
  parsedAt: Type.String({ format: 'date-time', description: 'When the sync read the card' }),
  facts: Type.Unsafe<Static<typeof TrainingFactsSchema>>({ allOf: [Type.Ref('TrainingFacts')], description: 'This model\'s row of the architecture and training tables' }),
  evaluation: Type.Object({
    zeroShot: ref(EvaluationFactsSchema),
    fiveShot: ref(EvaluationFactsSchema)
  }, { description: 'This model\'s rows of the 0-shot and 5-shot evaluation tables' }),
  paper: Type.Union([ref(PaperComparisonSchema), Type.Null()], { description: 'The paper\'s Pile test loss and the difference from the card\'s; null for a model the paper does not report' }),
  warnings: Type.Array(Type.String(), { description: 'What could not be read from the card (a missing table or column, a cell that is not a number): the facts concerned are null' }),
  familyDisagreements: Type.Array(ref(FamilyDisagreementSchema), { description: 'Cells of the family tables where this card differs from the other tracked cards' })
}, {
  $id: 'ModelTraining',
  title: 'ModelTraining',
  description: 'What a model\'s card says of its architecture, training and evaluation, each value with its raw cell',
  examples: [TRAINING_EXAMPLES.modelTraining]
})

export const EvaluationsQuerySchema = Type.Object({
  format: Type.Optional(Type.Enum(['json', 'csv'], { type: 'string', default: 'json', description: 'csv answers text/csv: one row per model and shot count, one column per task' }))
}, { additionalProperties: false })

export const EvaluationsSchema = Type.Object({
  columns: Type.Array(Type.Object({
    key: Type.String({ description: 'The key in zeroShot / fiveShot', examples: ['hellaSwag'] }),
    label: Type.String({ description: 'The header the cards write', examples: ['Hella-Swag'] })
  }), { description: 'The evaluation columns, in the cards\' order' }),
  items: Type.Array(Type.Object({
    id: Type.String({ description: 'Hub repo id' }),
    cardRevision: CardRevision,
    zeroShot: ref(EvaluationFactsSchema),
    fiveShot: ref(EvaluationFactsSchema)
  }), { description: 'One item per tracked model with training facts, by training FLOPs then id' }),
  notRead: Type.Array(Type.String(), { description: 'Tracked models whose card no sync has read yet (they have no item)' }),
  familyDisagreements: Disagreements
}, { title: 'Evaluations' })

export const EVALUATIONS_CSV_COLUMNS = ['id', 'cardRevision', 'shots', ...EVALUATION_COLUMNS.map((c) => c.key)] as const

// ?exclude=cerebras/Cerebras-GPT-13B, repeatable, or comma-separated; a repo name alone is enough when unique.
const Exclude = Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500, pattern: '^[\\w./,-]+$' }), {
  maxItems: 50,
  description: 'Models to leave out of the fit, by repo id or repo name (repeat it or separate with commas); they are still listed, with the fit\'s projection at their FLOPs',
  examples: [['cerebras/Cerebras-GPT-13B']]
}))

export const ScalingLawQuerySchema = Type.Object({ exclude: Exclude }, { additionalProperties: false })

// The documented ranges of predict's parameters; src/training/scaling-errors.ts checks the same (a test holds them equal).
export const FLOPS_DOC = { minimum: 1e15, maximum: 1e30 }
export const PARAMS_DOC = { minimum: 1e6, maximum: 1e13 }

export const ScalingPredictQuerySchema = Type.Object({
  flops: Type.Optional(Type.Number({ ...FLOPS_DOC, description: 'Training compute in FLOPs, 1e15..1e30 (digits, a decimal point and an exponent: 1e22, 2.3E+22)', examples: [1e22] })),
  params: Type.Optional(Type.Number({ ...PARAMS_DOC, description: 'Model size in parameters, 1e6..1e13, trained compute-optimally: tokens = 20 x params, FLOPs = 6 x params x tokens', examples: [13e9] })),
  exclude: Exclude
}, { additionalProperties: false })

const Coefficients = Type.Object({
  c0: Type.Number({ description: 'C0 in FLOPs', examples: [5.984e22] }),
  log10C0: Type.Number({ description: 'log10 of C0 (the parameter actually fitted)', examples: [22.777] }),
  alpha: Type.Number({ description: 'The exponent alpha', examples: [0.0737] }),
  lInf: Type.Number({ description: 'L_inf, the irreducible loss, nats/token', examples: [0.5066] })
}, { description: 'The fitted coefficients' })

export const PublishedLawSchema = Type.Object({
  c0: Type.Number({ description: 'C0 in FLOPs' }),
  alpha: Type.Number({ description: 'The exponent' }),
  lInf: Type.Number({ description: 'The irreducible loss, nats/token' }),
  formula: Type.String({ description: 'The law as written', examples: ['L(f) = (f / 5.984e22)^(-0.0737) + 0.5066'] }),
  source: Type.String({ description: 'Where the law is published' })
}, { $id: 'PublishedScalingLaw', title: 'PublishedScalingLaw', description: 'The law published with the models' })

export const ScalingFitSchema = Type.Object({
  coefficients: Coefficients,
  standardErrors: Type.Object({
    c0: Type.Number({ description: 'Propagated from log10C0\'s (c0 x ln 10 x se): meaningful only when small' }),
    log10C0: Type.Number(),
    alpha: Type.Number(),
    lInf: Type.Number()
  }, { description: 'One standard error per coefficient, from s^2 (J^T J)^-1 at the solution' }),
  covariance: Type.Array(Type.Array(Type.Number()), { description: 'The 3 x 3 covariance of [log10C0, alpha, lInf]' }),
  rSquared: Type.Number({ description: 'Coefficient of determination over the fitted points' }),
  residualVariance: Type.Number({ description: 's^2 = RSS / (n - 3), (nats/token)^2' }),
  degreesOfFreedom: Type.Integer({ description: 'n - 3' }),
  convergence: Type.Object({
    iterations: Type.Integer({ description: 'Levenberg-Marquardt iterations from the best start' }),
    rss: Type.Number({ description: 'Residual sum of squares' }),
    converged: Type.Boolean({ description: 'A Gauss-Newton step from the solution moves no scaled parameter by more than 1e-9' }),
    starts: Type.Integer({ description: 'Starting points tried; the lowest RSS wins' })
  }, { description: 'How the optimiser ended' }),
  warnings: Type.Array(Type.String(), { description: 'What a reader should know of this fit, e.g. a negative L_inf' })
}, { $id: 'ScalingFit', title: 'ScalingFit', description: 'L(C) = (C / C0)^(-alpha) + L_inf fitted by Levenberg-Marquardt on log10 C0' })

export const ScalingPointSchema = Type.Object({
  id: Type.String({ description: 'Hub repo id' }),
  cardRevision: CardRevision,
  flops: Type.Number({ description: 'Training FLOPs, as the card gives them' }),
  flopsRaw: Type.Union([Type.String(), Type.Null()], { description: 'The FLOPs cell as written', examples: ['2.6E+18'] }),
  loss: Type.Number({ description: 'Pile test loss, nats/token, as the card gives it' }),
  lossRaw: Type.Union([Type.String(), Type.Null()], { description: 'The loss cell as written' }),
  included: Type.Boolean({ description: 'Whether the point is in the fit (false: left out by exclude=)' }),
  fitted: NullableNumber('The fitted law at this point\'s FLOPs (for a point left out: the projection); null without a fit'),
  residual: NullableNumber('loss - fitted'),
  relativeResidual: NullableNumber('(loss - fitted) / fitted: for a point left out, how far the projection lands'),
  published: Type.Number({ description: 'The published law at this point\'s FLOPs' }),
  differenceFromPublished: Type.Number({ description: 'loss - published' }),
  paper: Type.Union([ref(PaperComparisonSchema), Type.Null()], { description: 'The paper\'s loss for this model and the card\'s difference from it, where known' })
}, { $id: 'ScalingPoint', title: 'ScalingPoint' })

export const ScalingLawSchema = Type.Object({
  law: Type.Literal('L(C) = (C / C0)^(-alpha) + L_inf', { description: 'C: training FLOPs; L: Pile test loss in nats/token' }),
  fit: Type.Union([ref(ScalingFitSchema), Type.Null()], { description: 'The fit; null when the points cannot determine it (fitError says why)' }),
  fitError: Type.Union([Type.String(), Type.Null()], { description: 'Why there is no fit (e.g. fewer than 4 points); null with a fit' }),
  published: ref(PublishedLawSchema),
  points: Type.Array(ref(ScalingPointSchema), { description: 'Every tracked model with both FLOPs and a loss in its card, by FLOPs' }),
  excluded: Type.Array(Type.String(), { description: 'The models exclude= left out of the fit' }),
  skipped: Type.Array(Type.Object({
    id: Type.String(),
    reason: Type.String({ description: 'Why the model gives no point' })
  }), { description: 'Tracked models without a point: no card facts, or no FLOPs or loss in the card' }),
  familyDisagreements: Disagreements
}, { title: 'ScalingLaw' })

const Interval = Type.Object({ low: Type.Number(), high: Type.Number() })

export const ScalingPredictionSchema = Type.Object({
  flops: Type.Number({ description: 'The compute the prediction is for' }),
  params: NullableNumber('For a params= query: the model size; null for flops='),
  tokens: NullableNumber('For a params= query: 20 x params; null for flops='),
  loss: Type.Number({ description: 'The fitted law\'s Pile test loss, nats/token' }),
  standardError: Type.Number({ description: 'Standard error of the fitted curve at flops (delta method on the fit\'s covariance)' }),
  interval: Type.Object({
    level: Type.Number({ examples: [0.95] }),
    distribution: Type.Literal('student-t'),
    degreesOfFreedom: Type.Integer(),
    quantile: Type.Number({ description: 'The t quantile used' }),
    confidence: Interval,
    prediction: Interval
  }, { description: '95% intervals with Student\'s t at n - 3 degrees of freedom: confidence (where the curve lies) and prediction (where a new checkpoint would land); a low end below 0 nats/token is given as 0' }),
  published: Type.Number({ description: 'The published law at flops' }),
  differenceFromPublished: Type.Number({ description: 'loss - published' }),
  extrapolated: Type.Boolean({ description: 'flops lies outside the fitted points\' FLOPs' }),
  nearestCheckpoint: Type.Object({
    id: Type.String(),
    flops: Type.Number(),
    loss: Type.Number(),
    log10Distance: Type.Number({ description: '|log10 flops - log10 its flops|, in decades' })
  }, { description: 'The fitted checkpoint nearest in log10 FLOPs' }),
  excluded: Type.Array(Type.String(), { description: 'The models left out of the fit' })
}, { title: 'ScalingPrediction' })

export type CardFactView = Static<typeof CardFactSchema>
export type ModelTrainingView = Static<typeof ModelTrainingSchema>
export type EvaluationsView = Static<typeof EvaluationsSchema>
export type ScalingLawView = Static<typeof ScalingLawSchema>
export type ScalingPointView = Static<typeof ScalingPointSchema>
export type ScalingPredictionView = Static<typeof ScalingPredictionSchema>
export type ScalingLawQuery = Static<typeof ScalingLawQuerySchema>
export type ScalingPredictQuery = Static<typeof ScalingPredictQuerySchema>
