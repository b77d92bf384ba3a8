// The served document passes Redocly's recommended rules and Spectral's spectral:oas with no
// error, warning or lesser finding (the configs are .redocly.yaml and .spectral.yaml; both run
// offline, Redocly's telemetry off).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { formatDocument, lintDocument } from '../../scripts/openapi.js'
import { setupCatalog } from '../helpers/build.js'

t.test('redocly lint and spectral lint find nothing in the served document', async (t) => {
  const { app } = await setupCatalog(t)
  const res = await app.inject('/openapi.json')
  t.equal(res.statusCode, 200)
  const dir = await mkdtemp(path.join(tmpdir(), 'catalog-openapi-lint-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = path.join(dir, 'openapi.json')
  await writeFile(file, formatDocument(res.json()))
  const problems = await lintDocument(file)
  t.same(problems.filter((p) => p.linter === 'redocly'), [], 'redocly lint (recommended): no problems')
  t.same(problems.filter((p) => p.linter === 'spectral'), [], 'spectral lint (spectral:oas): no problems')
})

t.test('the linters do find problems: a document with known faults is not passed', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'catalog-openapi-lint-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = path.join(dir, 'faulty.json')
  // No servers, no license, no operationId, no 4xx, an undefined tag.
  await writeFile(file, JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'faulty', version: '1' },
    paths: { '/x': { get: { tags: ['nowhere'], responses: { 200: { description: 'ok' } } } } }
  }))
  const problems = await lintDocument(file)
  const rules = (linter: string) => new Set(problems.filter((p) => p.linter === linter).map((p) => p.rule))
  t.ok(rules('redocly').has('no-empty-servers') && rules('redocly').has('operation-4xx-response'), `redocly reports them (${[...rules('redocly')].join(', ')})`)
  t.ok(rules('spectral').has('operation-operationId') && rules('spectral').has('oas3-api-servers'), `spectral reports them (${[...rules('spectral')].join(', ')})`)
})
