// GET / and its assets, without a browser (the browser test draws the chart).
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'
import { applyDiscriminating } from '../helpers/discriminating.js'

t.test('the dashboard page', async (t) => {
  const { app, hub } = await setupCatalog(t, { DATA_NOTICE: 'counts are PLACEHOLDERS' })
  await app.sync.run('cli')
  const res = await app.inject('/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/html/)
  for (const e of hub.listing.filter((x) => String(x.id).startsWith('cerebras/Cerebras-GPT-') && !String(x.id).endsWith('Intermediate'))) {
    t.match(res.body, `>${String(e.id)}</a>`, `${String(e.id)} has a row`)
  }
  t.match(res.body, /counts are PLACEHOLDERS/)
  t.match(res.body, /Apache-2\.0/)
  t.notMatch(res.body, /<script[^>]+src="https?:/, 'no script from elsewhere')
  t.match(res.body, /<script src="\/assets\/chart\.umd\.min\.js"><\/script>/)
})

t.test('assets: the two scripts and nothing else', async (t) => {
  const { app } = await setupCatalog(t)
  for (const url of ['/assets/chart.umd.min.js', '/assets/dashboard.js']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.match(res.headers['content-type'], /javascript/)
  }
  for (const url of ['/assets/chart.js', '/assets/../package.json', '/assets/render.ts']) {
    t.equal((await app.inject(url)).statusCode, 404, url)
  }
})

t.test('a tag that tries to break out of the page is escaped', async (t) => {
  const { app, hub } = await setupCatalog(t)
  hub.setCounts('cerebras/Cerebras-GPT-111M', { likes: 3 })
  const info = hub.repos.get('cerebras/Cerebras-GPT-111M')!.info
  ;(info.cardData as Record<string, unknown>).license = 'other'
  ;(info.cardData as Record<string, unknown>).license_name = '<script>alert(1)</script>'
  await app.sync.run('cli')
  const res = await app.inject('/')
  t.notMatch(res.body, '<script>alert(1)</script>')
  t.match(res.body, '&lt;script&gt;alert(1)&lt;/script&gt;')
})

t.test('figures from synthetic (demo) snapshots are labelled; others are not', async (t) => {
  const { app, db } = await setupCatalog(t)
  await app.sync.run('cli')
  t.notMatch((await app.inject('/')).body, /id="synthetic"/, 'no label over synced snapshots')
  // A synthetic snapshot a week before the sync: the 7-day column now starts on it.
  await sql(db.url, "INSERT INTO download_snapshots (model_id, taken_at, downloads, downloads_all_time, likes, source) VALUES ($1, now() - interval '7 days 1 hour', 10, 99000, 9, 'demo')",
    ['cerebras/Cerebras-GPT-111M'])
  await app.readModel.reload()
  const page = (await app.inject('/')).body
  t.match(page, /<p class="synthetic" id="synthetic"><strong>Synthetic history:<\/strong>/)
  t.match(page, /Snapshot sources shown: demo, sync\./)
  t.match(page, /Downloads per day <span class="tag">synthetic<\/span>/)
})

// The table read cell by cell, over the discriminating overrides and hand-placed snapshots 7, 14
// and 30 days before the sync's: every expected cell is written out by hand.
t.test('the models table, cell by cell', async (t) => {
  const { app, hub, db } = await setupCatalog(t)
  applyDiscriminating(hub)
  await app.sync.run('cli')
  const before = (days: number) => `(SELECT max(taken_at) FROM download_snapshots) - interval '${days} days'`
  const insert = async (id: string, days: number, allTime: number) => sql(db.url,
    `INSERT INTO download_snapshots (model_id, taken_at, downloads, downloads_all_time, likes, source) VALUES ($1, ${before(days)}, 0, $2, 0, 'import')`, [id, allTime])
  // 111M (20,000 all time at the sync): 7 days 20000-18500 = 1,500 against 18500-18000 = 500 (+200%);
  // 30 days 20000-12000 = 8,000 with nothing before (no %, incomplete).
  await insert('cerebras/Cerebras-GPT-111M', 30, 12000)
  await insert('cerebras/Cerebras-GPT-111M', 14, 18000)
  await insert('cerebras/Cerebras-GPT-111M', 7, 18500)
  // 13B (333,000): 7 days 333000-320000 = 13,000 against 320000-300000 = 20,000 (-35%); no 30 days.
  await insert('cerebras/Cerebras-GPT-13B', 14, 300000)
  await insert('cerebras/Cerebras-GPT-13B', 7, 320000)
  // 256M (910,000): 7 days 5,000 against 5,000: +0%, shown as no fall.
  await insert('cerebras/Cerebras-GPT-256M', 14, 900000)
  await insert('cerebras/Cerebras-GPT-256M', 7, 905000)
  await app.readModel.reload()
  const page = (await app.inject('/')).body
  const rows = [...page.matchAll(/<tr>\s*<td><a href="[^"]*">(cerebras\/[^<]+)<\/a><\/td>([\s\S]*?)<\/tr>/g)]
    .map((m) => [m[1], ...[...m[2].matchAll(/<td([^>]*)>([\s\S]*?)<\/td>/g)].map((c) => `${c[1].trim()}|${c[2]}`)])
  const none = 'class="num"|<span class="muted">no history</span>'
  const star = ' <span class="muted" title="a snapshot at a window boundary is over 36 h old">*</span>'
  const apache = '|<a href="/api/licenses/apache-2.0">Apache-2.0</a>'
  t.same(rows, [
    ['cerebras/Cerebras-GPT-111M', apache, 'class="num" title="safetensors"|111M', 'class="num"|5,000', 'class="num"|20,000', 'class="num"|3',
      'class="num"|1,500 <span class="up">(+200%)</span>', `class="num"|8,000${star}`],
    ['cerebras/Cerebras-GPT-256M', apache, 'class="num" title="card"|256M', 'class="num"|700', 'class="num"|910,000', 'class="num"|12',
      'class="num"|5,000 <span class="up">(+0%)</span>', none],
    ['cerebras/Cerebras-GPT-590M', apache, 'class="num" title="card"|590M', 'class="num"|9,100', 'class="num"|45,000', 'class="num"|0', none, none],
    ['cerebras/Cerebras-GPT-1.3B', apache, 'class="num" title="card"|1.3B', 'class="num"|300', 'class="num"|120,000', 'class="num"|77', none, none],
    ['cerebras/Cerebras-GPT-2.7B', apache, 'class="num" title="card"|2.7B', 'class="num"|2,600', 'class="num"|8,000', 'class="num"|41', none, none],
    ['cerebras/Cerebras-GPT-6.7B', apache, 'class="num" title="card"|6.7B', 'class="num"|40', 'class="num"|600,000', 'class="num"|5', none, none],
    ['cerebras/Cerebras-GPT-13B', apache, 'class="num" title="card"|13.0B', 'class="num"|1,800', 'class="num"|333,000', 'class="num"|19',
      'class="num"|13,000 <span class="down">(-35%)</span>', none]
  ])
})
