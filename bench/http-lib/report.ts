// Writing bench results: a JSON file for tools and a markdown section for bench/RESULTS.md.
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { BENCH_DIR } from './child.js'
import { machine, machineLine } from './machine.js'

export const RESULTS_DIR = path.join(BENCH_DIR, 'results')

/** A markdown table whose columns line up, so the same text reads well on a terminal. */
export function table (head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

/**
 * How this bench was started, for the report: its npm script when npm ran it directly (bench/run.ts
 * runs the benches itself, so they name themselves), else the file.
 */
export function commandLine (script: string): string {
  const args = process.argv.slice(2).join(' ')
  const event = process.env.npm_lifecycle_event
  if (event !== undefined && process.env.npm_lifecycle_script?.endsWith(script) === true) return `npm run ${event}${args ? ` -- ${args}` : ''}`
  return `node --import tsx ${script}${args ? ` ${args}` : ''}`
}

export interface Start { date: Date, loadavg: number[] }

/** Taken when a bench starts: its date, and the load average before it adds its own. */
export function started (): Start {
  return { date: new Date(), loadavg: os.loadavg() }
}

/** The lines every section starts with: machine, Node, command, date. */
export function preamble (script: string, start: Start): string[] {
  const m = machine()
  return [
    `- machine: ${machineLine(m)}`,
    `- Node: ${m.node}`,
    `- command: \`${commandLine(script)}\``,
    `- date: ${start.date.toISOString()}`,
    // Other work on the machine skews every figure: the load average says whether it was quiet.
    `- load average before the bench: ${start.loadavg.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)`
  ]
}

export async function writeResults (name: string, json: unknown, markdown: string): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true })
  const files = [path.join(RESULTS_DIR, `${name}.json`), path.join(RESULTS_DIR, `${name}.md`)]
  await writeFile(files[0]!, JSON.stringify(json, null, 2) + '\n')
  await writeFile(files[1]!, markdown.endsWith('\n') ? markdown : markdown + '\n')
  return files.map((f) => path.relative(process.cwd(), f))
}
