// Download history and growth: one model's series, trends, the family, comparisons; JSON or CSV.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { stringify } from 'csv-stringify/sync'
import { trackedIds, type Tracking } from '../config.js'
import { BadRangeError, ModelNotFoundError } from '../errors.js'
import { INSTANT_RANGE, isBareDate, parseInstant } from '../instant.js'
import {
  CompareQuerySchema, CompareSchema, DownloadSeriesSchema, FamilyQuerySchema, FamilySchema, SeriesQuerySchema, TrendsQuerySchema, TrendsSchema,
  type SeriesPoint
} from '../schemas/history.js'
import { ModelParamsSchema, repoIdOf } from '../schemas/model.js'
import { problemResponses } from '../schemas/problem.js'

const PRODUCES = ['application/json', 'text/csv']
// JSON by default; the same figures as CSV with format=csv or Accept: text/csv.
const jsonOrCsv = (schema: object) => ({
  description: 'The figures as JSON, or as CSV with a header row under format=csv or Accept: text/csv',
  content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string', description: 'CSV with a header row' } } }
})

function instantParam (value: string | undefined, name: string, endOfDay = false): Date | undefined {
  if (value === undefined) return undefined
  const date = parseInstant(value)
  if (date === null) throw new BadRangeError(`querystring/${name} is not a date between ${INSTANT_RANGE}: ${value}`)
  // A bare date as `to` means the whole of that day.
  return endOfDay && isBareDate(value) ? new Date(date.getTime() + 86_400_000) : date
}

function range (query: { from?: string, to?: string }) {
  const from = instantParam(query.from, 'from')
  const to = instantParam(query.to, 'to', true)
  if (from !== undefined && to !== undefined && from >= to) throw new BadRangeError('querystring/from must be before querystring/to')
  return { from, to }
}

const wantsCsv = (request: FastifyRequest, format: string | undefined) => format === 'csv' || request.answerType === 'text/csv'

function sendCsv<Row extends object> (reply: FastifyReply, name: string, rows: Row[], columns: Array<keyof Row & string>) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `inline; filename="${name}.csv"`)
    .send(stringify(rows, { header: true, columns, cast: { boolean: (b) => String(b) } }))
}

const POINT_COLUMNS: Array<keyof SeriesPoint> = ['period', 'downloads', 'downloadsAllTime', 'downloads30d', 'complete', 'recount']

const downloadsRoutes: FastifyPluginAsyncTypebox<{ tracking: Tracking }> = async (app, opts) => {
  // The named models, and the tracked authors' models the catalogue holds (missing ones too: their history stays).
  const trackedSet = async () => opts.tracking.trackedAuthors.length === 0
    ? opts.tracking.trackedModels
    : trackedIds(opts.tracking, (await app.readModel.current()).all().map((m) => m.id))

  app.get('/api/models/:author/:name/downloads', {
    config: { produces: PRODUCES, cacheAnswer: true },
    schema: {
      tags: ['downloads'],
      operationId: 'getModelDownloads',
      summary: 'Download history of one model',
      description: 'Downloads per day, ISO week or month from our own snapshots: allTime(end) - allTime(start) per period, whole numbers, never interpolated; null where a boundary has no snapshot; `complete: false` where a boundary\'s snapshot is over 36 h old; `recount` where the Hub lowered its count.',
      params: ModelParamsSchema,
      querystring: SeriesQuerySchema,
      response: { 200: jsonOrCsv(DownloadSeriesSchema), ...problemResponses(400, 404, 406, 429, 500) }
    }
  }, async (request, reply) => {
    const id = repoIdOf(request.params)
    if ((await app.readModel.current()).model(id) === null) throw new ModelNotFoundError(id)
    const interval = request.query.interval ?? 'day'
    const { asOf, series, sources } = await app.history.series([id], interval, range(request.query))
    const points = series.get(id)!
    if (wantsCsv(request, request.query.format)) return sendCsv(reply, `${request.params.name}-downloads-${interval}`, points, POINT_COLUMNS)
    return { id, interval, asOf: asOf?.toISOString() ?? null, sources, points }
  })

  app.get('/api/trends', {
    config: { produces: PRODUCES, cacheAnswer: true },
    schema: {
      tags: ['downloads'],
      operationId: 'getTrends',
      summary: 'Growth of every tracked model',
      description: 'For each tracked model: downloads in the window (asOf - W, asOf], in the window before, the change, the rank, the share of the set, and the likes gained. `sources` says where the snapshots came from (`demo`: synthetic).',
      querystring: TrendsQuerySchema,
      response: { 200: jsonOrCsv(TrendsSchema), ...problemResponses(400, 406, 429, 500) }
    }
  }, async (request, reply) => {
    const window = request.query.window ?? '30d'
    const { asOf, items, sources } = await app.history.trends(await trackedSet(), window, instantParam(request.query.asOf, 'asOf'))
    if (wantsCsv(request, request.query.format)) {
      return sendCsv(reply, `trends-${window}`, items,
        ['id', 'downloads', 'previousDownloads', 'change', 'changePct', 'rank', 'previousRank', 'share', 'likesChange', 'complete', 'recount'])
    }
    return { asOf: asOf?.toISOString() ?? null, window, sources, items }
  })

  app.get('/api/family', {
    config: { produces: PRODUCES, cacheAnswer: true },
    schema: {
      tags: ['downloads'],
      operationId: 'getFamily',
      summary: 'The tracked set as a whole',
      description: 'Downloads of all tracked models together per period, their totals at asOf, and each model\'s growth in its first 14 days of history.',
      querystring: FamilyQuerySchema,
      response: { 200: jsonOrCsv(FamilySchema), ...problemResponses(400, 406, 429, 500) }
    }
  }, async (request, reply) => {
    const interval = request.query.interval ?? 'day'
    const family = await app.history.family(await trackedSet(), interval, range(request.query))
    if (wantsCsv(request, request.query.format)) return sendCsv(reply, `family-${interval}`, family.points, ['period', 'downloads', 'models', 'complete', 'recount'])
    return { interval, ...family, asOf: family.asOf?.toISOString() ?? null }
  })

  app.get('/api/compare', {
    config: { produces: PRODUCES, cacheAnswer: true },
    schema: {
      tags: ['downloads'],
      operationId: 'compareModels',
      summary: 'Several models side by side',
      description: 'The download series of up to 10 models over the same periods.',
      querystring: CompareQuerySchema,
      response: { 200: jsonOrCsv(CompareSchema), ...problemResponses(400, 404, 406, 429, 500) }
    }
  }, async (request, reply) => {
    const ids = [...new Set(request.query.ids.split(','))]
    const catalogue = await app.readModel.current()
    for (const id of ids) if (catalogue.model(id) === null) throw new ModelNotFoundError(id)
    const interval = request.query.interval ?? 'day'
    const { asOf, series, sources } = await app.history.series(ids, interval, range(request.query))
    if (wantsCsv(request, request.query.format)) {
      const rows = ids.flatMap((id) => series.get(id)!.map((p) => ({ id, ...p })))
      return sendCsv(reply, `compare-${interval}`, rows, ['id', ...POINT_COLUMNS])
    }
    return { interval, asOf: asOf?.toISOString() ?? null, sources, series: ids.map((id) => ({ id, points: series.get(id)! })) }
  })
}

export default downloadsRoutes
