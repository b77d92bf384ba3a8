// openapi.json at the repo root is the served document, byte for byte: a route or schema change
// that is not regenerated fails here (CI runs it). The document has no host, port or time in it.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { buildDocument, COMMITTED_DOCUMENT, formatDocument } from '../../scripts/openapi.js'
import { setupCatalog } from '../helpers/build.js'

const REGENERATE = 'run `npm run openapi:write` and commit openapi.json'

/** JSON pointers where two documents differ (the first `max`), to say what drifted. */
function differences (a: unknown, b: unknown, at = '', max = 20, found: string[] = []): string[] {
  if (found.length >= max) return found
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    if (JSON.stringify(a) !== JSON.stringify(b)) found.push(at || '/')
    return found
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, max, found)
  if (found.length === 0 && JSON.stringify(a) !== JSON.stringify(b)) found.push(`${at || '/'} (key order)`)
  return found
}

t.test('the served document is openapi.json, as committed', async (t) => {
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: 'b'.repeat(32) })
  // Over a real socket on a random port: nothing about the listener may reach the document.
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const served = await (await fetch(`${base}/openapi.json`)).json() as object
  const committed = await readFile(COMMITTED_DOCUMENT, 'utf8').catch(() => '')
  t.ok(committed !== '', `openapi.json exists at the repo root (${REGENERATE})`)
  const drift = committed === '' ? [] : differences(JSON.parse(committed), served)
  t.same(drift, [], `the served document matches openapi.json everywhere (the list is where it does not: ${REGENERATE})`)
  t.equal(formatDocument(served) === committed, true, `openapi.json is the served document formatted by openapi:write: ${REGENERATE}`)
})

t.test('the document is the same without a database or a listener, and twice over', async (t) => {
  const [first, second] = [await buildDocument(), await buildDocument()]
  t.equal(formatDocument(first), formatDocument(second), 'two builds give the same bytes')
  const committed = await readFile(COMMITTED_DOCUMENT, 'utf8').catch(() => '')
  t.equal(formatDocument(first) === committed, true, `what openapi:write writes is what is committed: ${REGENERATE}`)
  t.same((first as { servers?: unknown }).servers, [{ url: '/', description: 'This server' }], 'the server is relative: whichever host served the document')
  t.notMatch(formatDocument(first), /127\.0\.0\.1|localhost/, 'no host of this machine in it')
})
