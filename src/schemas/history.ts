// TypeBox schemas of download history, trends, the family and comparisons.
import { Type, type Static } from 'typebox'
import { ref } from './ref.js'

const INSTANT = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2}))?$'
const Instant = (description: string, example: string) => Type.Optional(Type.String({ pattern: INSTANT, description, examples: [example] }))
export const IntervalSchema = Type.Enum(['day', 'week', 'month'], { type: 'string', description: 'Period length: UTC days, ISO weeks (from Monday) or calendar months' })
export const WindowSchema = Type.Enum(['7d', '30d', '90d'], { type: 'string', description: 'Window length W: downloads in (asOf - W, asOf]' })
export type Interval = Static<typeof IntervalSchema>
export type Window = Static<typeof WindowSchema>

const IntervalParam = Type.Optional({ ...IntervalSchema, default: 'day' })
const Format = Type.Optional(Type.Enum(['json', 'csv'], { type: 'string', default: 'json', description: 'csv answers text/csv with a header row' }))
const Count = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description })

export const SNAPSHOT_SOURCES = ['sync', 'import', 'demo'] as const
export const SnapshotSourceSchema = Type.Enum(SNAPSHOT_SOURCES, {
  type: 'string',
  description: 'Where a snapshot came from: sync (a sync run read the Hub), import (catalog import or POST /api/imports), demo (SYNTHETIC history that `npm run demo` generates: not Hub statistics)'
})
export type SnapshotSource = Static<typeof SnapshotSourceSchema>
const Sources = (which: string) => Type.Array(SnapshotSourceSchema, {
  description: `Where the snapshots behind the figures came from: the sources of ${which}, sorted; empty without any. \`demo\` means some figures are SYNTHETIC.`,
  examples: [['sync'], ['demo', 'sync']]
})

export const SeriesPointSchema = Type.Object({
  period: Type.String({ description: 'The period: 2026-11-01 (day), the Monday 2026-10-26 (week), 2026-11 (month)', examples: ['2026-11-01'] }),
  downloads: Count('Downloads in the period: allTime(end) - allTime(start); null when a boundary has no snapshot'),
  downloadsAllTime: Count('allTime at the end of the period'),
  downloads30d: Count('The Hub\'s rolling 30-day count in the snapshot used for the end of the period'),
  complete: Type.Boolean({ description: 'false when a boundary\'s snapshot is over 36 hours older than the boundary (a missed sync): the figure spans more' }),
  recount: Type.Boolean({ description: 'The Hub lowered its all-time count inside the period; the figure is floored at 0' })
}, { $id: 'SeriesPoint', title: 'SeriesPoint' })

const AsOf = Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The instant the figures are computed for: the newest snapshot unless asked; null without history' })

export const SeriesQuerySchema = Type.Object({
  interval: IntervalParam,
  from: Instant('Start of the range (date or date-time, UTC); default 30 days, 12 weeks or 12 months before `to`', '2026-11-01'),
  to: Instant('End of the range; default the newest snapshot', '2026-11-30T23:59:59Z'),
  format: Format
}, { additionalProperties: false })

export const DownloadSeriesSchema = Type.Object({
  id: Type.String({ description: 'Hub repo id', examples: ['cerebras/Cerebras-GPT-111M'] }),
  interval: Type.String({ description: 'day, week or month' }),
  asOf: AsOf,
  sources: Sources('the snapshots in force at the period boundaries'),
  points: Type.Array(ref(SeriesPointSchema), { description: 'Oldest first' })
}, { title: 'DownloadSeries' })

export const TrendsQuerySchema = Type.Object({
  window: Type.Optional({ ...WindowSchema, default: '30d' }),
  asOf: Instant('Compute as of this instant; default the newest snapshot', '2026-11-28T00:00:00Z'),
  format: Format
}, { additionalProperties: false })

export const TrendItemSchema = Type.Object({
  id: Type.String({ description: 'Hub repo id' }),
  downloads: Count('Downloads in (asOf - W, asOf]'),
  previousDownloads: Count('Downloads in (asOf - 2W, asOf - W]'),
  change: Count('downloads - previousDownloads'),
  changePct: Type.Union([Type.Number(), Type.Null()], { description: 'change as a percentage of previousDownloads; null when that is 0 or null' }),
  rank: Count('1 = most downloads in the window; null without a figure'),
  previousRank: Count('The rank in the window before'),
  share: Type.Union([Type.Number(), Type.Null()], { description: 'Share of the tracked set\'s downloads in the window, 0..1' }),
  likesChange: Count('Likes at asOf minus likes at asOf - W'),
  complete: Type.Boolean({ description: 'false when a snapshot used for either window is over 36 hours older than its boundary' }),
  recount: Type.Boolean({ description: 'The Hub lowered its all-time count inside either window' })
}, { title: 'TrendItem' })

export const TrendsSchema = Type.Object({
  asOf: AsOf,
  window: Type.String({ description: '7d, 30d or 90d' }),
  sources: Sources('each model\'s snapshots in force at asOf - 2W, asOf - W and asOf'),
  items: Type.Array(TrendItemSchema, { description: 'Every tracked model, by rank' })
}, { title: 'Trends' })

export const FamilySchema = Type.Object({
  interval: Type.String({ description: 'day, week or month' }),
  asOf: AsOf,
  sources: Sources('each model\'s snapshots in force at the start of the first period, the end of the last and asOf, and of its first snapshots (firstTwoWeeks)'),
  points: Type.Array(Type.Object({
    period: Type.String({ description: 'The period' }),
    downloads: Count('Sum of the models\' downloads that have a figure'),
    models: Type.Integer({ description: 'How many models have a figure for the period' }),
    complete: Type.Boolean({ description: 'Every tracked model has a complete figure' }),
    recount: Type.Boolean({ description: 'Some model was recounted in the period' })
  }), { description: 'The tracked set as a whole, oldest first' }),
  totals: Type.Object({
    downloads30d: Count('Sum of the Hub\'s rolling 30-day counts at asOf'),
    downloadsAllTime: Count('Sum of the all-time counts at asOf'),
    models: Type.Integer({ description: 'Tracked models' })
  }, { description: 'The family at asOf' }),
  firstTwoWeeks: Type.Array(Type.Object({
    id: Type.String({ description: 'Hub repo id' }),
    firstSnapshotAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The model\'s first snapshot' }),
    downloads: Count('Downloads in the 14 days after it'),
    complete: Type.Boolean({ description: 'The 14 days have passed and both ends have fresh snapshots' })
  }), { description: 'Growth of each model in its first 14 days of history' })
}, { title: 'Family' })

/** The family takes the same range as one model's series. */
export const FamilyQuerySchema = SeriesQuerySchema

export const CompareQuerySchema = Type.Object({
  ids: Type.String({ pattern: '^[\\w.-]+/[\\w.-]+(,[\\w.-]+/[\\w.-]+){0,9}$', description: 'Up to 10 comma-separated repo ids', examples: ['cerebras/Cerebras-GPT-111M,cerebras/Cerebras-GPT-13B'] }),
  ...SeriesQuerySchema.properties
}, { additionalProperties: false })

export const CompareSchema = Type.Object({
  interval: Type.String({ description: 'day, week or month' }),
  asOf: AsOf,
  sources: Sources('the snapshots in force at the period boundaries, over every model asked'),
  series: Type.Array(Type.Object({
    id: Type.String({ description: 'Hub repo id' }),
    points: Type.Array(ref(SeriesPointSchema), { description: 'Oldest first; the same periods for every model' })
  }), { description: 'One series per model, in the order asked' })
}, { title: 'Compare' })

export type SeriesQuery = Static<typeof SeriesQuerySchema>
export type SeriesPoint = Static<typeof SeriesPointSchema>
export type TrendItem = Static<typeof TrendItemSchema>
export type FamilyPoint = Static<typeof FamilySchema>['points'][number]
export type FirstTwoWeeks = Static<typeof FamilySchema>['firstTwoWeeks'][number]
