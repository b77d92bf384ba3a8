// GET / and its assets, without a browser (the browser test draws the chart).
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'

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
