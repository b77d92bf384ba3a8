// Configuration: defaults, parsing, and boot-time errors that name the variable.
import t from 'tap'
import { DEFAULT_TRACKED_MODELS, isTracked, loadConfig, parseTrackedModels, trackedIds } from '../src/config.js'
import { scheduledRunMissed } from '../src/schedule.js'

t.test('defaults', async (t) => {
  const c = loadConfig({})
  t.equal(c.port, 3000)
  t.equal(c.host, '127.0.0.1')
  t.equal(c.hub.endpoint, 'https://huggingface.co')
  t.equal(c.databaseUrl, undefined)
  t.equal(c.dataDir, './data')
  t.equal(c.trackedModels.length, 7)
  t.same(c.trackedModels, DEFAULT_TRACKED_MODELS.split(','))
  t.equal(c.syncCron, '17 * * * *')
})

t.test('parsing', async (t) => {
  t.same(parseTrackedModels(' a/b , c/d,a/b,, '), ['a/b', 'c/d'])
  t.equal(loadConfig({ HF_ENDPOINT: 'http://127.0.0.1:9/' }).hub.endpoint, 'http://127.0.0.1:9')
  t.equal(loadConfig({ SYNC_CRON: 'off' }).syncCron, null)
  t.equal(loadConfig({ PORT: '' }).port, 3000, 'an empty variable counts as unset')
})

t.test('bad values stop the boot with the variable named', async (t) => {
  t.throws(() => loadConfig({ PORT: 'abc' }), { message: /PORT/ })
  t.throws(() => loadConfig({ TRACKED_MODELS: 'not-a-repo-id' }), { message: /TRACKED_MODELS/ })
  t.throws(() => loadConfig({ SYNC_CRON: 'every day' }), { message: /SYNC_CRON/ })
  t.throws(() => loadConfig({ SYNC_TIMEZONE: 'Mars/Olympus' }), { message: /SYNC_TIMEZONE/ })
  t.throws(() => loadConfig({ DATA_NOTICE: 'placeholders \u2014 not Hub data' }), { message: /DATA_NOTICE/ }, 'headers carry printable ASCII only')
  t.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), { message: /DATABASE_URL/ })
  t.throws(() => loadConfig({ HUB_MAX_ATTEMPTS: '0' }), { message: /HUB_MAX_ATTEMPTS/ })
})

t.test('staleness follows the schedule', async (t) => {
  const now = new Date('2026-06-10T12:00:00Z')
  const daily = { cron: '0 3 * * *', timezone: 'UTC' }
  t.equal(scheduledRunMissed(daily, null, now), true, 'never synced')
  t.equal(scheduledRunMissed(daily, new Date('2026-06-10T04:00:00Z'), now), false, 'synced after today\'s 03:00')
  t.equal(scheduledRunMissed(daily, new Date('2026-06-09T04:00:00Z'), now), true, 'missed today\'s 03:00')
  const berlin = { cron: '0 3 * * *', timezone: 'Europe/Berlin' }
  t.equal(scheduledRunMissed(berlin, new Date('2026-06-10T01:30:00Z'), now), false, '03:00 in Berlin is 01:00 UTC in June')
  t.equal(scheduledRunMissed(berlin, new Date('2026-06-10T00:30:00Z'), now), true)
  t.equal(scheduledRunMissed(null, new Date('2020-01-01T00:00:00Z'), now), false, 'no schedule: never stale once synced')
})

t.test('TRACKED_AUTHORS: a list of Hub authors, unset by default', async (t) => {
  t.same(loadConfig({}).trackedAuthors, [], 'unset: TRACKED_MODELS only')
  t.same(loadConfig({ TRACKED_AUTHORS: ' cerebras , EleutherAI,cerebras' }).trackedAuthors, ['cerebras', 'EleutherAI'])
  t.same(loadConfig({ TRACKED_AUTHORS: '' }).trackedAuthors, [], 'empty counts as unset')
  for (const bad of ['cerebras/Cerebras-GPT-111M', 'cere bras', 'cerebras;rm', ',', 'a,,b']) {
    t.throws(() => loadConfig({ TRACKED_AUTHORS: bad }), { message: /TRACKED_AUTHORS/ }, JSON.stringify(bad))
  }
})

t.test('what is tracked: the named models, and every model of the tracked authors', async (t) => {
  const named = { trackedModels: ['cerebras/Cerebras-GPT-13B', 'other/x'], trackedAuthors: [] }
  t.equal(isTracked(named, 'cerebras/Cerebras-GPT-13B'), true)
  t.equal(isTracked(named, 'cerebras/Cerebras-GPT-111M'), false)
  t.same(trackedIds(named, ['cerebras/Cerebras-GPT-111M', 'cerebras/Cerebras-GPT-13B']), ['cerebras/Cerebras-GPT-13B', 'other/x'], 'without authors, exactly TRACKED_MODELS')
  const authors = { ...named, trackedAuthors: ['cerebras'] }
  t.equal(isTracked(authors, 'cerebras/Cerebras-GPT-111M'), true)
  t.equal(isTracked(authors, 'cerebras-ai/x'), false, 'the author is matched whole')
  t.same(trackedIds(authors, ['someone/else', 'cerebras/b', 'cerebras/Cerebras-GPT-13B', 'cerebras/a']),
    ['cerebras/Cerebras-GPT-13B', 'other/x', 'cerebras/a', 'cerebras/b'], 'named first, then the authors\' models by id')
})
