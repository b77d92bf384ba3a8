// TypeBox schemas of the model resource: validation, serialization and OpenAPI from one source.
import { Type, type Static } from 'typebox'
import { ref } from './ref.js'

export const ModelSummarySchema = Type.Object({
  id: Type.String({ description: 'Hub repo id, e.g. cerebras/Cerebras-GPT-111M' }),
  author: Type.String({ description: 'Owner of the repo on the Hub' }),
  sha: Type.Union([Type.String(), Type.Null()], { description: 'Commit sha of the repo at the last successful metadata fetch' }),
  downloads: Type.Union([Type.Integer(), Type.Null()], { description: 'Downloads over the last 30 days (the Hub\'s rolling count) at the last sync' }),
  downloadsAllTime: Type.Union([Type.Integer(), Type.Null()], { description: 'Cumulative downloads since the repo was created, at the last sync' }),
  likes: Type.Union([Type.Integer(), Type.Null()], { description: 'Likes at the last sync' }),
  parameters: Type.Union([Type.Integer(), Type.Null()], { description: 'Parameter count' }),
  parametersSource: Type.Union([
    Type.Literal('safetensors'), Type.Literal('card'), Type.Literal('weights-estimate'), Type.Null()
  ], { description: 'Where the parameter count comes from: the Hub\'s safetensors total, the model card, or weight file bytes divided by the dtype size (fp32 assumed)' }),
  license: Type.Union([Type.String(), Type.Null()], { description: 'License key from the model card, e.g. apache-2.0' }),
  pipelineTag: Type.Union([Type.String(), Type.Null()], { description: 'The Hub\'s pipeline tag, e.g. text-generation' }),
  libraryName: Type.Union([Type.String(), Type.Null()], { description: 'Library the repo targets, e.g. transformers' }),
  lastModified: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Date of the last commit to the repo' }),
  countsFetchedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the counts were read from the Hub' }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Why the last sync could not refresh this model; null when it could' })
}, { $id: 'ModelSummary', title: 'ModelSummary', description: 'A tracked model with its latest counts' })

export const ModelFileSchema = Type.Object({
  path: Type.String({ description: 'Path in the repo' }),
  size: Type.Integer({ description: 'Size in bytes (the real size for LFS files)' }),
  lfs: Type.Boolean({ description: 'Whether the file is stored with Git LFS' })
}, { $id: 'ModelFile', title: 'ModelFile' })

export const ModelDetailSchema = Type.Object({
  ...ModelSummarySchema.properties,
  hubCreatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Repo creation date on the Hub' }),
  tags: Type.Array(Type.String(), { description: 'Hub tags' }),
  gated: Type.String({ description: 'false, auto or manual' }),
  usedStorage: Type.Union([Type.Integer(), Type.Null()], { description: 'Bytes stored by the repo' }),
  files: Type.Array(ref(ModelFileSchema), { description: 'Files at the synced sha' }),
  hasCard: Type.Boolean({ description: 'Whether the repo has a README model card' })
}, { $id: 'ModelDetail', title: 'ModelDetail', description: 'A tracked model with its metadata and files' })

export const ModelListSchema = Type.Object({
  items: Type.Array(ref(ModelSummarySchema), { description: 'Tracked models, most downloaded first' }),
  notice: Type.Optional(Type.String({ description: 'A caveat about the data, e.g. that the counts are placeholders (set by DATA_NOTICE)' }))
}, { title: 'ModelList' })

export const ModelParamsSchema = Type.Object({
  owner: Type.String({ pattern: '^[\\w.-]+$', maxLength: 96, description: 'Repo owner, e.g. cerebras' }),
  name: Type.String({ pattern: '^[\\w.-]+$', maxLength: 96, description: 'Repo name, e.g. Cerebras-GPT-111M' })
})

export type ModelSummary = Static<typeof ModelSummarySchema>
export type ModelDetail = Static<typeof ModelDetailSchema>
export type ModelParams = Static<typeof ModelParamsSchema>
