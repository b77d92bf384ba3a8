// Freshness of the catalogue: the last committed sync, staleness against the schedule, max-age.
import t from 'tap'
import { Freshness } from '../../src/catalogue/freshness.js'

const HOURLY = { cron: '0 * * * *', timezone: 'UTC' }

const never = async () => null

t.test('stale after three schedule intervals without a sync; never stale without a schedule', async (t) => {
  const hourly = new Freshness(never, { schedule: HOURLY })
  const now = new Date('2026-11-29T12:30:00Z')
  t.equal(hourly.isStale(null, now), true, 'never synced')
  t.equal(hourly.isStale(new Date('2026-11-29T10:00:00Z'), now), false, '2.5 intervals')
  t.equal(hourly.isStale(new Date('2026-11-29T09:00:00Z'), now), true, '3.5 intervals')
  const unscheduled = new Freshness(never, { schedule: null })
  t.equal(unscheduled.isStale(new Date('2020-01-01T00:00:00Z'), now), false)
})

t.test('max-age runs out when the next sync is due, capped; a default without a schedule', async (t) => {
  // A fixed clock: the next hourly sync is at 13:00, whatever the time the test runs.
  const now = Date.parse('2026-11-29T12:30:00.400Z')
  const hourly = new Freshness(never, { schedule: HOURLY })
  t.equal(hourly.maxAgeSeconds(now), 1799, '13:00 is 1799.6 s away: whole seconds, rounded down')
  t.equal(hourly.maxAgeSeconds(Date.parse('2026-11-29T12:59:59.999Z')), 0, 'a millisecond before the run')
  t.equal(hourly.maxAgeSeconds(Date.parse('2026-11-29T13:00:00.000Z')), 3600, 'at the run: the next one is an hour away')
  t.equal(new Freshness(never, { schedule: { cron: '0 0 * * *', timezone: 'UTC' } }).maxAgeSeconds(now), 3600, 'capped at an hour')
  t.equal(new Freshness(never, { schedule: HOURLY, maxAgeCapSeconds: 5 }).maxAgeSeconds(now), 5)
  t.equal(new Freshness(never, { schedule: null, unscheduledMaxAgeSeconds: 42 }).maxAgeSeconds(now), 42)
  t.equal(new Freshness(never, { schedule: null }).maxAgeSeconds(now), 60, '60 s without a schedule')
})
