// History over HTTP: series, trends, family and compare, as JSON and as CSV that parses back to
// the same numbers; and `catalog import` (idempotent, bad lines reported, nothing stored changed).
import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import { parse } from 'csv-parse/sync'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { runCli } from '../helpers/cli.js'

const S = 'cerebras/Cerebras-GPT-111M'
const L = 'cerebras/Cerebras-GPT-13B'
const HISTORY = [
  { id: S, takenAt: '2026-11-01T12:00:00Z', downloads: 100, downloadsAllTime: 1000, likes: 5 },
  { id: S, takenAt: '2026-11-02T12:00:00Z', downloads: 110, downloadsAllTime: 1100, likes: 5 },
  { id: S, takenAt: '2026-11-03T12:00:00Z', downloads: 120, downloadsAllTime: 1250, likes: 6 },
  { id: L, takenAt: '2026-11-01T12:00:00Z', downloads: 10, downloadsAllTime: 500, likes: 1 },
  { id: L, takenAt: '2026-11-03T12:00:00Z', downloads: 12, downloadsAllTime: 540, likes: 2 }
]

async function withHistory (t: Test) {
  const ctx = await setupCatalog(t)
  await ctx.app.sync.run('cli')
  const dir = await mkdtemp(path.join(os.tmpdir(), 'import-'))
  const file = path.join(dir, 'history.jsonl')
  await writeFile(file, HISTORY.map((h) => JSON.stringify(h)).join('\n') + '\n')
  const res = await runCli(['import', file], { DATABASE_URL: ctx.db.url })
  t.equal(res.code, 0, res.stderr)
  t.match(res.stdout, /5 records: 5 imported, 0 already stored, 0 refused/)
  return { ...ctx, dir, file }
}

const range = 'from=2026-11-01&to=2026-11-03'

t.test('one model\'s daily series, as JSON and as CSV', async (t) => {
  const { app } = await withHistory(t)
  const res = await app.inject(`/api/models/${S}/downloads?interval=day&${range}`)
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.id, S)
  t.same(body.points.map((p: { period: string, downloads: number | null }) => [p.period, p.downloads]), [
    ['2026-11-01', null], ['2026-11-02', 100], ['2026-11-03', 150]
  ])
  const csv = await app.inject(`/api/models/${S}/downloads?interval=day&${range}&format=csv`)
  t.match(csv.headers['content-type'], /^text\/csv/)
  const rows = parse(csv.body, { columns: true }) as Array<Record<string, string>>
  t.same(Object.keys(rows[0]), ['period', 'downloads', 'downloadsAllTime', 'downloads30d', 'complete', 'recount'])
  t.same(rows.map((r) => ({
    period: r.period,
    downloads: r.downloads === '' ? null : Number(r.downloads),
    downloadsAllTime: r.downloadsAllTime === '' ? null : Number(r.downloadsAllTime),
    downloads30d: r.downloads30d === '' ? null : Number(r.downloads30d),
    complete: r.complete === 'true',
    recount: r.recount === 'true'
  })), body.points, 'the CSV parses back to the JSON numbers')
  const viaAccept = await app.inject({ url: `/api/models/${S}/downloads?${range}`, headers: { accept: 'text/csv' } })
  t.match(viaAccept.headers['content-type'], /^text\/csv/)
  t.match(viaAccept.headers.vary, /accept/i, 'caches must key on Accept')
})

t.test('range and interval errors', async (t) => {
  const { app } = await withHistory(t)
  const cases: Array<[string, number, RegExp]> = [
    [`/api/models/${S}/downloads?from=2026-11-05&to=2026-11-01`, 400, /from must be before/],
    [`/api/models/${S}/downloads?from=yesterday`, 400, /querystring\/from must match pattern/],
    [`/api/models/${S}/downloads?interval=hour`, 400, /querystring\/interval/],
    [`/api/models/${S}/downloads?from=1990-01-01&to=2026-01-01`, 400, /at most 1000/],
    ['/api/family?from=1970-01-01&to=9999-12-31', 400, /holds 2932897 periods; at most 1000/],
    ['/api/family?from=0000-01-01', 400, /querystring\/from is not a date between 1970-01-01 to 9999-12-31: 0000-01-01/],
    [`/api/models/${S}/downloads?to=2020-02-30`, 400, /querystring\/to is not a date/],
    ['/api/trends?asOf=0001-01-01T00:00Z', 400, /querystring\/asOf is not a date/],
    ['/api/models/cerebras/Nope/downloads', 404, /cerebras\/Nope/],
    ['/api/trends?window=1y', 400, /querystring\/window/],
    ['/api/compare?ids=', 400, /querystring\/ids/],
    ['/api/compare?ids=cerebras/Nope', 404, /cerebras\/Nope/]
  ]
  for (const [url, status, detail] of cases) {
    const res = await app.inject(url)
    t.equal(res.statusCode, status, url)
    t.match(res.json().detail, detail, url)
  }
})

t.test('trends, family and compare', async (t) => {
  const { app } = await withHistory(t)
  const trends = (await app.inject('/api/trends?window=7d&asOf=2026-11-03T12:00:00Z')).json()
  t.equal(trends.asOf, '2026-11-03T12:00:00.000Z')
  t.equal(trends.items.length, 7, 'every tracked model')
  // Nothing a week before 11-03: no figure for anyone.
  t.ok(trends.items.every((i: { downloads: number | null }) => i.downloads === null))
  const later = (await app.inject('/api/trends?window=7d&asOf=2026-11-09T12:00:00Z')).json()
  const s = later.items.find((i: { id: string }) => i.id === S)
  const l = later.items.find((i: { id: string }) => i.id === L)
  // (11-02 12:00, 11-09 12:00]: 1100 -> 1250 and 500 -> 540; the newest snapshots are 6 days old.
  t.match(s, { downloads: 150, rank: 1, share: round(150 / 190), complete: false })
  t.match(l, { downloads: 40, rank: 2, share: round(40 / 190), complete: false })
  t.same(later.sources, ['import'], 'the snapshots of these windows were imported (the sync came later)')
  t.same((await app.inject('/api/trends?window=7d')).json().sources, ['import', 'sync'], 'as of the sync: its snapshots and the imported ones before')
  const csv = parse((await app.inject('/api/trends?window=7d&asOf=2026-11-09T12:00:00Z&format=csv')).body, { columns: true }) as Array<Record<string, string>>
  t.equal(csv.length, 7)
  t.same(Object.keys(csv[0]), ['id', 'downloads', 'previousDownloads', 'change', 'changePct', 'rank', 'previousRank', 'share', 'likesChange', 'complete', 'recount'])

  const family = (await app.inject(`/api/family?interval=day&${range}`)).json()
  t.same(family.points.map((p: { period: string, downloads: number | null, models: number }) => [p.period, p.downloads, p.models]), [
    ['2026-11-01', null, 0], ['2026-11-02', 100 + 0, 2], ['2026-11-03', 150 + 40, 2]
  ])
  t.match(family.firstTwoWeeks.find((f: { id: string }) => f.id === S), { firstSnapshotAt: '2026-11-01T12:00:00.000Z' })
  t.same(family.sources, ['import', 'sync'], 'the family\'s sources include those at asOf (the sync)')

  const compare = (await app.inject(`/api/compare?ids=${S},${L}&${range}`)).json()
  t.same(compare.series.map((x: { id: string }) => x.id), [S, L])
  t.same(compare.sources, ['import'])
  t.same(compare.series[1].points.map((p: { downloads: number | null }) => p.downloads), [null, 0, 40])
  const compareCsv = parse((await app.inject(`/api/compare?ids=${S},${L}&${range}&format=csv`)).body, { columns: true }) as Array<Record<string, string>>
  t.equal(compareCsv.length, 6)
  t.same(compareCsv.filter((r) => r.id === L).map((r) => r.downloads), ['', '0', '40'])
})

t.test('catalog import: idempotent, bad lines reported, nothing stored changed', async (t) => {
  const { db, dir, file } = await withHistory(t)
  const count = async () => (await sql(db.url, "SELECT count(*)::int AS n FROM download_snapshots WHERE source = 'import'"))[0].n
  const before = await sql(db.url, "SELECT model_id, taken_at, downloads_all_time FROM download_snapshots WHERE source = 'import' ORDER BY 1, 2")
  t.equal(await count(), 5)

  const again = await runCli(['import', file], { DATABASE_URL: db.url })
  t.equal(again.code, 0)
  t.match(again.stdout, /5 records: 0 imported, 5 already stored, 0 refused/)
  t.equal(await count(), 5, 'the same file twice changes nothing')

  const bad = path.join(dir, 'bad.csv')
  await writeFile(bad, [
    'id,takenAt,downloads,downloadsAllTime,likes',
    `${S},2026-11-01T12:00:00Z,999,999999,99`, // same instant, other numbers: stored one wins
    `${S},2026-11-04T12:00:00Z,130,1300,6`, // new and good
    `${S},someday,1,1,1`,
    `${S},2026-11-05T12:00:00Z,-4,1,1`,
    'cerebras/Not-Tracked,2026-11-05T12:00:00Z,1,1,1',
    `${S},2026-11-06T12:00:00Z,,1,1`,
    `${S},2026-11-07T12:00:00Z,1,1,3000000000`, // past 32 bits: stored (the columns are 64-bit)
    `${S},2026-11-08T12:00:00Z,0x10,1,1` // not decimal digits: refused, not read as 16
  ].join('\n'))
  const res = await runCli(['import', bad], { DATABASE_URL: db.url })
  t.equal(res.code, 2, 'some lines refused')
  t.match(res.stdout, /line 4: takenAt is not an ISO date-time/)
  t.match(res.stdout, /line 5: downloads is not a non-negative integer/)
  t.match(res.stdout, /line 6: cerebras\/Not-Tracked is not in the catalogue/)
  t.match(res.stdout, /line 7: downloads is missing/)
  t.match(res.stdout, /line 9: downloads is not a non-negative integer: "0x10"/)
  t.match(res.stdout, /8 records: 2 imported, 1 already stored, 5 refused/)
  const after = await sql(db.url, "SELECT model_id, taken_at, downloads_all_time FROM download_snapshots WHERE source = 'import' AND taken_at < '2026-11-04' ORDER BY 1, 2")
  t.same(after, before, 'nothing already stored was changed')
  t.equal(await count(), 7)
  t.same(await sql(db.url, "SELECT likes FROM download_snapshots WHERE taken_at = '2026-11-07T12:00:00Z'"), [{ likes: 3_000_000_000 }])
})

function round (x: number) { return Math.round(x * 1e4) / 1e4 }
