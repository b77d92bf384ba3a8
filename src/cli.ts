#!/usr/bin/env node
// The `catalog` command: serve | sync | migrate | import | status, and --version.
import { constants, createReadStream, realpathSync } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pino from 'pino'
import { loadConfig, type Config } from './config.js'
import { openDatabase } from './db/database.js'
import { migrate, type MigrateResult } from './db/migrate.js'
import { SyncAlreadyRunningError, isAbortError } from './errors.js'
import { LOG_REDACT, LOG_SERIALIZERS, type Logger } from './logger.js'
import { createServices, type Services } from './services.js'
import type { ModelOutcome } from './sync/sync-types.js'
import { versionLine } from './version.js'

const USAGE = `Usage: catalog <command>

Commands:
  serve     migrate, sync if stale, and serve the REST API (same as npm start)
  sync      sync the tracked models from the Hub once; exit 0 succeeded, 2 partial, 1 failed,
            75 another sync holds the lock; --json prints the summary as JSON;
            --if-locked=skip exits 0 instead of 75 when another sync holds the lock
  migrate   apply prisma/migrations to the database
  import F  backfill download history from F (JSONL or CSV: id, takenAt, downloads,
            downloadsAllTime, likes); exit 0 all imported, 2 some lines refused, 1 failed
  status    show the catalogue and the last sync runs

Options:
  --version print the version and the git commit it was built from, when known

Configuration comes from the environment; see the README.`

/** Opens and migrates the database, builds the services, runs fn, and closes everything. */
async function withServices<T> (config: Config, logger: Logger, fn: (services: Services, migrated: MigrateResult) => Promise<T>): Promise<T> {
  const handle = await openDatabase(config)
  try {
    const migrated = await migrate(handle.url)
    const services = createServices({ config, databaseUrl: handle.url, logger, poolSize: 4 })
    try {
      return await fn(services, migrated)
    } finally {
      await services.close()
    }
  } finally {
    await handle.close()
  }
}

/** A usage mistake (an unknown option or value): exit 1 with the usage, before anything is opened. */
class UsageError extends Error {
  readonly code = 'CATALOG_USAGE'
}

export interface SyncOptions {
  json: boolean
  /** What a run that finds the lock taken does: fail (exit 75, for cron to see) or skip (exit 0). */
  ifLocked: 'fail' | 'skip'
}

export function parseSyncArgs (args: string[]): SyncOptions {
  let values
  try {
    ({ values } = parseArgs({ args, options: { json: { type: 'boolean', default: false }, 'if-locked': { type: 'string', default: 'fail' } }, strict: true, allowPositionals: false }))
  } catch (err) {
    throw new UsageError(`catalog sync: ${(err as Error).message}`)
  }
  const ifLocked = values['if-locked']
  if (ifLocked !== 'fail' && ifLocked !== 'skip') throw new UsageError(`catalog sync: --if-locked is fail or skip, not ${JSON.stringify(ifLocked)}`)
  return { json: values.json, ifLocked }
}

export function progressLine (o: ModelOutcome): string {
  if (o.kind === 'failed') return `✗ ${o.modelId}: ${o.error.code} ${o.error.message}`
  if (o.kind === 'missing') return `∅ ${o.modelId}: ${o.newly ? 'gone from the Hub, kept and marked missing' : 'still missing'} (since ${o.since.toISOString()}, last sha ${o.lastSha?.slice(0, 7) ?? 'none'})`
  const counts = `downloads(30d)=${o.summary.downloads} allTime=${o.summary.downloadsAllTime ?? '?'} likes=${o.summary.likes}`
  return o.kind === 'changed' ? `↻ ${o.modelId}: metadata refreshed at ${o.summary.sha.slice(0, 7)}, ${counts}` : `✓ ${o.modelId}: unchanged, ${counts}`
}

// Exit codes a cron job or a Kubernetes CronJob can alert on.
export const EXIT = { succeeded: 0, failed: 1, partial: 2, locked: 75 } as const

// The CLI's own output is on stdout; logs go to stderr, quieter than the server's by default, and
// redacted as the server's are.
export function cliLogger (config: Pick<Config, 'logLevel'>, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, redact: LOG_REDACT, serializers: LOG_SERIALIZERS }, destination)
}

async function sync (config: Config, { json, ifLocked }: SyncOptions): Promise<number> {
  return withServices(config, cliLogger(config), async ({ sync: service }) => {
    // SIGTERM/SIGINT: let the run finish within SHUTDOWN_GRACE_MS, else record it as interrupted.
    const stop = (signal: string) => {
      console.error(`${signal}: letting the running sync finish within ${config.shutdownGraceMs} ms`)
      service.close().catch(() => {})
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      const s = await service.run('cli', json ? {} : { onProgress: (o) => console.log(progressLine(o)) })
      if (json) console.log(JSON.stringify(s))
      else console.log(`sync #${s.runId} ${s.status}: ${s.modelsTotal} models, ${s.modelsChanged} changed, ${s.modelsFailed} failed, ${s.hubRequests} Hub requests, ${(s.durationMs / 1000).toFixed(1)}s`)
      return EXIT[s.status]
    } catch (err) {
      if (err instanceof SyncAlreadyRunningError) {
        // A CronJob pod that exits non-zero is a failed Job; one that found a run in flight has
        // nothing to do, which is a success for it.
        if (ifLocked === 'skip') {
          console.log(json ? JSON.stringify({ status: 'skipped' }) : 'another sync holds the lock; skipped (--if-locked=skip)')
          return EXIT.succeeded
        }
        if (json) console.log(JSON.stringify({ status: 'locked' }))
        else console.error('another sync holds the lock; nothing was done')
        return EXIT.locked
      }
      if (isAbortError(err)) {
        if (json) console.log(JSON.stringify({ status: 'interrupted' }))
        else console.error('sync interrupted by a signal; the run is recorded as interrupted and nothing of it was stored')
        return EXIT.failed
      }
      throw err
    }
  })
}

async function status (config: Config): Promise<number> {
  return withServices(config, cliLogger(config), async ({ readModel, syncRuns }) => {
    const { items } = (await readModel.current()).list({ sort: 'downloads', limit: 100 })
    const runs = await syncRuns.recent(5)
    console.log(`${items.length} models in the catalogue`)
    for (const m of items) {
      console.log(`  ${m.id.padEnd(36)} downloads(30d)=${m.downloads ?? '-'} params=${m.parameters ?? '-'} (${m.parametersSource ?? 'unknown'})${m.missingSince ? `  missing since ${m.missingSince}` : ''}${m.lastError ? `  last error: ${m.lastError}` : ''}`)
    }
    console.log('last sync runs:')
    for (const r of runs) {
      console.log(`  #${r.id} ${r.trigger} ${r.status} started ${r.startedAt}, ${r.hubRequests} Hub requests, ${r.modelsChanged} changed, ${r.modelsFailed} failed`)
    }
    return 0
  })
}

async function importFile (config: Config, file: string | undefined): Promise<number> {
  if (file === undefined) {
    console.error('Usage: catalog import FILE')
    return 1
  }
  await access(file, constants.R_OK)
  // On a terminal, say how far the file has been read; piped or redirected, only the report.
  const progress = process.stdout.isTTY ? new ImportProgress((await stat(file)).size) : null
  return withServices(config, cliLogger(config), async ({ imports }) => {
    if (progress !== null) console.log(`importing ${file} (${megabytes(progress.totalBytes)})`)
    const chunks: AsyncIterable<Buffer> = createReadStream(file)
    const report = await imports.import(progress === null ? chunks : progress.count(chunks, (line) => console.log(line)))
    for (const r of report.rejected) console.log(`line ${r.line}: ${r.reason}`)
    if (report.refused > report.rejected.length) console.log(`(${report.refused - report.rejected.length} more refused lines not listed)`)
    console.log(`${report.lines} records: ${report.imported} imported, ${report.duplicates} already stored, ${report.refused} refused`)
    return report.refused === 0 ? 0 : 2
  })
}

export function megabytes (bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`
}

export function importProgressLine (lines: number, bytes: number, totalBytes: number): string {
  const percent = totalBytes > 0 ? Math.min(100, Math.floor(bytes / totalBytes * 100)) : 100
  return `  ${lines.toLocaleString('en-US')} lines read, ${megabytes(bytes)} of ${megabytes(totalBytes)} (${percent}%)`
}

/**
 * Counts the lines of an import's file as the importer pulls its chunks (so the count is at most a
 * chunk ahead of what was parsed), and gives a progress line at most once per intervalMs.
 */
export class ImportProgress {
  lines = 0
  bytes = 0
  #lastAt: number

  constructor (readonly totalBytes: number, private readonly intervalMs = 1000, private readonly now: () => number = Date.now) {
    this.#lastAt = now()
  }

  /** Takes a chunk read; returns a progress line when one is due. */
  add (chunk: Buffer): string | null {
    this.bytes += chunk.length
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.lines++
    if (this.now() - this.#lastAt < this.intervalMs) return null
    this.#lastAt = this.now()
    return importProgressLine(this.lines, this.bytes, this.totalBytes)
  }

  async * count (chunks: AsyncIterable<Buffer>, print: (line: string) => void): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      const line = this.add(chunk)
      if (line !== null) print(line)
      yield chunk
    }
  }
}

async function main (argv: string[]): Promise<number> {
  const command = argv[0]
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE)
    return command === undefined ? 1 : 0
  }
  // Before the configuration: it needs no environment, no database and no Fastify.
  if (command === '--version' || command === '-V') {
    console.log(versionLine())
    return 0
  }
  // Options are checked before the configuration, so a typo fails fast whatever the environment.
  const syncOptions = command === 'sync' ? parseSyncArgs(argv.slice(1)) : null
  const config = loadConfig()
  switch (command) {
    case 'serve':
      // Loaded only to serve: sync, status, migrate and import start faster without Fastify.
      await (await import('./server.js')).startServer(config)
      return -1 // keeps running
    case 'sync':
      return sync(config, syncOptions!)
    case 'migrate':
      return withServices(config, cliLogger(config), async (_services, m) => {
        for (const name of m.applied) console.log(`applied ${name}`)
        console.log(`${m.applied.length} applied, ${m.alreadyApplied.length} already applied`)
        return 0
      })
    case 'status':
      return status(config)
    case 'import':
      return importFile(config, argv[1])
    default:
      console.error(`Unknown command: ${command}\n\n${USAGE}`)
      return 1
  }
}

/** Whether this module is the process's entry (node dist/src/cli.js, tsx src/cli.ts, or a bin symlink to it), not imported by a test. */
function isEntry (): boolean {
  const entry = process.argv[1]
  if (entry === undefined) return false
  const self = fileURLToPath(import.meta.url)
  let resolved = path.resolve(entry)
  try { resolved = realpathSync(resolved) } catch {}
  return resolved === self || resolved === self.replace(/\.[jt]s$/, '')
}

if (isEntry()) {
  // `sync --json` prints one JSON object whatever happens, so a scheduler can always parse it.
  const argv = process.argv.slice(2)
  const jsonOut = argv[0] === 'sync' && argv.includes('--json')

  main(argv).then((code) => {
    if (code >= 0) process.exit(code)
  }, (err) => {
    const message = err instanceof Error ? err.message : String(err)
    if (jsonOut) console.log(JSON.stringify({ status: 'failed', error: { code: (err as { code?: unknown }).code ?? 'CATALOG_INTERNAL', message } }))
    console.error(err instanceof UsageError ? `${message}\n\n${USAGE}` : message)
    process.exit(EXIT.failed)
  })
}
