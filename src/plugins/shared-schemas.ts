// Registers the schemas routes point to with $ref; @fastify/swagger lists them as components.
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { ArchitectureSchema, LicenseRefSchema, ModelFileSchema, ModelListItemSchema, ModelSchema } from '../schemas/model.js'
import { ProblemSchema } from '../schemas/problem.js'
import { SyncErrorSchema, SyncRunSchema } from '../schemas/sync.js'
import { SeriesPointSchema } from '../schemas/history.js'
import { WebhookDeliverySchema, WebhookSubscriptionSchema } from '../schemas/webhooks.js'
import {
  CardFactSchema, EvaluationFactsSchema, FamilyDisagreementSchema, ModelTrainingSchema, PaperComparisonSchema, PublishedLawSchema, ScalingFitSchema,
  ScalingPointSchema, TrainingFactsSchema
} from '../schemas/training.js'

export default fp(async function sharedSchemas (app: FastifyInstance) {
  for (const schema of [ProblemSchema, LicenseRefSchema, ArchitectureSchema, ModelFileSchema, ModelSchema, ModelListItemSchema, SyncErrorSchema, SyncRunSchema, SeriesPointSchema,
    CardFactSchema, TrainingFactsSchema, EvaluationFactsSchema, FamilyDisagreementSchema, PaperComparisonSchema, ModelTrainingSchema,
    PublishedLawSchema, ScalingFitSchema, ScalingPointSchema, WebhookSubscriptionSchema, WebhookDeliverySchema]) {
    app.addSchema(schema)
  }
}, { name: 'shared-schemas' })
