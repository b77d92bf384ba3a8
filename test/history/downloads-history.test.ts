// The download-history semantics on hand-computed histories: gaps, several snapshots a day, a
// recount, a model added later, week and month boundaries, a window longer than the history.
import t from 'tap'
import { createPool, createPrisma } from '../../src/db/prisma.js'
import { HistoryRepo } from '../../src/history/history-repo.js'
import { DownloadsHistory } from '../../src/history/downloads-history.js'
import { createTestDatabase, sql } from '../helpers/database.js'

const A = 'test/model-a'
const B = 'test/model-b'
const C = 'test/model-c'
// [model, takenAt, downloadsAllTime, downloads30d, likes]
const SNAPSHOTS: Array<[string, string, number, number, number | null]> = [
  [A, '2026-11-01T12:00:00Z', 1000, 100, 5],
  [A, '2026-11-02T12:00:00Z', 1100, 110, 5],
  [A, '2026-11-02T18:00:00Z', 1150, 120, 6], // two on one day: the later one counts
  [A, '2026-11-03T12:00:00Z', 1300, 130, 6],
  // no snapshot on 11-04 and 11-05: a missed sync
  [A, '2026-11-06T12:00:00Z', 1600, 160, 7],
  [A, '2026-11-07T12:00:00Z', 1550, 150, 7], // the Hub recounted downwards
  [A, '2026-11-08T12:00:00Z', 1700, 170, 9],
  [B, '2026-11-05T12:00:00Z', 50, 50, 0], // added later
  [B, '2026-11-08T12:00:00Z', 250, 250, 2],
  [C, '2026-10-31T23:00:00Z', 10, 10, 0],
  [C, '2026-11-01T01:00:00Z', 20, 20, 0],
  [C, '2026-11-30T23:00:00Z', 50, 40, 0],
  [C, '2026-12-01T00:30:00Z', 60, 40, 0]
]

async function fixture (t: { teardown: (fn: () => unknown) => void }, snapshots = SNAPSHOTS, ids = [A, B, C], sourceOf: (id: string, at: string) => string = () => 'import') {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  for (const id of ids) await sql(db.url, 'INSERT INTO models (id, author) VALUES ($1, $2)', [id, 'test'])
  for (const [id, at, all, d30, likes] of snapshots) {
    await sql(db.url, 'INSERT INTO download_snapshots (model_id, taken_at, downloads_all_time, downloads, likes, source) VALUES ($1, $2, $3, $4, $5, $6)', [id, at, all, d30, likes, sourceOf(id, at)])
  }
  const pool = createPool(db.url, { poolSize: 2 })
  const prisma = createPrisma(pool)
  t.teardown(() => prisma.$disconnect())
  return new DownloadsHistory(new HistoryRepo(prisma, pool))
}

// DownloadsHistory only reads: the tests of one data set share its database (made once, dropped at the end).
const built = new Map<string, Promise<DownloadsHistory>>()
function shared (name: string, snapshots: typeof SNAPSHOTS, ids: string[]): Promise<DownloadsHistory> {
  if (!built.has(name)) built.set(name, fixture(t, snapshots, ids))
  return built.get(name)!
}

const d = (s: string) => new Date(s)

t.test('daily series of a model with gaps, a recount and several snapshots a day', async (t) => {
  const history = await shared('snapshots', SNAPSHOTS, [A, B, C])
  const { series } = await history.series([A, B], 'day', { from: d('2026-11-01T00:00:00Z'), to: d('2026-11-08T12:00:00Z') })
  t.same(series.get(A)!.map((p) => [p.period, p.downloads, p.downloadsAllTime, p.downloads30d, p.complete, p.recount]), [
    ['2026-11-01', null, 1000, 100, false, false], // no snapshot at the start of the day
    ['2026-11-02', 150, 1150, 120, true, false],
    ['2026-11-03', 150, 1300, 130, true, false],
    ['2026-11-04', 0, 1300, 130, true, false], // the end's snapshot is 36 h old: still complete
    ['2026-11-05', 0, 1300, 130, false, false], // 48 h old: the missed sync shows
    ['2026-11-06', 300, 1600, 160, false, false],
    ['2026-11-07', 0, 1550, 150, true, true], // went down: floored at 0, flagged
    ['2026-11-08', 150, 1700, 170, true, false] // up to asOf
  ])
  t.same(series.get(B)!.map((p) => p.downloads), [null, null, null, null, null, 0, 0, 200], 'a model added later has nulls before it existed')
})

t.test('weeks start on Monday, months on the 1st (UTC)', async (t) => {
  const history = await shared('snapshots', SNAPSHOTS, [A, B, C])
  const weeks = (await history.series([A], 'week', { from: d('2026-11-01T00:00:00Z'), to: d('2026-11-08T12:00:00Z') })).series.get(A)!
  t.same(weeks.map((p) => [p.period, p.downloads, p.complete, p.recount]), [
    ['2026-10-26', null, false, false],
    ['2026-11-02', 700, true, true]
  ])
  const months = (await history.series([C], 'month', { from: d('2026-10-01T00:00:00Z'), to: d('2026-12-01T01:00:00Z') })).series.get(C)!
  t.same(months.map((p) => [p.period, p.downloads, p.complete]), [
    ['2026-10', null, false],
    ['2026-11', 40, true], // 10 at 10-31 23:00 -> 50 at 11-30 23:00
    ['2026-12', 10, true] // to 12-01 01:00
  ])
})

t.test('trends over a window, ranks, shares and the window before', async (t) => {
  const history = await shared('snapshots', SNAPSHOTS, [A, B, C])
  const week = await history.trends([A, B, C], '7d', d('2026-11-08T12:00:00Z'))
  t.same(week.asOf, d('2026-11-08T12:00:00Z'))
  const a = week.items.find((i) => i.id === A)!
  t.same(a, { id: A, downloads: 700, previousDownloads: null, change: null, changePct: null, rank: 1, previousRank: null, share: 1, likesChange: 4, complete: false, recount: true })
  const b = week.items.find((i) => i.id === B)!
  t.match(b, { downloads: null, rank: null, share: null }, 'no snapshot a week before: no figure')
  const c = week.items.find((i) => i.id === C)!
  t.match(c, { downloads: 0, complete: false, rank: 2, share: 0 }, 'C has not moved since 11-01 01:00, and that snapshot is old: incomplete')
  t.same(week.items.map((i) => i.id), [A, C, B], 'sorted by rank, unranked last')

  const twoDays = await history.trends([A], '7d', d('2026-11-03T12:00:00Z'))
  t.match(twoDays.items[0], { downloads: null }, 'a window longer than the history is null')

  const later = await history.trends([A, B], '7d', d('2026-11-15T12:00:00Z'))
  t.match(later.items.find((i) => i.id === A), { downloads: 0, previousDownloads: 700, change: -700, changePct: -100, complete: false, recount: true }, 'a recount in the window before flags the item')
})

t.test('asOf defaults to the newest snapshot', async (t) => {
  const history = await shared('snapshots', SNAPSHOTS, [A, B, C])
  t.same(await history.asOf([A, B]), d('2026-11-08T12:00:00Z'))
  t.same(await history.asOf([C]), d('2026-12-01T00:30:00Z'))
  const { series } = await history.series([A], 'day')
  t.equal(series.get(A)!.at(-1)!.period, '2026-11-08')
  t.equal(series.get(A)!.length, 30, 'thirty days by default')
})

t.test('the family as a whole', async (t) => {
  const history = await shared('snapshots', SNAPSHOTS, [A, B, C])
  const fam = await history.family([A, B], 'day', { from: d('2026-11-06T00:00:00Z'), to: d('2026-11-08T12:00:00Z') })
  t.same(fam.points.map((p) => [p.period, p.downloads, p.models, p.complete]), [
    ['2026-11-06', 300, 2, false], // A 300 (incomplete), B 0
    ['2026-11-07', 0, 2, false], // B's 11-05 snapshot is 60 h old at 11-08 00:00
    ['2026-11-08', 350, 2, false] // A 150 + B 200; B's start snapshot is old
  ])
  t.same(fam.totals, { downloads30d: 170 + 250, downloadsAllTime: 1700 + 250, models: 2 })
  t.same(fam.firstTwoWeeks, [
    { id: A, firstSnapshotAt: '2026-11-01T12:00:00.000Z', downloads: 700, complete: false },
    { id: B, firstSnapshotAt: '2026-11-05T12:00:00.000Z', downloads: 200, complete: false }
  ], 'growth of the first 14 days, incomplete while they have not passed')
})

// Trend edges on a second hand-made history, every boundary exactly on a snapshot (so complete):
// tied ranks, a previous figure of 0, a window whose total is 0, the 30- and 90-day windows, and
// a model with no history at all.
const P = 'test/p'
const Q = 'test/q'
const R = 'test/r'
const Z = 'test/z' // never snapshotted
const EDGES: Array<[string, string, number, number, number | null]> = [
  [P, '2026-01-02T00:00:00Z', 0, 0, 0],
  [P, '2026-04-02T00:00:00Z', 50, 0, 1],
  [P, '2026-05-02T00:00:00Z', 100, 0, 1],
  [P, '2026-06-01T00:00:00Z', 400, 0, 2],
  [P, '2026-06-17T00:00:00Z', 1000, 0, 4],
  [P, '2026-06-24T00:00:00Z', 1100, 0, 5],
  [P, '2026-07-01T00:00:00Z', 1400, 0, 8],
  [Q, '2026-06-01T00:00:00Z', 450, 0, 0],
  [Q, '2026-06-17T00:00:00Z', 500, 0, 0],
  [Q, '2026-06-24T00:00:00Z', 500, 0, 0],
  [Q, '2026-07-01T00:00:00Z', 800, 0, 0],
  [R, '2026-06-17T00:00:00Z', 10, 0, 2],
  [R, '2026-06-24T00:00:00Z', 60, 0, 2],
  [R, '2026-07-01T00:00:00Z', 160, 0, 1]
]
const NO_FIGURE = { downloads: null, previousDownloads: null, change: null, changePct: null, rank: null, previousRank: null, share: null, likesChange: null, complete: false, recount: false }

t.test('trends: tied ranks, previous ranks, changePct from 0, and a model with no history', async (t) => {
  const history = await shared('edges', EDGES, [P, Q, R, Z])
  // (06-24, 07-01] against (06-17, 06-24]: P 300 vs 100, Q 300 vs 0, R 100 vs 50; total 700.
  const week = await history.trends([Z, R, Q, P], '7d', d('2026-07-01T00:00:00Z'))
  t.same(week.items, [
    { id: P, downloads: 300, previousDownloads: 100, change: 200, changePct: 200, rank: 1, previousRank: 1, share: 0.4286, likesChange: 3, complete: true, recount: false },
    { id: Q, downloads: 300, previousDownloads: 0, change: 300, changePct: null, rank: 1, previousRank: 3, share: 0.4286, likesChange: 0, complete: true, recount: false },
    { id: R, downloads: 100, previousDownloads: 50, change: 50, changePct: 100, rank: 3, previousRank: 2, share: 0.1429, likesChange: -1, complete: true, recount: false },
    { id: Z, ...NO_FIGURE }
  ], 'P and Q tie at rank 1, R is 3rd; changePct is null when the window before had 0')
})

t.test('trends: a window whose total is 0 has no shares', async (t) => {
  const history = await shared('edges', EDGES, [P, Q, R, Z])
  // (07-01, 07-08]: nothing after 07-01, so 0 each, read from a 7-day-old snapshot (incomplete).
  const quiet = await history.trends([P, Q, R, Z], '7d', d('2026-07-08T00:00:00Z'))
  t.same(quiet.items, [
    { id: P, downloads: 0, previousDownloads: 300, change: -300, changePct: -100, rank: 1, previousRank: 1, share: null, likesChange: 0, complete: false, recount: false },
    { id: Q, downloads: 0, previousDownloads: 300, change: -300, changePct: -100, rank: 1, previousRank: 1, share: null, likesChange: 0, complete: false, recount: false },
    { id: R, downloads: 0, previousDownloads: 100, change: -100, changePct: -100, rank: 1, previousRank: 3, share: null, likesChange: 0, complete: false, recount: false },
    { id: Z, ...NO_FIGURE }
  ])
})

t.test('trends: the 30- and 90-day windows', async (t) => {
  const history = await shared('edges', EDGES, [P, Q, R, Z])
  // 30d: (06-01, 07-01] against (05-02, 06-01]. P 1000 vs 300, Q 350 vs none, R none; total 1350.
  const month = await history.trends([P, Q, R, Z], '30d', d('2026-07-01T00:00:00Z'))
  t.same(month.items, [
    { id: P, downloads: 1000, previousDownloads: 300, change: 700, changePct: 233.33, rank: 1, previousRank: 1, share: 0.7407, likesChange: 6, complete: true, recount: false },
    { id: Q, downloads: 350, previousDownloads: null, change: null, changePct: null, rank: 2, previousRank: null, share: 0.2593, likesChange: 0, complete: false, recount: false },
    { id: R, ...NO_FIGURE },
    { id: Z, ...NO_FIGURE }
  ])
  // 90d: (04-02, 07-01] against (01-02, 04-02]. P 1350 vs 50; nobody else has a snapshot at 04-02.
  const quarter = await history.trends([P, Q, R, Z], '90d', d('2026-07-01T00:00:00Z'))
  t.same(quarter.items, [
    { id: P, downloads: 1350, previousDownloads: 50, change: 1300, changePct: 2600, rank: 1, previousRank: 1, share: 1, likesChange: 7, complete: true, recount: false },
    { id: Q, ...NO_FIGURE },
    { id: R, ...NO_FIGURE },
    { id: Z, ...NO_FIGURE }
  ])
})

t.test('trends of an empty history', async (t) => {
  const history = await fixture(t, [], [P, Z])
  t.same(await history.trends([P, Z], '7d'), { asOf: null, items: [], sources: [] }, 'no snapshot: no asOf, no items')
  const asked = await history.trends([P, Z], '30d', d('2026-07-01T00:00:00Z'))
  t.same(asked.items, [{ id: P, ...NO_FIGURE }, { id: Z, ...NO_FIGURE }], 'an asked asOf: every model, no figure')
  t.same(asked.sources, [])
})

t.test('sources: where the snapshots behind each answer came from, sorted, each once', async (t) => {
  // A's history is imported up to 11-03, then synced; B's is demo data; C's is imported up to 11-15, then synced.
  const sourceOf = (id: string, at: string) => id === B ? 'demo' : (id === A && at < '2026-11-04') || (id === C && at < '2026-11-15') ? 'import' : 'sync'
  const history = await fixture(t, SNAPSHOTS, [A, B, C], sourceOf)
  const early = await history.series([A], 'day', { from: d('2026-11-02T00:00:00Z'), to: d('2026-11-03T00:00:00Z') })
  t.same(early.sources, ['import'], 'the boundaries of 11-02 read imported snapshots only')
  const later = await history.series([A], 'day', { from: d('2026-11-02T00:00:00Z'), to: d('2026-11-08T12:00:00Z') })
  t.same(later.sources, ['import', 'sync'])
  t.same((await history.series([A, B], 'day', { from: d('2026-11-06T00:00:00Z'), to: d('2026-11-08T12:00:00Z') })).sources, ['demo', 'import', 'sync'], 'at 11-06 00:00 A\'s snapshot in force is still the import of 11-03')
  t.same((await history.series([A, B], 'day', { from: d('2026-11-07T00:00:00Z'), to: d('2026-11-08T12:00:00Z') })).sources, ['demo', 'sync'])
  t.same((await history.trends([A, B], '7d', d('2026-11-08T12:00:00Z'))).sources, ['demo', 'import', 'sync'], 'A at 11-01 12:00 (import), B, A at 11-08')
  t.same((await history.trends([A], '7d', d('2026-11-03T12:00:00Z'))).sources, ['import'])
  // the family: the range's ends and asOf, and each model's first two weeks (A's start from an import)
  const family = await history.family([A, C], 'day', { from: d('2026-11-07T00:00:00Z'), to: d('2026-11-08T00:00:00Z') })
  t.same(family.sources, ['import', 'sync'])
  const onlyC = await history.family([C], 'day', { from: d('2026-11-07T00:00:00Z'), to: d('2026-11-08T00:00:00Z') })
  t.same(onlyC.sources, ['import', 'sync'], 'the range reads imports, asOf (12-01 00:30) a synced snapshot')
  // C's first two weeks (10-31 23:00 to 11-01 01:00) are imported: sync comes from the range's end or from asOf
  t.same((await history.family([C], 'day', { from: d('2026-11-29T00:00:00Z'), to: d('2026-11-30T00:00:00Z') })).sources, ['import', 'sync'], 'asOf\'s source counts')
  t.same((await history.family([C], 'day', { from: d('2026-11-30T00:00:00Z'), to: d('2026-12-01T00:00:00Z') })).sources, ['import', 'sync'], 'the range\'s end counts')
  t.same(onlyC.totals, { downloads30d: 40, downloadsAllTime: 60, models: 1 }, 'totals at asOf (12-01 00:30), past the range')
})

t.test('a recount counts in a window that ends at its instant, not in one that starts there', async (t) => {
  const history = await shared('snapshots', SNAPSHOTS, [A, B, C])
  // A's count went down in the snapshot of 11-07 12:00
  t.match((await history.trends([A], '7d', d('2026-11-07T12:00:00Z'))).items[0], { recount: true }, '(10-31 12:00, 11-07 12:00]')
  t.match((await history.trends([A], '7d', d('2026-11-21T12:00:00Z'))).items[0], { recount: false }, '(11-07 12:00, 11-14 12:00] and (11-14 12:00, 11-21 12:00]')
  const atEnd = await history.series([A], 'day', { from: d('2026-11-07T00:00:00Z'), to: d('2026-11-07T12:00:00Z') })
  t.same(atEnd.series.get(A)!.map((p) => [p.period, p.recount]), [['2026-11-07', true]])
})

t.test('a range of exactly 1,000 periods is answered; 1,001 are refused before any query', async (t) => {
  const history = await shared('snapshots', SNAPSHOTS, [A, B, C])
  const thousand = await history.series([A], 'day', { from: d('2024-02-12T00:00:00Z'), to: d('2026-11-08T00:00:00Z') })
  t.equal(thousand.series.get(A)!.length, 1000)
  t.same(thousand.series.get(A)!.slice(-2).map((p) => [p.period, p.downloads]), [['2026-11-06', 300], ['2026-11-07', 0]])
  await t.rejects(history.series([A], 'day', { from: d('2024-02-11T00:00:00Z'), to: d('2026-11-08T00:00:00Z') }), { code: 'CATALOG_TOO_MANY_PERIODS', message: /holds 1001 periods; at most 1000/ })
  await t.rejects(history.family([A], 'day', { from: d('2024-02-11T00:00:00Z'), to: d('2026-11-08T00:00:00Z') }), { code: 'CATALOG_TOO_MANY_PERIODS' })
})

t.test('likes: no change when either end has no likes count', async (t) => {
  const history = await fixture(t, [
    [A, '2026-05-01T00:00:00Z', 10, 10, null],
    [A, '2026-05-08T00:00:00Z', 20, 10, 4],
    [B, '2026-05-01T00:00:00Z', 10, 10, 3],
    [B, '2026-05-08T00:00:00Z', 20, 10, null]
  ], [A, B])
  const week = await history.trends([A, B], '7d', d('2026-05-08T00:00:00Z'))
  t.same(week.items.map((i) => [i.id, i.downloads, i.likesChange]), [[A, 10, null], [B, 10, null]])
})

t.test('first two weeks: complete when asOf has reached the 14th day and the snapshot then is fresh', async (t) => {
  const X = 'test/x'
  const W = 'test/w'
  const Y = 'test/y'
  const history = await fixture(t, [
    [X, '2026-03-01T00:00:00Z', 100, 100, 0],
    [X, '2026-03-15T00:00:00Z', 300, 200, 0], // exactly 14 days later, and the newest snapshot: asOf
    [W, '2026-03-02T00:00:00Z', 10, 10, 0],
    [W, '2026-03-15T00:00:00Z', 20, 10, 0], // fresh at W's 14th day (03-16), but asOf has not reached it
    [Y, '2026-02-01T00:00:00Z', 5, 5, 0],
    [Y, '2026-02-05T00:00:00Z', 8, 8, 0] // Y's 14th day (02-15) has passed, but its last snapshot then is 10 days old
  ], [X, W, Y])
  const family = await history.family([X, W, Y], 'day', { from: d('2026-03-14T00:00:00Z'), to: d('2026-03-15T00:00:00Z') })
  t.same(family.asOf, d('2026-03-15T00:00:00Z'))
  t.same(family.firstTwoWeeks, [
    { id: X, firstSnapshotAt: '2026-03-01T00:00:00.000Z', downloads: 200, complete: true },
    { id: W, firstSnapshotAt: '2026-03-02T00:00:00.000Z', downloads: 10, complete: false },
    { id: Y, firstSnapshotAt: '2026-02-01T00:00:00.000Z', downloads: 3, complete: false }
  ])
  t.same(family.totals, { downloads30d: 218, downloadsAllTime: 328, models: 3 }, 'the range ends at asOf: totals from the same query')
  t.same(family.points.map((p) => [p.period, p.downloads]), [['2026-03-14', 210]], 'X 100 -> 300, W 10 -> 20, Y 8 -> 8')
  const empty = await history.family([X, W, Y], 'day', { from: d('2026-03-10T00:00:00Z'), to: d('2026-03-10T00:00:00Z') })
  t.same([empty.points, empty.totals], [[], { downloads30d: 218, downloadsAllTime: 328, models: 3 }], 'an empty range: no points, totals at asOf')
})

t.test('a recount exactly at a period boundary belongs to the period it ends', async (t) => {
  const M = 'test/m'
  const history = await fixture(t, [
    [M, '2026-05-01T00:00:00Z', 100, 100, 0],
    [M, '2026-05-02T00:00:00Z', 90, 90, 0], // the Hub lowered its count
    [M, '2026-05-03T00:00:00Z', 120, 100, 0]
  ], [M])
  const { series } = await history.series([M], 'day', { from: d('2026-05-01T00:00:00Z'), to: d('2026-05-03T00:00:00Z') })
  t.same(series.get(M)!.map((p) => [p.period, p.downloads, p.recount]), [['2026-05-01', 0, true], ['2026-05-02', 30, false]])
})

t.test('no models, or no history and no range: empty answers, not errors', async (t) => {
  const history = await shared('snapshots', SNAPSHOTS, [A, B, C])
  const none = await history.family([], 'day', { from: d('2026-11-06T00:00:00Z'), to: d('2026-11-08T00:00:00Z') })
  t.same(none.totals, { downloads30d: null, downloadsAllTime: null, models: 0 })
  t.same(none.firstTwoWeeks, [])
  t.same(none.points, [])
  t.same(none.sources, [])
  const empty = await fixture(t, [], [P, Z])
  t.same(await empty.series([P, Z], 'day'), { asOf: null, series: new Map([[P, []], [Z, []]]), sources: [] })
  const family = await empty.family([P, Z], 'week')
  t.same(family, { asOf: null, sources: [], points: [], totals: { downloads30d: null, downloadsAllTime: null, models: 2 }, firstTwoWeeks: [{ id: P, firstSnapshotAt: null, downloads: null, complete: false }, { id: Z, firstSnapshotAt: null, downloads: null, complete: false }] })
})
