// npm run bench: every bench in turn, each in its own process (so none inherits another's heap or
// sockets), then bench/RESULTS.md from the sections they wrote to bench/results/<name>.md.
import { existsSync } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BENCH_DIR, exited, spawnTs } from './http-lib/child.js'
import { machine, machineLine } from './http-lib/machine.js'
import { RESULTS_DIR, started, table } from './http-lib/report.js'

const BENCHES = ['http', 'plugins', 'history', 'sync', 'startup', 'import', 'soak']

const { values: argv } = parseArgs({ options: { quick: { type: 'boolean', default: false } } })
const passThrough = argv.quick ? ['--quick'] : []

interface Outcome { name: string, status: string, seconds: number | null, section: string | null }

/** The bench's section, if it wrote one during this run (an older file would pass for new figures). */
async function sectionOf (name: string, since: number): Promise<string | null> {
  const file = path.join(RESULTS_DIR, `${name}.md`)
  if (!existsSync(file) || (await stat(file)).mtimeMs < since) return null
  return (await readFile(file, 'utf8')).trimEnd()
}

async function runBench (name: string): Promise<Outcome> {
  const entry = `bench/${name}.ts`
  if (!existsSync(path.join(BENCH_DIR, `${name}.ts`))) {
    console.log(`\n=== ${name}: skipped, ${entry} does not exist yet`)
    return { name, status: `skipped: ${entry} does not exist yet`, seconds: null, section: null }
  }
  console.log(`\n=== ${name}: node --import tsx ${entry} ${passThrough.join(' ')}`)
  const since = Date.now()
  const code = await exited(spawnTs(entry, { args: passThrough }))
  const seconds = Math.round((Date.now() - since) / 100) / 10
  const section = await sectionOf(name, since)
  const status = code === 0 ? 'ran' : `failed (exit ${code ?? 'by a signal'})`
  return { name, status: section === null ? `${status}, no results written` : status, seconds, section }
}

async function main (): Promise<number> {
  const start = started()
  const outcomes: Outcome[] = []
  for (const name of BENCHES) outcomes.push(await runBench(name))

  const m = machine()
  const md = [
    '# Benchmarks',
    '',
    `- machine: ${machineLine(m)}`,
    `- Node: ${m.node}`,
    `- date: ${start.date.toISOString()}`,
    `- command: \`npm run bench${passThrough.length > 0 ? ` -- ${passThrough.join(' ')}` : ''}\``,
    `- load average before the benches: ${start.loadavg.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)`,
    '',
    'Each section below is bench/results/<name>.md, written by bench/<name>.ts in this run.',
    '',
    table(['bench', 'status', 'seconds'], outcomes.map((o) => [o.name, o.status, o.seconds === null ? '-' : String(o.seconds)])),
    ...outcomes.flatMap((o) => o.section === null ? [] : ['', o.section]),
    ''
  ].join('\n')
  const file = path.join(BENCH_DIR, 'RESULTS.md')
  await writeFile(file, md)
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`)
  return outcomes.some((o) => o.status.startsWith('failed')) ? 1 : 0
}

main().then((code) => { process.exitCode = code }, (err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
