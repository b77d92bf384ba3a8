// Training facts from the model cards, the family's evaluations, and the compute scaling law with predictions.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { stringify } from 'csv-stringify/sync'
import { ModelNotFoundError, ScalingInputError, TrainingNotFoundError } from '../errors.js'
import { EmptyQuerySchema, ModelParamsSchema, repoIdOf } from '../schemas/model.js'
import { problemResponses } from '../schemas/problem.js'
import { ref } from '../schemas/ref.js'
import {
  EVALUATION_COLUMNS, EVALUATIONS_CSV_COLUMNS, EvaluationsQuerySchema, EvaluationsSchema, ModelTrainingSchema, ScalingLawQuerySchema,
  ScalingLawSchema, ScalingPredictionSchema, ScalingPredictQuerySchema, type EvaluationsView
} from '../schemas/training.js'
import { TRAINING_EXAMPLES } from '../schemas/training-examples.js'
import type { ScalingPredictInput } from '../training/scaling-predict.js'

const withExample = <T extends object>(schema: T, example: unknown) => ({ ...schema, examples: [example] })

function evaluationsCsv (view: EvaluationsView): string {
  const rows = view.items.flatMap((item) => ([['0', item.zeroShot], ['5', item.fiveShot]] as const).map(([shots, facts]) => [
    item.id, item.cardRevision, shots, ...EVALUATION_COLUMNS.map(({ key }) => facts[key].value)
  ]))
  return stringify(rows, { header: true, columns: [...EVALUATIONS_CSV_COLUMNS] })
}

const trainingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/models/:author/:name/training', {
    config: { cacheAnswer: true },
    schema: {
      tags: ['training'],
      operationId: 'getModelTraining',
      summary: 'What a model\'s card says of its training',
      description: 'This model\'s row of the card\'s architecture, training and evaluation tables, read at sync from the card\'s markdown tables (found by their header cells). Every value comes with its raw cell; what could not be read is null with a warning. `paper` sets the card\'s Pile loss against the paper\'s, and `familyDisagreements` lists the cells where this card\'s copy of the family tables differs from the other cards.',
      params: ModelParamsSchema,
      querystring: EmptyQuerySchema,
      response: { 200: ref(ModelTrainingSchema), ...problemResponses(400, 404, 406, 429, 500) }
    }
  }, async (request) => {
    const id = repoIdOf(request.params)
    const snapshot = await app.readModel.current()
    if (snapshot.model(id) === null) throw new ModelNotFoundError(id)
    return snapshot.training().model(id) ?? (() => { throw new TrainingNotFoundError(id) })()
  })

  app.get('/api/evaluations', {
    config: { produces: ['application/json', 'text/csv'], cacheAnswer: true },
    schema: {
      tags: ['training'],
      operationId: 'listEvaluations',
      summary: 'The 0-shot and 5-shot evaluations of the tracked models',
      description: 'Each tracked model\'s rows of its card\'s 0-shot and 5-shot tables (accuracies as fractions), with the card revision they were read at, and the cells on which the cards disagree. `format=csv` (or Accept: text/csv) answers one row per model and shot count.',
      querystring: EvaluationsQuerySchema,
      response: {
        200: {
          description: 'The evaluations as JSON, or as CSV (id, cardRevision, shots, one column per evaluation key)',
          content: {
            'application/json': { schema: withExample(EvaluationsSchema, TRAINING_EXAMPLES.evaluations) },
            'text/csv': { schema: { type: 'string', description: 'CSV with a header row', examples: [TRAINING_EXAMPLES.evaluationsCsv] } }
          }
        },
        ...problemResponses(400, 406, 429, 500)
      }
    }
  }, async (request, reply) => {
    const view = (await app.readModel.current()).training().evaluations()
    if (request.query.format === 'csv' || request.answerType === 'text/csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'inline; filename="evaluations.csv"').send(evaluationsCsv(view))
    }
    return view
  })

  app.get('/api/scaling-law', {
    config: { cacheAnswer: true },
    schema: {
      tags: ['training'],
      operationId: 'getScalingLaw',
      summary: 'The family\'s compute scaling law, fitted to the cards',
      description: 'L(C) = (C / C0)^(-alpha) + L_inf fitted by nonlinear least squares (Levenberg-Marquardt on log10 C0) to the (training FLOPs, Pile test loss) points the tracked models\' cards give: coefficients with standard errors, R², each point\'s residual, and the law published with the models at each point. `exclude=` leaves models out of the fit; they stay listed with the fit\'s projection (fit up to 6.7B and see where 13B lands). Recomputed when a card changes, once per catalogue version.',
      querystring: ScalingLawQuerySchema,
      response: { 200: withExample(ScalingLawSchema, TRAINING_EXAMPLES.scalingLaw), ...problemResponses(400, 406, 429, 500) }
    }
  }, async (request) => {
    const training = (await app.readModel.current()).training()
    return training.scalingLaw(training.resolveExclude(request.query.exclude))
  })

  app.get('/api/scaling-law/predict', {
    config: { cacheAnswer: true },
    schema: {
      tags: ['training'],
      operationId: 'predictLoss',
      summary: 'The loss the fitted law predicts for a compute budget or a model size',
      description: 'Give `flops` (training compute) or `params` (a model trained compute-optimally: tokens = 20 x params, FLOPs = 6 x params x tokens). Answers the fitted law\'s Pile test loss with 95% confidence and prediction intervals (Student\'s t on the fit\'s covariance), the published law\'s value and the nearest checkpoint. A value that is zero, negative, not finite or out of range is a 400 naming it; 409 when the catalogue\'s points cannot determine a fit.',
      querystring: ScalingPredictQuerySchema,
      response: { 200: withExample(ScalingPredictionSchema, TRAINING_EXAMPLES.prediction), ...problemResponses(400, 406, 409, 429, 500) }
    }
  }, async (request) => {
    const { flops, params, exclude } = request.query
    const training = (await app.readModel.current()).training()
    const excluded = training.resolveExclude(exclude)
    try {
      return training.predict({ flops, params } as ScalingPredictInput, excluded)
    } catch (err) {
      // Name the parameter as the request does: querystring/flops.
      if (!(err instanceof ScalingInputError)) throw err
      if (err.parameter === 'input') throw new ScalingInputError('querystring', 'must give one of flops and params')
      throw new ScalingInputError(`querystring/${err.parameter}`, err.message.slice(err.parameter.length + 1))
    }
  })
}

export default trainingRoutes
