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
// The history is dated from day 0, forty days before today (UTC), so imports are never "in the
// future" and the sync (today) always comes after it, whatever the clock says.
const DAY_MS = 86_400_000
const DAY0 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 40 * DAY_MS
/** Day n's label (YYYY-MM-DD), and an instant on it (12:00 UTC unless told). */
const day = (n: number) => new Date(DAY0 + n * DAY_MS).toISOString().slice(0, 10)
const at = (n: number, hour = 12) => new Date(DAY0 + n * DAY_MS + hour * 3_600_000).toISOString().replace('.000Z', 'Z')
const HISTORY = [
  { id: S, takenAt: at(0), downloads: 100, downloadsAllTime: 1000, likes: 5 },
  { id: S, takenAt: at(1), downloads: 110, downloadsAllTime: 1100, likes: 5 },
  { id: S, takenAt: at(2), downloads: 120, downloadsAllTime: 1250, likes: 6 },
  { id: L, takenAt: at(0), downloads: 10, downloadsAllTime: 500, likes: 1 },
  { id: L, takenAt: at(2), downloads: 12, downloadsAllTime: 540, likes: 2 }
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

const range = `from=${day(0)}&to=${day(2)}`

t.test('one model\'s daily series, as JSON and as CSV', async (t) => {
  const { app } = await withHistory(t)
  const res = await app.inject(`/api/models/${S}/downloads?interval=day&${range}`)
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.id, S)
  t.same(body.points.map((p: { period: string, downloads: number | null }) => [p.period, p.downloads]), [
    [day(0), null], [day(1), 100], [day(2), 150]
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
    [`/api/models/${S}/downloads?from=${day(4)}&to=${day(0)}`, 400, /from must be before/],
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
  const trends = (await app.inject(`/api/trends?window=7d&asOf=${at(2)}`)).json()
  t.equal(trends.asOf, `${day(2)}T12:00:00.000Z`)
  t.equal(trends.items.length, 7, 'every tracked model')
  // Nothing a week before day 2: no figure for anyone.
  t.ok(trends.items.every((i: { downloads: number | null }) => i.downloads === null))
  const later = (await app.inject(`/api/trends?window=7d&asOf=${at(8)}`)).json()
  const s = later.items.find((i: { id: string }) => i.id === S)
  const l = later.items.find((i: { id: string }) => i.id === L)
  // (day 1 12:00, day 8 12:00]: 1100 -> 1250 and 500 -> 540; the newest snapshots are 6 days old.
  // Shares of 190: 150/190 = 0.78947..., 40/190 = 0.21052...
  t.match(s, { downloads: 150, rank: 1, share: 0.7895, complete: false })
  t.match(l, { downloads: 40, rank: 2, share: 0.2105, complete: false })
  t.same(later.sources, ['import'], 'the snapshots of these windows were imported (the sync came later)')
  t.same((await app.inject('/api/trends?window=7d')).json().sources, ['import', 'sync'], 'as of the sync: its snapshots and the imported ones before')
  const csv = (await app.inject(`/api/trends?window=7d&asOf=${at(8)}&format=csv`)).body
  // Value by value: S and L ranked, the five others without a figure (none before the sync), by id.
  t.same(csv.trimEnd().split('\n'), [
    'id,downloads,previousDownloads,change,changePct,rank,previousRank,share,likesChange,complete,recount',
    `${S},150,,,,1,,0.7895,1,false,false`,
    `${L},40,,,,2,,0.2105,1,false,false`,
    'cerebras/Cerebras-GPT-1.3B,,,,,,,,,false,false',
    'cerebras/Cerebras-GPT-2.7B,,,,,,,,,false,false',
    'cerebras/Cerebras-GPT-256M,,,,,,,,,false,false',
    'cerebras/Cerebras-GPT-590M,,,,,,,,,false,false',
    'cerebras/Cerebras-GPT-6.7B,,,,,,,,,false,false'
  ])

  const family = (await app.inject(`/api/family?interval=day&${range}`)).json()
  t.same(family.points.map((p: { period: string, downloads: number | null, models: number }) => [p.period, p.downloads, p.models]), [
    [day(0), null, 0], [day(1), 100 + 0, 2], [day(2), 150 + 40, 2]
  ])
  const familyCsv = (await app.inject(`/api/family?interval=day&${range}&format=csv`)).body
  t.same(familyCsv.trimEnd().split('\n'), [
    'period,downloads,models,complete,recount',
    `${day(0)},,0,false,false`,
    `${day(1)},100,2,false,false`,
    `${day(2)},190,2,false,false`
  ], 'the family CSV, value by value (incomplete: five of the seven have no snapshot before the sync)')
  t.match(family.firstTwoWeeks.find((f: { id: string }) => f.id === S), { firstSnapshotAt: `${day(0)}T12:00:00.000Z` })
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
    `${S},${at(0)},999,999999,99`, // same instant, other numbers: stored one wins
    `${S},${at(3)},130,1300,6`, // new and good
    `${S},someday,1,1,1`,
    `${S},${at(4)},-4,1,1`,
    `cerebras/Not-Tracked,${at(4)},1,1,1`,
    `${S},${at(5)},,1,1`,
    `${S},${at(6)},1,1,3000000000`, // past 32 bits: stored (the columns are 64-bit)
    `${S},${at(7)},0x10,1,1` // not decimal digits: refused, not read as 16
  ].join('\n'))
  const res = await runCli(['import', bad], { DATABASE_URL: db.url })
  t.equal(res.code, 2, 'some lines refused')
  t.match(res.stdout, /line 4: takenAt is not an ISO date-time/)
  t.match(res.stdout, /line 5: downloads is not a non-negative integer/)
  t.match(res.stdout, /line 6: cerebras\/Not-Tracked is not in the catalogue/)
  t.match(res.stdout, /line 7: downloads is missing/)
  t.match(res.stdout, /line 9: downloads is not a non-negative integer: "0x10"/)
  t.match(res.stdout, /8 records: 2 imported, 1 already stored, 5 refused/)
  const after = await sql(db.url, "SELECT model_id, taken_at, downloads_all_time FROM download_snapshots WHERE source = 'import' AND taken_at < $1 ORDER BY 1, 2", [day(3)])
  t.same(after, before, 'nothing already stored was changed')
  t.equal(await count(), 7)
  t.same(await sql(db.url, 'SELECT likes FROM download_snapshots WHERE taken_at = $1', [at(6)]), [{ likes: 3_000_000_000 }])
})
