// TypeBox schemas of the model resource: validation, serialization and OpenAPI from one source.
import { Type, type Static } from 'typebox'
import { ref } from './ref.js'

const nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(schema: T, description: string) =>
  Type.Union([schema, Type.Null()], { description })

export const LicenseRefSchema = Type.Object({
  hubId: Type.String({ description: 'The id the model card declares, as the Hub writes it', examples: ['apache-2.0'] }),
  spdxId: Type.Union([Type.String(), Type.Null()], { description: 'The SPDX id, null for licenses SPDX does not list (openrail, llama2, other)', examples: ['Apache-2.0'] }),
  name: Type.String({ description: 'Full name of the license', examples: ['Apache License 2.0'] })
}, { $id: 'LicenseRef', title: 'LicenseRef', description: 'A license, by Hub id, SPDX id and name' })

export const ArchitectureSchema = Type.Object({
  architectures: Type.Array(Type.String(), { description: 'transformers classes from config.json, as the Hub summarises it', examples: [['GPT2LMHeadModel']] }),
  modelType: Type.Union([Type.String(), Type.Null()], { description: 'config.json model_type', examples: ['gpt2'] })
}, { $id: 'Architecture', title: 'Architecture', description: 'The architecture summary the Hub gives of config.json' })

export const PARAMETERS_SOURCES = ['safetensors', 'card', 'weights-estimate'] as const
export const ParametersSourceSchema = Type.Enum(PARAMETERS_SOURCES, { type: 'string' })
export type ParametersSource = Static<typeof ParametersSourceSchema>

/** The column is text: anything but a known source reads as unknown (null). */
export const parametersSourceOf = (value: string | null): ParametersSource | null =>
  (PARAMETERS_SOURCES as readonly string[]).includes(value ?? '') ? value as ParametersSource : null

const modelProperties = {
  id: Type.String({ description: 'Hub repo id', examples: ['cerebras/Cerebras-GPT-111M'] }),
  author: Type.String({ description: 'Owner of the repo', examples: ['cerebras'] }),
  name: Type.String({ description: 'Repo name without the owner', examples: ['Cerebras-GPT-111M'] }),
  sha: nullable(Type.String(), 'Commit sha of the repo at the last metadata fetch'),
  pipelineTag: nullable(Type.String(), 'The Hub\'s pipeline tag, e.g. text-generation'),
  libraryName: nullable(Type.String(), 'Library the repo targets, e.g. transformers'),
  tags: Type.Array(Type.String(), { description: 'Hub tags', examples: [['transformers', 'pytorch', 'gpt2']] }),
  license: Type.Union([ref(LicenseRefSchema), Type.Null()], { description: 'The license the model card declares; null when it declares none' }),
  parameters: nullable(Type.Integer(), 'Parameter count'),
  parametersSource: Type.Union([ParametersSourceSchema, Type.Null()], { description: 'Where the parameter count comes from: the Hub\'s safetensors total, the model card, or weight file bytes / 4 (fp32 assumed)' }),
  downloads: nullable(Type.Integer(), 'Downloads over the last 30 days: the Hub\'s rolling count at the last sync'),
  downloadsAllTime: nullable(Type.Integer(), 'Cumulative downloads since the repo was created, at the last sync'),
  likes: nullable(Type.Integer(), 'Likes at the last sync'),
  createdAt: nullable(Type.String({ format: 'date-time' }), 'When the repo was created on the Hub'),
  lastModified: nullable(Type.String({ format: 'date-time' }), 'Date of the last commit to the repo'),
  syncedAt: nullable(Type.String({ format: 'date-time' }), 'When the last sync read this model\'s counts'),
  hubUrl: Type.String({ description: 'The model\'s page on the Hub', examples: ['https://huggingface.co/cerebras/Cerebras-GPT-111M'] }),
  architecture: Type.Union([ref(ArchitectureSchema), Type.Null()], { description: 'Architecture summary of config.json; null when the Hub gives none' }),
  gated: Type.String({ description: 'false, auto or manual', examples: ['false'] }),
  usedStorage: nullable(Type.Integer(), 'Bytes stored by the repo'),
  lastError: nullable(Type.String(), 'Why the last sync could not refresh this model; null when it could'),
  missingSince: nullable(Type.String({ format: 'date-time' }), 'Since when the model is gone from the Hub (a model of a tracked author no longer listed, and not found): it is kept as last synced. null while it is on the Hub')
}

export const ModelSchema = Type.Object(modelProperties, { $id: 'Model', title: 'Model', description: 'A tracked model' })

/** The names `fields=` may select, in the order they appear. */
export const MODEL_FIELDS = Object.keys(modelProperties) as Array<keyof typeof modelProperties>

// A list item is a model narrowed by `fields=`: every field optional but the id, as the Hub's expand.
const { id: _id, ...optional } = modelProperties
export const ModelListItemSchema = Type.Object({
  id: modelProperties.id,
  ...Object.fromEntries(Object.entries(optional).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof typeof optional]: ReturnType<typeof Type.Optional<typeof optional[K]>> }
}, { $id: 'ModelListItem', title: 'ModelListItem', description: 'A tracked model, with the fields `fields=` selected (all by default)' })

export const ModelListSchema = Type.Object({
  items: Type.Array(ref(ModelListItemSchema), { description: 'This page of models' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page' }),
  total: Type.Integer({ description: 'Models matching the filters, over all pages', examples: [7] }),
  notice: Type.Optional(Type.String({ description: 'A caveat about the data, e.g. that the counts are placeholders (set by DATA_NOTICE)' }))
}, { title: 'ModelList' })

export const SORT_KEYS = ['downloads', 'downloadsAllTime', 'likes', 'parameters', 'createdAt', 'lastModified', 'id'] as const

export const ModelListQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Case-insensitive substring of the repo id', examples: ['gpt-1'] })),
  author: Type.Optional(Type.String({ pattern: '^[\\w.-]+$', maxLength: 96, description: 'Repo owner', examples: ['cerebras'] })),
  tag: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20, description: 'A Hub tag; repeat it to require several (all must match)', examples: [['pytorch']] })),
  license: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'License, as a Hub id or an SPDX id, case-insensitive', examples: ['Apache-2.0'] })),
  pipelineTag: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Pipeline tag', examples: ['text-generation'] })),
  library: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Library name', examples: ['transformers'] })),
  minParams: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'At least this many parameters', examples: [1000000000] })),
  maxParams: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'At most this many parameters', examples: [3000000000] })),
  sort: Type.Optional(Type.Enum([...SORT_KEYS], { type: 'string', default: 'downloads', description: 'Sort key; ties are broken by id' })),
  order: Type.Optional(Type.Enum(['asc', 'desc'], { type: 'string', description: 'Sort order: desc by default, asc for id' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Page size' })),
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'The nextCursor of the previous page' })),
  fields: Type.Optional(Type.String({ pattern: '^[A-Za-z]+(,[A-Za-z]+)*$', maxLength: 500, description: `Comma-separated fields to return (id always comes): ${MODEL_FIELDS.join(', ')}`, examples: ['id,downloads,parameters'] }))
}, { additionalProperties: false })

export const ModelParamsSchema = Type.Object({
  author: Type.String({ pattern: '^[\\w.-]+$', maxLength: 96, description: 'Repo owner', examples: ['cerebras'] }),
  name: Type.String({ pattern: '^[\\w.-]+$', maxLength: 96, description: 'Repo name', examples: ['Cerebras-GPT-111M'] })
})

/** The repo id a {author}/{name} route addresses. */
export const repoIdOf = (params: ModelParams) => `${params.author}/${params.name}`

export const ModelFileSchema = Type.Object({
  path: Type.String({ description: 'Path in the repo', examples: ['pytorch_model.bin'] }),
  size: Type.Integer({ description: 'Size in bytes (the real size for LFS files)', examples: [444201984] }),
  lfs: Type.Boolean({ description: 'Whether the file is stored with Git LFS' })
}, { $id: 'ModelFile', title: 'ModelFile' })

export const ModelFilesSchema = Type.Object({
  id: modelProperties.id,
  sha: modelProperties.sha,
  files: Type.Array(ref(ModelFileSchema), { description: 'Every file at the synced sha, by path' }),
  fileCount: Type.Integer({ description: 'Number of files' }),
  totalSize: Type.Integer({ description: 'Sum of the file sizes in bytes' })
}, { title: 'ModelFiles' })

export const ModelCardSchema = Type.Object({
  id: modelProperties.id,
  sha: modelProperties.sha,
  frontMatter: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'The YAML front matter of README.md as JSON; null when the card has none or it is not valid YAML' }),
  body: Type.String({ description: 'The markdown after the front matter' })
}, { title: 'ModelCard' })

export const EmptyQuerySchema = Type.Object({}, { additionalProperties: false })

export type Model = Static<typeof ModelSchema>
export type ModelListItem = Static<typeof ModelListItemSchema>
export type ModelListQuery = Static<typeof ModelListQuerySchema>
export type ModelParams = Static<typeof ModelParamsSchema>
export type ModelFiles = Static<typeof ModelFilesSchema>
export type LicenseRef = Static<typeof LicenseRefSchema>
