// History imports: strict values, records refused one by one (never the body), streamed in
// batches, CSV that cannot be read, and bodies past the limit.
import t from 'tap'
import { Readable } from 'node:stream'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'

const TOKEN = 'import-token-0123456789abcdef'
const ID = 'cerebras/Cerebras-GPT-111M'
const line = (fields: Record<string, unknown>) => JSON.stringify({ id: ID, takenAt: '2026-01-01T00:00:00Z', downloads: 10, downloadsAllTime: 100, likes: 1, ...fields })
const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 3_600_000).toISOString()

async function setup (t: Parameters<typeof setupCatalog>[0]) {
  const catalog = await setupCatalog(t, { ADMIN_TOKEN: TOKEN })
  await catalog.app.sync.run('cli')
  const imported = async () => Number((await sql(catalog.db.url, "SELECT count(*) AS n FROM download_snapshots WHERE source = 'import'"))[0].n)
  return { ...catalog, imported }
}

t.test('values are parsed strictly; a bad record is refused alone and the good ones of the same body are stored', async (t) => {
  const { app, db, imported } = await setup(t)
  const body = [
    line({ takenAt: '2026-01-01T00:00:00Z' }),
    line({ takenAt: '0000-01-01T00:00:00Z' }),
    line({ takenAt: '2020-02-30T00:00:00Z' }),
    line({ takenAt: '2026-01-02', downloads: true }),
    line({ takenAt: '2026-01-03', downloads: [7] }),
    line({ takenAt: '2026-01-04', downloads: '0x10' }),
    line({ takenAt: '2026-01-05', downloads: -1 }),
    line({ takenAt: '2026-01-06', downloads: 1.5 }),
    `{"id":"${ID}","takenAt":"2026-01-07","downloads":9007199254740993}`,
    line({ takenAt: '2026-01-08', likes: '3' }),
    line({ takenAt: '2026-01-09', downloads: 3_000_000_000, downloadsAllTime: 90_000_000_000 }),
    '[1,2]',
    '{"id":',
    line({ id: '__proto__' })
  ].join('\n')
  const report = await app.imports.import(body)
  t.equal(report.lines, 14)
  t.equal(report.imported, 3, 'the good line, the likes given as digits, and counts above 2^31')
  t.same(report.rejected.map((r) => r.line), [2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14])
  t.equal(report.refused, 11)
  t.match(report.rejected[0].reason, /takenAt is not an ISO date-time/)
  t.match(report.rejected[2].reason, /downloads is not a non-negative integer: true/)
  t.match(report.rejected[4].reason, /"0x10"/)
  t.equal(await imported(), 3)
  const [big] = await sql(db.url, 'SELECT downloads::text AS d, downloads_all_time::text AS a FROM download_snapshots WHERE taken_at = $1', ['2026-01-09T00:00:00Z'])
  t.same(big, { d: '3000000000', a: '90000000000' }, 'counts past 32 bits are stored exactly')
})

t.test('a body is read as a stream: batches, chunks split inside a character and a line, CRLF', async (t) => {
  const { app, imported } = await setup(t)
  const rows = Array.from({ length: 2500 }, (_, i) => line({ takenAt: day(i), downloads: i }))
  rows[1700] = line({ takenAt: day(1700), downloads: 'é' })
  const bytes = Buffer.from(rows.join('\r\n') + '\r\n')
  // Chunks of 7 bytes: every boundary falls somewhere, 'é' (two bytes) split included.
  const chunks = function * () { for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7) }
  const report = await app.imports.import(Readable.from(chunks()))
  t.match(report, { lines: 2500, imported: 2499, duplicates: 0, refused: 1, rejected: [{ line: 1701, reason: /downloads is not a non-negative integer: "é"/ }] })
  t.equal(await imported(), 2499)
  const again = await app.imports.import(Readable.from(chunks()))
  t.match(again, { imported: 0, duplicates: 2499 }, 'idempotent across batches')
})

t.test('CSV: strict values, a record that cannot be read, and a quote never closed', async (t) => {
  const { app, imported } = await setup(t)
  const csv = [
    'id,takenAt,downloads,downloadsAllTime,likes',
    `${ID},2026-02-01T00:00:00Z,10,100,1`,
    `${ID},2026-02-02T00:00:00Z,0x10,100,1`,
    `${ID},2026-02-03T00:00:00Z,1e3,100,1`,
    `${ID},2026-02-05T00:00:00Z,12,100,1`,
    `${ID},2026-02-06T00:00:00Z,"13,100,1`,
    `${ID},2026-02-07T00:00:00Z,14,100,1`
  ].join('\n')
  const report = await app.imports.import(csv)
  t.equal(report.imported, 2, 'the good records before the open quote')
  t.equal(report.refused, report.rejected.length)
  t.match(report.rejected.find((r) => r.line === 3), { reason: /"0x10"/ })
  t.match(report.rejected.find((r) => r.line === 4), { reason: /"1e3"/ })
  t.ok(report.rejected.some((r) => /not valid CSV/.test(r.reason) && /quote/i.test(r.reason)), 'the unclosed quote is reported')
  t.equal(await imported(), 2)
})

t.test('a line longer than a record may be is refused without being held', async (t) => {
  const { app } = await setup(t)
  const body = [line({ takenAt: '2026-03-01' }), `{"id":"${'x'.repeat(200_000)}"}`, line({ takenAt: '2026-03-02' })].join('\n')
  const report = await app.imports.import(body)
  t.match(report, { lines: 3, imported: 2, rejected: [{ line: 2, reason: /longer than/ }] })
})

t.test('over HTTP: streamed, 413 past the limit by Content-Length or by counting', async (t) => {
  const { app, imported } = await setup(t)
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' }
  const ok = await app.inject({ method: 'POST', url: '/api/imports', headers: auth, payload: Readable.from([line({ takenAt: '2026-04-01' }), '\n', line({ takenAt: '2026-04-02' })]) })
  t.equal(ok.statusCode, 200, ok.body)
  t.match(ok.json(), { lines: 2, imported: 2 })

  for (const [what, headers, payload] of [['no body', {}, undefined], ['JSON', { 'content-type': 'application/json' }, '{}'], ['text', { 'content-type': 'text/plain' }, 'x']] as const) {
    const res = await app.inject({ method: 'POST', url: '/api/imports', headers: { authorization: auth.authorization, ...headers }, payload })
    t.equal(res.statusCode, 415, `${what}: 415`)
    t.match(res.headers['content-type'], /problem\+json/)
  }

  const declared = await app.inject({ method: 'POST', url: '/api/imports', headers: { ...auth, 'content-length': String(51 * 1024 * 1024) }, payload: 'x' })
  t.equal(declared.statusCode, 413)
  t.match(declared.headers['content-type'], /problem\+json/)

  // No length given: the bytes are counted as they come. Lines of 60 KiB are cheap to refuse.
  const filler = `{"pad":"${'p'.repeat(60_000)}"}\n`
  const endless = function * () { for (let i = 0; i < 900; i++) yield filler }
  const counted = await app.inject({ method: 'POST', url: '/api/imports', headers: auth, payload: Readable.from(endless()) })
  t.equal(counted.statusCode, 413)
  t.match(counted.json(), { status: 413 })
  t.equal(await imported(), 2, 'nothing else was stored')
})

t.test('each refused JSONL line says why: invalid JSON, not an object, a bad id, a future date', async (t) => {
  const { app, imported } = await setup(t)
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
  const body = [
    line({ takenAt: ago(10 * 86_400_000) }),
    '{"id":',
    '[1,2]',
    '42',
    '"text"',
    'null',
    line({ id: 'no-slash' }),
    line({ id: 'a/b/c' }),
    line({ id: 'cerebras/Cerebras GPT' }),
    line({ id: 12 }),
    JSON.stringify({ takenAt: ago(0), downloads: 1 }),
    line({ id: '__proto__' }),
    line({ takenAt: new Date(Date.now() + 3_600_000).toISOString() }),
    line({ takenAt: ago(3_600_000) }),
    line({ id: 'cerebras/Not-Tracked' })
  ].join('\n')
  const report = await app.imports.import(body)
  t.same(report, {
    lines: 15,
    imported: 2,
    duplicates: 0,
    refused: 13,
    rejected: [
      { line: 2, reason: 'not valid JSON' },
      { line: 3, reason: 'not a JSON object' },
      { line: 4, reason: 'not a JSON object' },
      { line: 5, reason: 'not a JSON object' },
      { line: 6, reason: 'not a JSON object' },
      { line: 7, reason: 'id is not a repo id: "no-slash"' },
      { line: 8, reason: 'id is not a repo id: "a/b/c"' },
      { line: 9, reason: 'id is not a repo id: "cerebras/Cerebras GPT"' },
      { line: 10, reason: 'id is not a repo id: 12' },
      { line: 11, reason: 'id is not a repo id: undefined' },
      { line: 12, reason: 'id is not a repo id: "__proto__"' },
      { line: 13, reason: 'takenAt is in the future' },
      { line: 15, reason: 'cerebras/Not-Tracked is not in the catalogue (sync it first)' }
    ]
  })
  t.equal(await imported(), 2, 'the two good lines, ten days and an hour ago')
})
