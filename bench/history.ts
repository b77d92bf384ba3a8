// Bench: download history at scale ("Fast read path", bench item 2). Synthetic snapshots in a
// scratch database, then median and p95 of series, trends and family through the real code
// (DownloadsHistory over HistoryRepo over createPrisma), with EXPLAIN (ANALYZE, BUFFERS) of every
// statement they send, and a check that the family summed in SQL equals the per-model series summed
// here. Usage: npm run bench:history -- [--quick] [--keep] [--reuse] [--runs N] [--warmups N]
// --quick: the 730k size only; --keep: leave the scratch databases; --reuse: use the ones a --keep
// left (migrated first) instead of generating them again.
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createPool, createPrisma } from '../src/db/prisma.js'
import { migrate } from '../src/db/migrate.js'
import { DownloadsHistory } from '../src/history/downloads-history.js'
import { HistoryRepo } from '../src/history/history-repo.js'
import { describeParams, explain, recordingPrisma } from './lib/explain.js'
import { generateHistory, type GeneratedHistory, TRACKED } from './lib/history-data.js'
import { createScratchDatabase, dropScratchDatabase, redact, sqlOn, withDatabase } from './lib/scratch-db.js'
import { measure, type Timing } from './lib/stats.js'

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    runs: { type: 'string', default: '15' },
    warmups: { type: 'string', default: '2' }
  }
})
const RUNS = Number(opts.runs)
const WARMUPS = Number(opts.warmups)
// The server the scratch databases are created on (the database in the URL is only connected to).
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results')

interface Size { label: string, models: number, days: number, database: string }
const SIZES: Size[] = [
  { label: '730k', models: 1_000, days: 730, database: 'catalog_bench_history_730k' },
  { label: '10M', models: 10_000, days: 1_000, database: 'catalog_bench_history_10m' }
].slice(0, opts.quick ? 1 : 2)

const ONE = 'cerebras/Cerebras-GPT-1.3B'

interface Case {
  key: string
  query: string
  set: string
  /** Target for the median at 10M snapshots, in ms. */
  target: number
  run: (history: DownloadsHistory, all: string[]) => Promise<string>
}

const seriesCase = (interval: 'day' | 'week', query: string): Case => ({
  key: `series-${interval}`,
  query,
  set: `1 model (${ONE.split('/')[1]})`,
  target: 20,
  run: async (h) => `${(await h.series([ONE], interval)).series.get(ONE)!.length} periods`
})
const trendsCase = (key: string, whole: boolean): Case => ({
  key,
  query: 'trends, window=30d',
  set: whole ? 'all models' : `${TRACKED.length} tracked`,
  target: 250,
  run: async (h, all) => `${(await h.trends(whole ? all : TRACKED, '30d')).items.length} items`
})
const familyCase = (key: string, whole: boolean): Case => ({
  key,
  query: 'family, day (default 30 days)',
  set: whole ? 'all models' : `${TRACKED.length} tracked`,
  target: 250,
  run: async (h, all) => {
    const f = await h.family(whole ? all : TRACKED, 'day')
    return `${f.points.length} points, ${f.firstTwoWeeks.length} first two weeks`
  }
})

const CASES: Case[] = [
  seriesCase('day', 'series, day (default 30 days)'),
  seriesCase('week', 'series, week (default 12 weeks)'),
  trendsCase('trends-tracked', false),
  trendsCase('trends-all', true),
  familyCase('family-tracked', false),
  familyCase('family-all', true)
]

interface PlannedStatement { sql: string, params: string, plan: string }
interface CaseResult { key: string, query: string, set: string, answer: string, timing: Timing, statements: PlannedStatement[] }
interface Check { periods: number, agrees: boolean, detail: string }
interface SizeResult { label: string, models: number, days: number, snapshots: number, generation: GeneratedHistory | null, cases: CaseResult[], check: Check }

const log = (msg: string) => process.stderr.write(msg + '\n')

/** A fresh scratch database with synthetic history, or (--reuse) the one an earlier --keep left. */
async function prepare (size: Size): Promise<{ url: string, generation: SizeResult['generation'], drop: () => Promise<void> }> {
  const url = withDatabase(SERVER, size.database)
  if (opts.reuse) {
    const exists = await sqlOn(SERVER, `SELECT 1 FROM pg_database WHERE datname = '${size.database}'`)
    if (exists.length > 0) {
      log(`${size.label}: reusing ${redact(url)} (migrating it)`)
      await migrate(url)
      // A new index or rewritten table needs fresh statistics and a visibility map.
      await sqlOn(url, 'VACUUM (ANALYZE) download_snapshots')
      return { url, generation: null, drop: () => dropScratchDatabase(SERVER, size.database) }
    }
  }
  log(`${size.label}: creating ${redact(url)} and ${size.models} models x ${size.days} days of snapshots`)
  const db = await createScratchDatabase(SERVER, size.database)
  const generation = await generateHistory(db.url, size, log)
  return { url: db.url, generation, drop: db.drop }
}

/**
 * The family of every model, summed per period in SQL, against the same periods summed here from
 * every model's daily series (figured per model in TypeScript), as DownloadsHistory summed them
 * before the family had its own query; and the totals against the series' last points.
 */
async function checkFamily (history: DownloadsHistory, ids: string[]): Promise<Check> {
  const [family, { series }] = await Promise.all([history.family(ids, 'day'), history.series(ids, 'day')])
  const expected = (series.get(ids[0]) ?? []).map((p, i) => {
    const figures = ids.map((id) => series.get(id)![i])
    const known = figures.filter((f) => f.downloads !== null)
    return {
      period: p.period,
      downloads: known.length === 0 ? null : known.reduce((sum, f) => sum + f.downloads!, 0),
      models: known.length,
      complete: known.length === ids.length && known.every((f) => f.complete),
      recount: figures.some((f) => f.recount)
    }
  })
  const last = ids.map((id) => series.get(id)!.at(-1))
  const totals = {
    downloads30d: last.reduce((sum, p) => sum + (p?.downloads30d ?? 0), 0),
    downloadsAllTime: last.reduce((sum, p) => sum + (p?.downloadsAllTime ?? 0), 0),
    models: ids.length
  }
  const points = JSON.stringify(family.points) === JSON.stringify(expected)
  const sums = JSON.stringify(family.totals) === JSON.stringify(totals)
  const recounted = expected.filter((p) => p.recount).length
  const incomplete = expected.filter((p) => !p.complete).length
  return {
    periods: expected.length,
    agrees: points && sums,
    detail: `${expected.length} periods (${recounted} with a recount, ${incomplete} incomplete) and the totals: ` +
      `${points ? 'points equal' : 'POINTS DIFFER'}, ${sums ? 'totals equal' : 'TOTALS DIFFER'}`
  }
}

async function runSize (size: Size): Promise<SizeResult> {
  const { url, generation, drop } = await prepare(size)
  const all = (await sqlOn<{ id: string }>(url, 'SELECT id FROM models ORDER BY id')).map((r) => r.id)
  const [{ n: snapshots }] = await sqlOn<{ n: number }>(url, 'SELECT count(*)::int AS n FROM download_snapshots')
  const pool = createPool(url)
  const prisma = createPrisma(pool)
  const history = new DownloadsHistory(new HistoryRepo(prisma, pool))
  const recorder = recordingPrisma(url)
  // The history reads only: the pool (bulk writes) is never used through the recorder.
  const recorded = new DownloadsHistory(new HistoryRepo(recorder.db, pool))
  const cases: CaseResult[] = []
  let check: Check = { periods: 0, agrees: false, detail: 'not run' }
  try {
    for (const c of CASES) {
      const answer = await c.run(history, all)
      const timing = await measure(() => c.run(history, all), { warmups: WARMUPS, runs: RUNS })
      recorder.take()
      await c.run(recorded, all)
      const statements: PlannedStatement[] = []
      for (const s of recorder.take()) statements.push({ sql: s.sql, params: describeParams(s.params), plan: await explain(url, s) })
      cases.push({ key: c.key, query: c.query, set: c.set, answer, timing, statements })
      log(`${size.label}: ${c.query} over ${c.set}: p50 ${timing.p50} ms, p95 ${timing.p95} ms (${answer}; ${statements.length} statements)`)
    }
    check = await checkFamily(history, all)
    log(`${size.label}: family of all ${all.length} models against their series: ${check.detail}`)
  } finally {
    await recorder.close()
    await prisma.$disconnect()
    if (!opts.keep) await drop()
  }
  return { label: size.label, models: size.models, days: size.days, snapshots, generation, cases, check }
}

const fmt = (ms: number | undefined) => ms === undefined ? '-' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)

/** A markdown table whose columns line up, so the same text reads well on a terminal. */
function table (head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

interface Row { key: string, query: string, set: string, small?: Timing, large?: Timing, ratio: number | null, target: number, pass: boolean | null }

function summaryRows (results: SizeResult[]): Row[] {
  const [small, large] = results
  return CASES.map((c) => {
    const s = small?.cases.find((x) => x.key === c.key)
    const l = large?.cases.find((x) => x.key === c.key)
    return {
      key: c.key,
      query: c.query,
      set: c.set,
      small: s?.timing,
      large: l?.timing,
      ratio: s !== undefined && l !== undefined ? Math.round(l.timing.p50 / s.timing.p50 * 100) / 100 : null,
      target: c.target,
      pass: l === undefined ? null : l.timing.p50 <= c.target
    }
  })
}

function figuresTable (results: SizeResult[]): string {
  const labels = results.map((r) => r.label)
  const head = ['query', 'set', ...labels.flatMap((l) => [`${l} p50 ms`, `${l} p95 ms`]), 't(10M)/t(730k)', 'target (10M p50)', 'pass']
  const rows = summaryRows(results).map((r) => [
    r.query,
    r.set,
    ...[r.small, r.large].slice(0, labels.length).flatMap((t) => [fmt(t?.p50), fmt(t?.p95)]),
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    `<= ${r.target} ms`,
    r.pass === null ? '- (10M not run)' : r.pass ? 'pass' : 'FAIL'
  ])
  return table(head, rows)
}

async function postgresFacts (): Promise<{ version: string, settings: Record<string, string> }> {
  const [{ version }] = await sqlOn<{ version: string }>(SERVER, 'SELECT version()')
  const settings = await sqlOn<{ name: string, setting: string }>(SERVER,
    "SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'max_parallel_workers_per_gather', 'jit') ORDER BY name")
  return { version, settings: Object.fromEntries(settings.map((s) => [s.name, s.setting])) }
}

interface Context { facts: Awaited<ReturnType<typeof postgresFacts>>, command: string, date: Date, load: { start: number[], end: number[] } }

function markdown (results: SizeResult[], ctx: Context): string {
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ')
  const out: string[] = [
    '## History at scale',
    '',
    `- machine: ${os.availableParallelism()} CPUs (nproc), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.type()} ${os.release()}, Node ${process.version}; ` +
      `load average ${load(ctx.load.start)} at the start, ${load(ctx.load.end)} at the end (other work on the machine shows here)`,
    `- PostgreSQL: ${ctx.facts.version}; ${Object.entries(ctx.facts.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `- command: \`${ctx.command}\``,
    `- date: ${ctx.date.toISOString()}`,
    `- runs: ${RUNS} timed after ${WARMUPS} warm-ups, one after another, through DownloadsHistory over HistoryRepo over createPrisma (pool of 10); p95 is nearest-rank`,
    ''
  ]
  for (const r of results) {
    const g = r.generation
    out.push(`- ${r.label}: ${r.models.toLocaleString('en-US')} models x ${r.days} days = ${r.snapshots.toLocaleString('en-US')} snapshots` +
      (g === null ? ' (reused database)' : ` (generated in SQL: load ${(g.loadMs / 1000).toFixed(1)} s, indexes and constraints ${(g.indexMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${(g.vacuumMs / 1000).toFixed(1)} s)`) +
      `; family of all models against their summed series: ${r.check.detail}`)
  }
  out.push(
    '- data: one sync a day (a run\'s snapshots all at its instant), about 1% of days missed, 0.5% of snapshots missing per model and four-day outages in 1% of models, ' +
    'counts growing with noise, a recount in one model in ten, models appearing part-way through; written day after day as syncs append them',
    '',
    figuresTable(results),
    '',
    '### Plans',
    '',
    'EXPLAIN (ANALYZE, BUFFERS) of each statement the code sent for one call, recorded from Prisma\'s query log and replayed one after another with the same parameters ' +
    '(the code runs the statements of one call that do not depend on each other at once, on separate pooled connections).',
    ''
  )
  for (const r of results) {
    for (const c of r.cases) {
      out.push(`<details><summary>${r.label}: ${c.query} over ${c.set === 'all models' ? `all ${r.models.toLocaleString('en-US')} models` : c.set} (p50 ${fmt(c.timing.p50)} ms; ${c.statements.length} statements; ${c.answer})</summary>`, '')
      c.statements.forEach((s, i) => {
        out.push(`Statement ${i + 1}:`, '', '```sql', s.sql, '```', '', '```text', s.params, '', s.plan, '```', '')
      })
      out.push('</details>', '')
    }
  }
  return out.join('\n')
}

const date = new Date()
// As started: through its npm script, or directly (bench/run.ts starts it with node --import tsx).
const args = process.argv.slice(2).join(' ')
const command = process.env.npm_lifecycle_event === 'bench:history'
  ? `npm run bench:history${args ? ` -- ${args}` : ''}`
  : `node --import tsx bench/history.ts${args ? ` ${args}` : ''}`
const facts = await postgresFacts()
const loadStart = os.loadavg()
const results: SizeResult[] = []
for (const size of SIZES) results.push(await runSize(size))
const ctx: Context = { facts, command, date, load: { start: loadStart, end: os.loadavg() } }

const rows = summaryRows(results)
process.stdout.write('\n' + figuresTable(results) + '\n')
await mkdir(RESULTS_DIR, { recursive: true })
await writeFile(path.join(RESULTS_DIR, 'history.json'), JSON.stringify({
  bench: 'history',
  command,
  date: date.toISOString(),
  machine: { nproc: os.availableParallelism(), memoryBytes: os.totalmem(), cpu: os.cpus()[0]?.model ?? null, node: process.version, loadAverage: ctx.load },
  postgres: facts,
  runs: RUNS,
  warmups: WARMUPS,
  sizes: results.map((r) => ({
    label: r.label,
    models: r.models,
    days: r.days,
    snapshots: r.snapshots,
    generation: r.generation,
    familyCheck: r.check,
    cases: r.cases.map(({ statements, ...c }) => ({ ...c, statements: statements.length }))
  })),
  figures: rows.map((r) => ({
    key: r.key,
    query: r.query,
    set: r.set,
    p50Ms: { '730k': r.small?.p50 ?? null, '10M': r.large?.p50 ?? null },
    p95Ms: { '730k': r.small?.p95 ?? null, '10M': r.large?.p95 ?? null },
    ratio10Mto730k: r.ratio,
    targetP50Ms: r.target,
    pass: r.pass
  }))
}, null, 2) + '\n')
await writeFile(path.join(RESULTS_DIR, 'history.md'), markdown(results, ctx))
log(`wrote ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'history.json'))} and history.md`)
// A family that disagrees with its models' series is a wrong answer, however fast.
if (results.some((r) => !r.check.agrees)) process.exitCode = 1
