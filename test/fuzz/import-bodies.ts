// Bodies of POST /api/imports for the route fuzzer: JSONL and CSV records with good and hostile
// fields, malformed lines and files, sent under the content types the route takes and others.
import fc from 'fast-check'
import { HOSTILE_DATES, HOSTILE_STRINGS, LONG } from './hostile.js'

// Field values as JSON text, so a line can carry what JSON.stringify would never write (1e309).
const GOOD_DATES = ['2024-06-01T00:00:00Z', '2025-01-15', '2025-12-31T23:59:59.999Z', '2000-02-29T12:00:00+02:00']
const COUNTS = ['0', '1', '1000', '2147483647', '2147483648', '9007199254740991', '9007199254740992', '9223372036854775807',
  '1e309', '-1e309', '-1', '-0', '1.5', '1e3', 'true', 'false', '[7]', '"0x10"', '"7"', '" 7"', '"Infinity"', 'null', '{}', '""']
const BROKEN_LINES = ['{"id":', '{"id":"cerebras/x"}}', '[7]', 'true', '7', '"x"', '{}', 'null', '\u0000', LONG, '{"id":"a/b",}', "{'id':'a/b'}", '{"id":"a/b"} trailing']

function idArb (modelIds: string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...modelIds) }, fc.constantFrom('nobody/none', '../x', 'a/b/c', ...HOSTILE_STRINGS))
}

const dateArb = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...GOOD_DATES) }, fc.constantFrom(...HOSTILE_DATES))
const countArb = fc.oneof({ weight: 2, arbitrary: fc.nat({ max: 5_000_000 }).map(String) }, fc.constantFrom(...COUNTS))
const FIELDS = ['id', 'takenAt', 'downloads', 'downloadsAllTime', 'likes'] as const

/** One record as field -> JSON text; a field is sometimes missing, and odd keys are sometimes added. */
function recordArb (modelIds: string[]): fc.Arbitrary<Array<[string, string]>> {
  return fc.record({
    id: idArb(modelIds).map((s) => JSON.stringify(s)),
    takenAt: dateArb.map((s) => JSON.stringify(s)),
    downloads: countArb,
    downloadsAllTime: countArb,
    likes: countArb,
    drop: fc.subarray([...FIELDS], { maxLength: 1 }),
    extra: fc.subarray([['__proto__', '{"downloads":1}'], ['constructor', '{"prototype":{"x":1}}'], ['id', '"nobody/twice"'], ['extra', '1']] as Array<[string, string]>, { maxLength: 2 })
  }).map((r) => [...FIELDS.filter((f) => !r.drop.includes(f)).map((f): [string, string] => [f, r[f]]), ...r.extra])
}

const separatorArb = fc.constantFrom('\n', '\n', '\r\n', '\r')

function jsonlArb (modelIds: string[]): fc.Arbitrary<string> {
  const line = fc.oneof(
    { weight: 4, arbitrary: recordArb(modelIds).map((fields) => `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`) },
    fc.constantFrom(...BROKEN_LINES, '')
  )
  return fc.tuple(fc.array(line, { minLength: 1, maxLength: 6 }), separatorArb).map(([lines, sep]) => lines.join(sep))
}

// A JSON value as a CSV cell: strings unquoted, the rest as written.
const cell = (json: string): string => json.startsWith('"') ? String(JSON.parse(json)) : json
const quote = (s: string): string => /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s

function csvArb (modelIds: string[]): fc.Arbitrary<string> {
  const header = fc.oneof(
    { weight: 4, arbitrary: fc.constant(FIELDS.join(',')) },
    fc.shuffledSubarray([...FIELDS]).map((f) => f.join(',')),
    fc.constantFrom('id,id,takenAt,downloads', '__proto__,id,takenAt,downloads', 'constructor,id,takenAt,downloads', '"id,takenAt,downloads', '', 'id;takenAt;downloads')
  )
  const row = fc.oneof(
    { weight: 4, arbitrary: recordArb(modelIds).map((fields) => fields.slice(0, 5).map(([, v]) => quote(cell(v))).join(',')) },
    fc.constantFrom('"unterminated,2025-01-01,1', 'a"b,2025-01-01,1', '"a""b",2025-01-01,1', ',,,,,,,,', '=cmd|"/c calc"!A1,2025-01-01,1', LONG, '\u0000', '"', '')
  )
  return fc.tuple(header, fc.array(row, { maxLength: 6 }), separatorArb).map(([h, rows, sep]) => [h, ...rows].join(sep))
}

const CONTENT_TYPES = ['application/x-ndjson', 'application/jsonl', 'text/csv', 'application/json', 'text/csv; charset=utf-8',
  'application/x-ndjson; charset=latin1', 'text/plain', 'application/pdf', 'multipart/form-data', '', 'text/csv; boundary="']

/** A body (sometimes none) and its content type; for application/json the text is usually a JSON string, as the schema says. */
export function importRequestArb (modelIds: string[]): fc.Arbitrary<{ payload: string | undefined, contentType: string | undefined }> {
  const text = fc.oneof({ weight: 3, arbitrary: jsonlArb(modelIds) }, { weight: 3, arbitrary: csvArb(modelIds) }, fc.constantFrom(...HOSTILE_STRINGS))
  return fc.record({
    text: fc.option(text, { freq: 6, nil: undefined }),
    contentType: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CONTENT_TYPES.slice(0, 3)) }, fc.constantFrom(...CONTENT_TYPES), fc.constant(undefined)),
    wrapJson: fc.boolean()
  }).map(({ text, contentType, wrapJson }) => ({
    payload: text !== undefined && contentType === 'application/json' && wrapJson ? JSON.stringify(text) : text,
    contentType
  }))
}
