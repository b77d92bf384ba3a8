// The migration runner: bookkeeping as prisma migrate deploy keeps it, and a schema equal to schema.prisma.
import { createHash } from 'node:crypto'
import { cp, mkdtemp, writeFile, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as wasm from '@prisma/prisma-schema-wasm'
import t from 'tap'
import { migrate, readMigrations } from '../../src/db/migrate.js'
import { MigrationStatus } from '../../src/db/migration-status.js'
import { createPrisma } from '../../src/db/prisma.js'
import { MIGRATIONS_DIR, PROJECT_ROOT } from '../../src/paths.js'
import { runCli } from '../helpers/cli.js'
import { createTestDatabase, sql } from '../helpers/database.js'

interface DmmfField { name: string, dbName?: string | null, kind: string, type: string, isList: boolean, isRequired: boolean, hasDefaultValue: boolean, nativeType: [string, string[]] | null, relationFromFields?: string[] }
interface DmmfModel { name: string, dbName: string | null, fields: DmmfField[] }
interface Dmmf { datamodel: { models: DmmfModel[], enums: Array<{ name: string, dbName: string | null, values: Array<{ name: string }> }>, indexes: Array<{ model: string, type: string, dbName?: string | null, fields: Array<{ name: string }> }> } }

async function dmmf (): Promise<Dmmf> {
  const schema = await readFile(path.join(PROJECT_ROOT, 'prisma', 'schema.prisma'), 'utf8')
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] })))
}

const SCALAR_UDT: Record<string, string> = { String: 'text', Int: 'int4', BigInt: 'int8', Boolean: 'bool', Json: 'jsonb', Float: 'float8', DateTime: 'timestamp' }

t.test('migrations apply once and are recorded like prisma migrate deploy does', async (t) => {
  const db = await createTestDatabase({ migrate: false })
  t.teardown(db.drop)
  const first = await migrate(db.url)
  const names = (await readMigrations()).map((m) => m.name)
  t.same(first.applied, names)
  const again = await migrate(db.url)
  t.same(again, { applied: [], alreadyApplied: names }, 'idempotent')
  const rows = await sql(db.url, 'SELECT id, migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM _prisma_migrations ORDER BY migration_name')
  t.equal(rows.length, names.length)
  for (const row of rows) {
    const file = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'))
    t.equal(row.checksum, createHash('sha256').update(file).digest('hex'), 'sha256 of migration.sql')
    t.match(row.id, /^[0-9a-f-]{36}$/)
    t.ok(row.finished_at instanceof Date)
    t.equal(row.applied_steps_count, 1)
    t.equal(row.rolled_back_at, null)
  }
})

t.test('concurrent starters apply each migration once', async (t) => {
  const db = await createTestDatabase({ migrate: false })
  t.teardown(db.drop)
  await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)])
  const rows = await sql(db.url, 'SELECT count(*)::int AS n FROM _prisma_migrations')
  t.equal(rows[0].n, (await readMigrations()).length)
})

t.test('two `catalog migrate` processes at once, then again: each migration applied once, no error', async (t) => {
  const db = await createTestDatabase({ migrate: false })
  t.teardown(db.drop)
  const names = (await readMigrations()).map((m) => m.name)
  const both = await Promise.all([runCli(['migrate'], { DATABASE_URL: db.url }), runCli(['migrate'], { DATABASE_URL: db.url })])
  t.same(both.map((r) => r.code), [0, 0], both.map((r) => r.stderr).join(''))
  const applied = both.flatMap((r) => r.stdout.split('\n').filter((l) => l.startsWith('applied ')).map((l) => l.slice('applied '.length)))
  t.same(applied.sort(), names, 'every migration applied by exactly one of them')
  const again = await runCli(['migrate'], { DATABASE_URL: db.url })
  t.equal(again.code, 0, again.stderr)
  t.match(again.stdout, `0 applied, ${names.length} already applied`)
  const rows = await sql(db.url, 'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name')
  t.same(rows.map((r) => r.migration_name), names, 'one row per migration')
})

t.test('a database ahead of the code (a migration this version lacks) is refused, naming it', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const future = '29991231000000_from_a_newer_version'
  await sql(db.url, `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
    VALUES (gen_random_uuid()::text, repeat('0', 64), $1, now(), now(), 1)`, [future])
  await t.rejects(migrate(db.url), { code: 'CATALOG_MIGRATION_FAILED', message: new RegExp(`${future} applied, which this version does not have`) })

  const prisma = createPrisma(db.url)
  t.teardown(() => prisma.$disconnect())
  const status = new MigrationStatus(prisma)
  t.same(await status.unknown(), [future], 'what /ready can report')
  t.same(await status.pending(), [])

  const serve = await runCli(['serve'], { DATABASE_URL: db.url, PORT: '0', SYNC_ON_START: 'false' })
  t.equal(serve.code, 1, 'the service does not start')
  t.match(serve.stderr, future, 'and says which migration it does not know')

  // A migration a newer version applied and then rolled back is not in the database's schema.
  await sql(db.url, 'UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [future])
  t.same(await migrate(db.url), { applied: [], alreadyApplied: (await readMigrations()).map((m) => m.name) })
})

t.test('a migration that failed earlier and was not rolled back is refused until it is marked rolled back', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  // What prisma migrate deploy leaves when a migration fails: started, never finished, not rolled back.
  const failed = '29990101000000_failed_earlier'
  await sql(db.url, `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
    VALUES (gen_random_uuid()::text, repeat('0', 64), $1, now(), NULL, 0)`, [failed])
  await t.rejects(migrate(db.url), {
    code: 'CATALOG_MIGRATION_FAILED',
    message: 'Migration 29990101000000_failed_earlier failed earlier and was not rolled back; fix the database, then mark it rolled back'
  })
  await sql(db.url, 'UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [failed])
  t.same(await migrate(db.url), { applied: [], alreadyApplied: (await readMigrations()).map((m) => m.name) }, 'marked rolled back: migrations run again')
})

t.test('an edited migration is refused; a broken one leaves nothing half applied', async (t) => {
  const db = await createTestDatabase({ migrate: false })
  t.teardown(db.drop)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'))
  await cp(MIGRATIONS_DIR, dir, { recursive: true })
  await migrate(db.url, dir)
  const [first] = await readMigrations(dir)
  await writeFile(path.join(dir, first.name, 'migration.sql'), first.sql + '\n-- edited\n')
  await t.rejects(migrate(db.url, dir), { code: 'CATALOG_MIGRATION_FAILED', message: /modified after it was applied/ })
  await writeFile(path.join(dir, first.name, 'migration.sql'), first.sql)
  const broken = path.join(dir, '29990101000000_broken')
  await cp(path.join(dir, first.name), broken, { recursive: true })
  await writeFile(path.join(broken, 'migration.sql'), 'CREATE TABLE half_made (id int);\nSELECT no_such_function();\n')
  await t.rejects(migrate(db.url, dir), { code: 'CATALOG_MIGRATION_FAILED', message: /29990101000000_broken/ })
  t.same(await sql(db.url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_made'"), [])
  t.same(await sql(db.url, "SELECT 1 FROM _prisma_migrations WHERE migration_name = '29990101000000_broken'"), [])
})

t.test('the migrated database matches schema.prisma (Prisma DMMF)', async (t) => {
  const db = await createTestDatabase()
  t.teardown(db.drop)
  const { datamodel } = await dmmf()
  const columns = await sql(db.url, `SELECT table_name, column_name, udt_name, is_nullable, column_default
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`)
  const tables = new Set(columns.map((c) => c.table_name))
  t.same([...tables].sort(), datamodel.models.map((m) => m.dbName ?? m.name).sort(), 'same tables')

  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name
    const actual = columns.filter((c) => c.table_name === table)
    const fields = model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum')
    t.same(actual.map((c) => c.column_name).sort(), fields.map((f) => f.dbName ?? f.name).sort(), `${table}: same columns`)
    for (const f of fields) {
      const col = actual.find((c) => c.column_name === (f.dbName ?? f.name))
      if (!col) continue
      const enumDb = datamodel.enums.find((e) => e.name === f.type)
      let udt = f.kind === 'enum' ? (enumDb?.dbName ?? f.type) : SCALAR_UDT[f.type]
      if (f.type === 'DateTime' && f.nativeType?.[0] === 'Timestamptz') udt = 'timestamptz'
      if (f.isList) udt = `_${udt}`
      t.equal(col.udt_name, udt, `${table}.${col.column_name} type`)
      t.equal(col.is_nullable === 'NO', f.isRequired && !f.isList, `${table}.${col.column_name} nullability`)
      t.equal(col.column_default !== null, f.hasDefaultValue, `${table}.${col.column_name} default`)
    }
  }

  const enums = await sql(db.url, `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`)
  t.same(
    enums.map((e) => ({ name: e.typname, values: e.labels })).sort((a, b) => a.name.localeCompare(b.name)),
    datamodel.enums.map((e) => ({ name: e.dbName ?? e.name, values: e.values.map((v) => v.name) })).sort((a, b) => a.name.localeCompare(b.name)),
    'same enums'
  )

  const indexes = await sql(db.url, `SELECT c.relname AS table, i.indisunique AS unique, i.indisprimary AS primary,
      array_agg(a.attname::text ORDER BY k.ord) AS columns
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations'
    GROUP BY c.relname, i.indexrelid, i.indisunique, i.indisprimary`)
  const column = (modelName: string, field: string) => {
    const m = datamodel.models.find((x) => x.name === modelName)!
    const f = m.fields.find((x) => x.name === field)!
    return f.dbName ?? f.name
  }
  const expected = datamodel.indexes.map((ix) => {
    const m = datamodel.models.find((x) => x.name === ix.model)!
    return `${m.dbName ?? m.name}|${ix.type === 'id' ? 'primary' : ix.type === 'unique' ? 'unique' : 'normal'}|${ix.fields.map((f) => column(ix.model, f.name)).join(',')}`
  })
  // Prisma's @unique on a field also shows up here as type 'unique'.
  const actualIx = indexes.map((ix) => `${ix.table}|${ix.primary ? 'primary' : ix.unique ? 'unique' : 'normal'}|${ix.columns.join(',')}`)
  t.same(actualIx.sort(), expected.sort(), 'same indexes')

  const fks = await sql(db.url, `SELECT tc.table_name, kcu.column_name, ccu.table_name AS ref_table
    FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name
    JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
    WHERE tc.constraint_type = 'FOREIGN KEY'`)
  const expectedFks = datamodel.models.flatMap((m) => m.fields
    .filter((f) => f.kind === 'object' && (f.relationFromFields?.length ?? 0) > 0)
    .map((f) => {
      const target = datamodel.models.find((x) => x.name === f.type)!
      return `${m.dbName ?? m.name}.${column(m.name, f.relationFromFields![0])}->${target.dbName ?? target.name}`
    }))
  t.same(fks.map((f) => `${f.table_name}.${f.column_name}->${f.ref_table}`).sort(), expectedFks.sort(), 'same foreign keys')
})
