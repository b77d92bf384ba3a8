// The OpenAPI document without a server or a database: `write` copies it to openapi.json at the
// repo root, `lint` runs Redocly's recommended rules and Spectral's spectral:oas on it (offline).
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { PROJECT_ROOT } from '../src/paths.js'

const run = promisify(execFile)

export const COMMITTED_DOCUMENT = path.join(PROJECT_ROOT, 'openapi.json')

/** The document as /openapi.json serves it with the default configuration (no DATA_NOTICE). */
export async function buildDocument (): Promise<object> {
  // No database: the document needs none. Only the change listener tries to connect once the app
  // is ready, in the background, to a port nothing listens on, and stops on close.
  const app = await buildApp({ config: loadConfig({ SYNC_CRON: 'off' }), databaseUrl: 'postgresql://127.0.0.1:1/unused', logger: false })
  try {
    await app.ready()
    return app.swagger()
  } finally {
    await app.close()
  }
}

/** openapi.json's bytes: two-space JSON and a final newline. */
export const formatDocument = (doc: object) => JSON.stringify(doc, null, 2) + '\n'

export interface LintProblem { linter: 'redocly' | 'spectral', severity: string, rule: string, message: string, where: string }

// No telemetry, no update check, no colours: the linters run offline and their output is parsed.
const LINT_ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }
const bin = (name: string) => path.join(PROJECT_ROOT, 'node_modules', '.bin', name)

/** Runs a linter that reports JSON on stdout; it exits non-zero when it finds problems. */
async function report<T> (name: string, args: string[]): Promise<T> {
  const { stdout, stderr } = await run(bin(name), args, { cwd: PROJECT_ROOT, env: LINT_ENV, maxBuffer: 64 * 1024 * 1024 })
    .catch((err: { stdout?: string, stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? String(err) }))
  try {
    return JSON.parse(stdout) as T
  } catch {
    throw new Error(`${name} gave no report: ${stderr.trim() || stdout.trim()}`)
  }
}

/** Both linters' problems (errors, warnings and anything milder) in the document at `file`. */
export async function lintDocument (file: string): Promise<LintProblem[]> {
  const [r, s] = await Promise.all([
    report<{ problems: Array<{ ruleId: string, severity: string, message: string, location: Array<{ pointer?: string }> }> }>(
      'redocly', ['lint', file, '--config', path.join(PROJECT_ROOT, '.redocly.yaml'), '--format', 'json']),
    report<Array<{ code: string, severity: number, message: string, path: string[] }>>(
      'spectral', ['lint', file, '--ruleset', path.join(PROJECT_ROOT, '.spectral.yaml'), '--format', 'json', '--quiet'])
  ])
  const SPECTRAL_SEVERITY = ['error', 'warn', 'info', 'hint']
  return [
    ...r.problems.map((p): LintProblem => ({ linter: 'redocly', severity: p.severity, rule: p.ruleId, message: p.message, where: p.location[0]?.pointer ?? '' })),
    ...s.map((p): LintProblem => ({ linter: 'spectral', severity: SPECTRAL_SEVERITY[p.severity] ?? String(p.severity), rule: p.code, message: p.message, where: p.path.join('.') }))
  ]
}

async function main (command: string | undefined) {
  const doc = await buildDocument()
  if (command === 'write') {
    await writeFile(COMMITTED_DOCUMENT, formatDocument(doc))
    console.log(`wrote ${path.relative(process.cwd(), COMMITTED_DOCUMENT) || COMMITTED_DOCUMENT}`)
    return 0
  }
  if (command === 'lint') {
    const dir = await mkdtemp(path.join(tmpdir(), 'catalog-openapi-'))
    try {
      const file = path.join(dir, 'openapi.json')
      await writeFile(file, formatDocument(doc))
      const problems = await lintDocument(file)
      for (const p of problems) console.log(`${p.linter} ${p.severity} ${p.rule} ${p.where}: ${p.message}`)
      console.log(`redocly lint (recommended) and spectral lint (spectral:oas): ${problems.length} problems`)
      return problems.length === 0 ? 0 : 1
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  console.error('usage: tsx scripts/openapi.ts write | lint')
  return 2
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv[2])
