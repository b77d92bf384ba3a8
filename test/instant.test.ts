// Strict instants: real calendar dates only, zones honoured, and a range that keeps every derived
// date printable.
import t from 'tap'
import { parseInstant } from '../src/instant.js'

t.test('valid dates and date-times', async (t) => {
  t.equal(parseInstant('2026-11-01')?.toISOString(), '2026-11-01T00:00:00.000Z')
  t.equal(parseInstant('2024-02-29')?.toISOString(), '2024-02-29T00:00:00.000Z', 'a leap day')
  t.equal(parseInstant('2026-11-01T12:30')?.toISOString(), '2026-11-01T12:30:00.000Z', 'no zone is UTC')
  t.equal(parseInstant('2026-11-01T12:30:15.5Z')?.toISOString(), '2026-11-01T12:30:15.500Z')
  t.equal(parseInstant('2026-11-01T12:30:15.123456789Z')?.toISOString(), '2026-11-01T12:30:15.123Z')
  t.equal(parseInstant('2026-11-01T02:00:00+02:00')?.toISOString(), '2026-11-01T00:00:00.000Z')
  t.equal(parseInstant('2026-10-31T22:00:00-02:30')?.toISOString(), '2026-11-01T00:30:00.000Z')
  t.equal(parseInstant('1970-01-01')?.getTime(), 0)
  t.equal(parseInstant('9999-12-31T23:59:59.999Z')?.toISOString(), '9999-12-31T23:59:59.999Z')
})

t.test('dates that do not exist, other syntaxes and years out of range are refused', async (t) => {
  for (const value of [
    '2020-02-30', '2023-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-11-00',
    '2026-11-01T24:00Z', '2026-11-01T12:60Z', '2026-11-01T12:00:60Z', '2026-11-01T12:00+24:00', '2026-11-01T12:00+05:60',
    '0000-01-01', '0001-01-01', '0070-01-01', '1969-12-31T23:59:59Z', '1970-01-01T00:30+01:00', '-000001-01-01', '+275760-09-13', '10000-01-01',
    '2026-1-1', '20261101', 'Sun, 01 Nov 2026 00:00:00 GMT', '2026-11-01 12:00', '2026-11-01T12', '', ' 2026-11-01', '2026-11-01\u0000', 'Infinity', '1e309'
  ]) {
    t.equal(parseInstant(value), null, JSON.stringify(value))
  }
})
