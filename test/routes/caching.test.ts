// HTTP caching: strong ETags, the 304 cycle, Last-Modified and Cache-Control tied to the schedule.
import t from 'tap'
import { setupCatalog } from '../helpers/build.js'

t.test('ETag, If-None-Match and 304, until a sync commits new data', async (t) => {
  const { app, hub } = await setupCatalog(t)
  await app.sync.run('cli')
  for (const url of ['/api/models', '/api/models/cerebras/Cerebras-GPT-111M', '/api/models/cerebras/Cerebras-GPT-111M/files', '/api/licenses', '/api/licenses/apache-2.0', '/api/trends']) {
    const first = await app.inject(url)
    const etag = first.headers.etag as string
    t.match(etag, /^"[^"]+"$/, `${url}: a strong ETag`)
    const again = await app.inject({ url, headers: { 'if-none-match': etag } })
    t.equal(again.statusCode, 304, `${url}: 304 on If-None-Match`)
    t.equal(again.headers['cache-control'], first.headers['cache-control'], `${url}: the 304 keeps Cache-Control`)
    t.equal(again.body, '')
    const stale = await app.inject({ url, headers: { 'if-none-match': '"something-else"' } })
    t.equal(stale.statusCode, 200)
    // RFC 9110 13.1.2: a list (weak comparison), and * for any current representation.
    t.equal((await app.inject({ url, headers: { 'if-none-match': `"a", W/${etag} , "b"` } })).statusCode, 304, `${url}: 304 when one tag of a list matches`)
    t.equal((await app.inject({ url, headers: { 'if-none-match': '"a", "b"' } })).statusCode, 200, `${url}: 200 when none does`)
    t.equal((await app.inject({ url, headers: { 'if-none-match': '*' } })).statusCode, 304, `${url}: 304 on *`)
  }
  t.equal((await app.inject({ url: '/api/models/cerebras/Nope', headers: { 'if-none-match': '*' } })).statusCode, 404, '* matches only what exists')
  const before = await app.inject('/api/models')
  hub.setCounts('cerebras/Cerebras-GPT-111M', { downloads: 31337 })
  await app.sync.run('cli')
  const after = await app.inject({ url: '/api/models', headers: { 'if-none-match': before.headers.etag as string } })
  t.equal(after.statusCode, 200, 'new data, new ETag')
  t.not(after.headers.etag, before.headers.etag)
})

t.test('Last-Modified is the last sync; Cache-Control runs out at the next scheduled one', async (t) => {
  const { app } = await setupCatalog(t, { SYNC_CRON: '0 * * * *' })
  const summary = await app.sync.run('cli')
  // The answer read the clock somewhere between these two readings, which may straddle the hour.
  const asked = Date.now()
  const res = await app.inject('/api/models')
  const answered = Date.now()
  t.equal(res.headers['last-modified'], summary.finishedAt.toUTCString())
  const maxAge = Number(/max-age=(\d+)/.exec(String(res.headers['cache-control']))?.[1])
  const HOUR = 3_600_000
  // Whole seconds from t to the next o'clock (an hour at o'clock itself).
  const untilNextHour = (t: number) => Math.floor(((Math.floor(t / HOUR) + 1) * HOUR - t) / 1000)
  const sameHour = Math.floor(asked / HOUR) === Math.floor(answered / HOUR)
  const possible = sameHour
    ? maxAge >= untilNextHour(answered) && maxAge <= untilNextHour(asked)
    : maxAge <= untilNextHour(asked) || maxAge >= untilNextHour(answered)
  t.ok(possible, `max-age ${maxAge} ends at the next hourly sync (${untilNextHour(answered)}..${untilNextHour(asked)} s)`)
  t.match(res.headers['cache-control'], /^public, max-age=\d+$/)
  t.equal((await app.inject('/ready')).headers['cache-control'], 'no-cache', 'readiness always revalidates')
  t.equal((await app.inject('/health')).headers['cache-control'], 'no-cache')
})

t.test('without a schedule the max-age is short', async (t) => {
  const { app } = await setupCatalog(t, { SYNC_CRON: 'off' })
  await app.sync.run('cli')
  t.equal((await app.inject('/api/models')).headers['cache-control'], 'public, max-age=60')
})
