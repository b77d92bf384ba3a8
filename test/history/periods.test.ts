// Calendar periods in UTC (src/history/periods.ts), with every expected date written out by hand.
import t from 'tap'
import { countPeriods, defaultFrom, nextPeriod, periodLabel, periodsBetween, startOfPeriod } from '../../src/history/periods.js'

const d = (s: string) => new Date(s)
const iso = (x: Date) => x.toISOString()

t.test('a period starts at midnight UTC: the day, the Monday, the 1st', async (t) => {
  // 2026-11-05 is a Thursday
  t.equal(iso(startOfPeriod(d('2026-11-05T23:59:59.999Z'), 'day')), '2026-11-05T00:00:00.000Z')
  t.equal(iso(startOfPeriod(d('2026-11-05T13:00:00Z'), 'week')), '2026-11-02T00:00:00.000Z')
  t.equal(iso(startOfPeriod(d('2026-11-02T00:00:00Z'), 'week')), '2026-11-02T00:00:00.000Z', 'a Monday is its own week')
  t.equal(iso(startOfPeriod(d('2026-11-08T23:00:00Z'), 'week')), '2026-11-02T00:00:00.000Z', 'a Sunday belongs to the week before')
  t.equal(iso(startOfPeriod(d('2026-11-30T23:00:00Z'), 'month')), '2026-11-01T00:00:00.000Z')
  t.equal(iso(startOfPeriod(d('2027-01-01T00:00:00Z'), 'week')), '2026-12-28T00:00:00.000Z', 'a week across the new year')
  t.equal(iso(startOfPeriod(d('0050-06-15T12:00:00Z'), 'month')), '0050-06-01T00:00:00.000Z', 'years below 100 stay themselves')
  t.equal(iso(startOfPeriod(d('0050-06-15T12:00:00Z'), 'day')), '0050-06-15T00:00:00.000Z')
})

t.test('the next period, and its label', async (t) => {
  t.equal(iso(nextPeriod(d('2026-11-30T00:00:00Z'), 'day')), '2026-12-01T00:00:00.000Z')
  t.equal(iso(nextPeriod(d('2026-11-30T00:00:00Z'), 'week')), '2026-12-07T00:00:00.000Z')
  t.equal(iso(nextPeriod(d('2026-12-01T00:00:00Z'), 'month')), '2027-01-01T00:00:00.000Z')
  t.equal(iso(nextPeriod(d('2028-02-01T00:00:00Z'), 'month')), '2028-03-01T00:00:00.000Z')
  t.equal(iso(nextPeriod(d('0099-12-01T00:00:00Z'), 'month')), '0100-01-01T00:00:00.000Z')
  t.equal(periodLabel(d('2026-11-02T00:00:00Z'), 'day'), '2026-11-02')
  t.equal(periodLabel(d('2026-11-02T00:00:00Z'), 'week'), '2026-11-02')
  t.equal(periodLabel(d('2026-11-01T00:00:00Z'), 'month'), '2026-11')
})

t.test('periods between two instants: oldest first, cut at the end', async (t) => {
  const days = periodsBetween(d('2026-11-01T12:00:00Z'), d('2026-11-03T06:00:00Z'), 'day')
  t.same(days.map((p) => [p.label, iso(p.start), iso(p.end)]), [
    ['2026-11-01', '2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z'],
    ['2026-11-02', '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z'],
    ['2026-11-03', '2026-11-03T00:00:00.000Z', '2026-11-03T06:00:00.000Z']
  ])
  const exact = periodsBetween(d('2026-11-01T00:00:00Z'), d('2026-11-03T00:00:00Z'), 'day')
  t.same(exact.map((p) => [p.label, iso(p.end)]), [['2026-11-01', '2026-11-02T00:00:00.000Z'], ['2026-11-02', '2026-11-03T00:00:00.000Z']], 'no empty period at an end that is a boundary')
  const weeks = periodsBetween(d('2026-11-04T00:00:00Z'), d('2026-11-17T00:00:00Z'), 'week')
  t.same(weeks.map((p) => [p.label, iso(p.end)]), [['2026-11-02', '2026-11-09T00:00:00.000Z'], ['2026-11-09', '2026-11-16T00:00:00.000Z'], ['2026-11-16', '2026-11-17T00:00:00.000Z']])
  const months = periodsBetween(d('2026-11-15T00:00:00Z'), d('2027-01-02T00:00:00Z'), 'month')
  t.same(months.map((p) => [p.label, iso(p.start), iso(p.end)]), [
    ['2026-11', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['2026-12', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['2027-01', '2027-01-01T00:00:00.000Z', '2027-01-02T00:00:00.000Z']
  ])
  t.same(periodsBetween(d('2026-11-03T00:00:00Z'), d('2026-11-03T00:00:00Z'), 'day'), [], 'an empty range')
  t.same(periodsBetween(d('2026-11-04T00:00:00Z'), d('2026-11-03T00:00:00Z'), 'day'), [], 'a reversed range')
})

t.test('counting periods agrees with listing them, without listing', async (t) => {
  t.equal(countPeriods(d('2026-11-01T12:00:00Z'), d('2026-11-03T06:00:00Z'), 'day'), 3)
  t.equal(countPeriods(d('2026-11-01T00:00:00Z'), d('2026-11-03T00:00:00Z'), 'day'), 2)
  t.equal(countPeriods(d('2026-11-04T00:00:00Z'), d('2026-11-17T00:00:00Z'), 'week'), 3)
  t.equal(countPeriods(d('2026-11-04T00:00:00Z'), d('2026-11-16T00:00:00Z'), 'week'), 2)
  t.equal(countPeriods(d('2026-11-15T00:00:00Z'), d('2027-01-02T00:00:00Z'), 'month'), 3)
  t.equal(countPeriods(d('2026-11-15T00:00:00Z'), d('2026-11-16T00:00:00Z'), 'month'), 1)
  t.equal(countPeriods(d('2026-11-03T00:00:00Z'), d('2026-11-03T00:00:00Z'), 'month'), 0)
  t.equal(countPeriods(d('2026-11-03T00:00:00Z'), d('2026-11-02T00:00:00Z'), 'day'), 0)
  t.equal(countPeriods(d('0001-01-01T00:00:00Z'), d('9999-12-31T00:00:00Z'), 'month'), 119988, 'millennia, counted not built')
  t.equal(countPeriods(d('2026-02-10T00:00:00Z'), d('2026-05-01T00:00:00Z'), 'month'), 3, 'an end on the 1st closes the month before, as in the list')
  t.equal(periodsBetween(d('2026-02-10T00:00:00Z'), d('2026-05-01T00:00:00Z'), 'month').length, 3)
  t.equal(countPeriods(d('2026-02-10T00:00:00Z'), d('2026-05-01T00:00:00.001Z'), 'month'), 4)
})

t.test('a series goes back 30 days, 12 weeks or 12 months by default', async (t) => {
  t.equal(iso(defaultFrom(d('2026-11-30T15:00:00Z'), 'day')), '2026-11-01T00:00:00.000Z')
  t.equal(iso(defaultFrom(d('2026-11-05T15:00:00Z'), 'week')), '2026-08-17T00:00:00.000Z')
  t.equal(iso(defaultFrom(d('2026-11-05T15:00:00Z'), 'month')), '2025-12-01T00:00:00.000Z')
  t.equal(iso(defaultFrom(d('0050-03-05T15:00:00Z'), 'month')), '0049-04-01T00:00:00.000Z')
})
