// As root, the embedded PostgreSQL runs as the postgres user: a DATA_DIR it cannot reach is named
// in a clear error before anything starts, not a bare EACCES from initdb.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js'
import { PROJECT_ROOT } from '../../src/paths.js'
import { freePort } from '../helpers/database.js'

t.test('a DATA_DIR the postgres user cannot traverse', { skip: process.getuid?.() === 0 ? false : 'only root hands PostgreSQL to the postgres user' }, async (t) => {
  const closed = await mkdtemp(path.join(os.tmpdir(), 'closed-')) // mkdtemp makes it 0700
  t.teardown(() => rm(closed, { recursive: true, force: true }))
  const dataDir = path.join(closed, 'data')
  await mkdir(dataDir)
  const err = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false }).then(() => null, (e: Error) => e)
  t.match(err?.message, /^The embedded PostgreSQL runs as the 'postgres' user, which cannot enter \/\S* \(no execute permission for others\)\. .*set DATABASE_URL\.$/)
  // It names the first closed directory: ours, or one above the project if the checkout itself is closed.
  const named = /cannot enter (\S+) /.exec(err?.message ?? '')?.[1] ?? ''
  t.ok(named === closed || PROJECT_ROOT === named || PROJECT_ROOT.startsWith(named + path.sep), `names ${named}`)
})
