// The demo's synthetic history and setup (src/dev/demo.ts), against a test database: its shape, what
// the API and the dashboard show after it, that a second run adds nothing, and that a sync moves it.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { DEMO_NOTICE, setUpDemo } from '../../src/dev/demo.js'
import { DAY, DEMO_DAYS, DEMO_GAP, DemoCurve, SNAPSHOT_HOUR, startOfDay } from '../../src/dev/demo-history.js'

const launch = new Date(Date.UTC(2026, 0, 5))
const SEVEN = 7 * DEMO_DAYS - DEMO_GAP.days.length

t.test('the synthetic curve: deterministic, never down, a launch spike and a decaying tail', async (t) => {
  const target = { downloadsAllTime: 700_000, likes: 70 }
  const a = new DemoCurve('cerebras/Cerebras-GPT-13B', launch, target)
  const b = new DemoCurve('cerebras/Cerebras-GPT-13B', launch, target)
  t.same(a.snapshots(), b.snapshots(), 'the same model and days give the same snapshots')
  t.notSame(new DemoCurve('cerebras/Cerebras-GPT-111M', launch, target).snapshots().map((r) => r.downloadsAllTime), a.snapshots().map((r) => r.downloadsAllTime), 'another model, another curve')
  t.equal(a.allTimeAtDay(DEMO_DAYS), 700_000, 'the curve reaches the placeholder on day DEMO_DAYS')
  t.equal(a.allTimeAt(launch), 0, 'nothing before launch')

  const wrong: string[] = []
  let previous = { downloadsAllTime: -1, likes: -1 }
  for (let h = 0; h < 24 * (DEMO_DAYS + 60); h++) {
    const at = new Date(launch.getTime() + h * 3_600_000)
    const c = a.countsAt(at)
    if (c.downloadsAllTime < previous.downloadsAllTime || c.likes < previous.likes) wrong.push(`goes down at ${at.toISOString()}`)
    if (c.downloads !== c.downloadsAllTime - a.allTimeAt(new Date(at.getTime() - 30 * DAY))) wrong.push(`30-day count off at ${at.toISOString()}`)
    previous = c
  }
  t.same(wrong, [], 'hour by hour: all-time and likes never go down, the 30-day count is the all-time increase over 30 days')

  const inc = Array.from({ length: DEMO_DAYS }, (_, d) => a.increment(d))
  const peak = inc.indexOf(Math.max(...inc))
  t.ok(peak <= 7, `the peak is in the first week (day ${peak})`)
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
  t.ok(mean(inc.slice(90)) < mean(inc.slice(0, 14)) / 4, 'the tail is a fraction of the launch weeks')
  t.ok(mean(inc.slice(30, 60)) > mean(inc.slice(90)), 'and still decaying')
  t.ok(inc.slice(90).every((x) => x > 0), 'the tail never stops')

  const rows = a.snapshots()
  t.equal(rows.length, DEMO_DAYS)
  t.same(rows.map((r) => r.takenAt.getTime() - launch.getTime()), rows.map((_, d) => d * DAY + SNAPSHOT_HOUR * 3_600_000), 'one a day at the same hour')
  const gap = new DemoCurve(DEMO_GAP.modelId, launch, target).snapshots()
  t.equal(gap.length, DEMO_DAYS - DEMO_GAP.days.length, `${DEMO_GAP.modelId} misses ${DEMO_GAP.days.length} days`)
})

t.test('after the demo setup every history answer has figures, says demo, and a second run adds nothing', async (t) => {
  const { app, hub, db, config } = await setupCatalog(t, { DATA_NOTICE: DEMO_NOTICE })
  hub.pause()
  const setup = await setUpDemo(app, hub, config)
  t.ok(setup.synced, 'an empty catalogue is synced first')
  t.equal(setup.launch.getTime(), startOfDay(new Date()).getTime() - DEMO_DAYS * DAY, 'launched DEMO_DAYS before today')
  t.same({ imported: setup.imported, duplicates: setup.duplicates }, { imported: SEVEN, duplicates: 0 })

  const stored = await sql<{ model_id: string, taken_at: Date, downloads_all_time: number, downloads: number, source: string }>(db.url,
    'SELECT model_id, taken_at, downloads_all_time, downloads, source FROM download_snapshots ORDER BY model_id, taken_at')
  t.equal(stored.filter((r) => r.source === 'demo').length, SEVEN)
  t.equal(stored.filter((r) => r.source === 'sync').length, 7, 'and one sync')
  for (let i = 1; i < stored.length; i++) {
    const [a, b] = [stored[i - 1], stored[i]]
    if (a.model_id === b.model_id && b.downloads_all_time < a.downloads_all_time) t.fail(`${b.model_id} goes down at ${b.taken_at.toISOString()}`)
  }
  t.ok(stored.every((r) => r.source === 'sync' || r.taken_at < stored.find((s) => s.model_id === r.model_id && s.source === 'sync')!.taken_at), 'the synthetic history comes before the first sync')

  const trends = (await app.inject('/api/trends')).json()
  t.same(trends.sources, ['demo', 'sync'], 'trends say where their snapshots came from')
  t.equal(trends.items.length, 7)
  for (const item of trends.items) {
    t.ok(item.downloads > 0 && item.previousDownloads > 0 && item.rank !== null && item.changePct !== null, `${item.id} has 30-day figures`)
  }
  const family = (await app.inject('/api/family')).json()
  t.same(family.sources, ['demo', 'sync'])
  t.ok(family.points.length >= 30 && family.points.every((p: { downloads: number | null }) => p.downloads !== null && p.downloads > 0), 'the family has a figure every day')
  t.ok(family.totals.downloadsAllTime > 0 && family.firstTwoWeeks.every((f: { downloads: number | null }) => f.downloads! > 0), 'totals and first two weeks')

  const series = (await app.inject('/api/models/cerebras/Cerebras-GPT-13B/downloads')).json()
  t.same(series.sources, ['demo', 'sync'])
  t.ok(series.points.every((p: { downloads: number | null, complete: boolean }) => p.downloads !== null && p.complete), '13B: a complete figure every day')
  const weeks = (await app.inject('/api/compare?ids=cerebras/Cerebras-GPT-111M,cerebras/Cerebras-GPT-13B&interval=week')).json()
  t.same(weeks.sources, ['demo', 'sync'])
  t.ok(weeks.series.every((s: { points: Array<{ downloads: number | null }> }) => s.points.filter((p) => p.downloads !== null).length >= 10), 'compare has weekly figures')

  // The gap: the days of the missing snapshots and the day after are no figure, not a 0.
  const gapped = (await app.inject(`/api/models/${DEMO_GAP.modelId}/downloads?from=${day(setup.launch, 95)}&to=${day(setup.launch, 115)}`)).json()
  const incomplete = gapped.points.filter((p: { complete: boolean }) => !p.complete).map((p: { period: string }) => p.period)
  t.same(incomplete, [104, 105, 106].map((d) => day(setup.launch, d)), 'the missed days are a gap')
  t.ok(gapped.points.every((p: { complete: boolean, downloads: number | null }) => !p.complete || p.downloads! > 0), 'no day of 0 beside the gap')

  const page = (await app.inject('/')).body
  t.match(page, /id="synthetic"/, 'the dashboard labels the synthetic figures')
  t.match(page, /SYNTHETIC/)
  t.notMatch(page, /no history/, 'every trend cell has a figure')
  const chart = JSON.parse(/<script id="chart-data" type="application\/json">(.*?)<\/script>/s.exec(page)![1]) as { datasets: Array<{ label: string, data: Array<number | null> }> }
  t.ok(chart.datasets.every((d) => d.data.filter((v) => v !== null).length >= 20), 'every line of the chart has figures')

  const before = await sql(db.url, 'SELECT model_id, taken_at, downloads, downloads_all_time, likes, source FROM download_snapshots ORDER BY model_id, taken_at')
  const again = await setUpDemo(app, hub, config)
  t.same({ synced: again.synced, imported: again.imported, duplicates: again.duplicates, launch: again.launch }, { synced: false, imported: 0, duplicates: SEVEN, launch: setup.launch }, 'a second run finds the same launch and stores nothing')
  t.same(await sql(db.url, 'SELECT model_id, taken_at, downloads, downloads_all_time, likes, source FROM download_snapshots ORDER BY model_id, taken_at'), before, 'nothing is added or rewritten')
})

t.test('in the demo a sync moves the counts along the curve', async (t) => {
  const { app, hub, config } = await setupCatalog(t)
  let offset = 0
  await setUpDemo(app, hub, config, { now: () => new Date(Date.now() + offset) })
  const id = 'cerebras/Cerebras-GPT-13B'
  const model = async () => (await app.inject(`/api/models/${id}`)).json()
  const first = await model()
  const week = async () => (await app.inject('/api/trends?window=7d')).json().items.find((i: { id: string }) => i.id === id).downloads
  const firstWeek = await week()
  offset = 6 * 3_600_000
  await app.sync.run('cli')
  const second = await model()
  t.ok(second.downloadsAllTime > first.downloadsAllTime, `all-time ${first.downloadsAllTime} -> ${second.downloadsAllTime}`)
  t.ok(second.likes >= first.likes, 'likes do not go down')
  t.ok(await week() > firstWeek, 'and the 7-day trend')
})

t.test('a catalogue synced before the demo keeps its snapshots; the synthetic ones come before them and below them', async (t) => {
  const { app, hub, db, config } = await setupCatalog(t)
  await app.sync.run('cli') // the fixed placeholder counts, as an older demo stored them
  const setup = await setUpDemo(app, hub, config)
  t.notOk(setup.synced)
  t.equal(setup.imported, SEVEN)
  const rows = await sql<{ model_id: string, downloads_all_time: number, source: string }>(db.url,
    'SELECT model_id, downloads_all_time, source FROM download_snapshots ORDER BY model_id, taken_at')
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].model_id === rows[i - 1].model_id && rows[i].downloads_all_time < rows[i - 1].downloads_all_time) t.fail(`${rows[i].model_id} goes down`)
  }
  t.equal(rows.filter((r) => r.source === 'sync').length, 7, 'the old snapshots stay as stored')
  await app.sync.run('cli')
  const trends = (await app.inject('/api/trends?window=7d')).json()
  t.ok(trends.items.every((i: { recount: boolean }) => !i.recount), 'the next sync counts on from them: no recount')
})

t.test('without the demo, the replay Hub counts stay fixed and nothing says synthetic', async (t) => {
  const { app } = await setupCatalog(t)
  await app.sync.run('cli')
  await app.sync.run('cli')
  const model = (await app.inject('/api/models/cerebras/Cerebras-GPT-111M')).json()
  t.equal(model.downloadsAllTime, 100_000)
  t.same((await app.inject('/api/trends')).json().sources, ['sync'])
  t.notMatch((await app.inject('/')).body, /id="synthetic"/)
})

function day (launch: Date, d: number): string {
  return new Date(launch.getTime() + d * DAY).toISOString().slice(0, 10)
}
