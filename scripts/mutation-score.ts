// After `stryker run`: the mutation score per module from Stryker's JSON report, printed and written to
// test/mutation/scores.md with every undetected mutant and, beside it, from test/mutation/survivors.json, why
// no input can kill it or which test written after the run kills it (each checked by applying the mutant by
// hand). Exits 1 when a module scores under 80% or a survivor is unexplained.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PROJECT_ROOT } from '../src/paths.js'

interface Mutant { status: string, mutatorName: string, replacement?: string, location: { start: { line: number, column: number } } }
interface Report { files: Record<string, { source: string, mutants: Mutant[] }> }
/** An undetected mutant, matched by file, line, mutator and (when given) replacement: why no input tells it from the original, or the test that kills it since. */
interface Explanation { file: string, line: number, mutator: string, replacement?: string, why: string, killedBy?: string }

const TARGET = 80
const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])

const reportFile = process.argv[2] ?? path.join(PROJECT_ROOT, 'reports', 'mutation', 'mutation.json')
const report = JSON.parse(await readFile(reportFile, 'utf8')) as Report
const explanations = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'mutation', 'survivors.json'), 'utf8')) as Explanation[]
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim()
const explain = (file: string, m: Mutant) => explanations.find((e) => e.file === file && e.line === m.location.start.line && e.mutator === m.mutatorName &&
  (e.replacement === undefined || oneLine(e.replacement) === oneLine(m.replacement ?? '')))

const rows: string[] = []
const survivors: string[] = []
let detectedAll = 0
let validAll = 0
let unexplained = 0
const failing: string[] = []
for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const lines = source.split('\n')
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length
  const undetected = mutants.filter((m) => UNDETECTED.has(m.status))
  const valid = detected + undetected.length
  detectedAll += detected
  validAll += valid
  const score = valid === 0 ? 100 : 100 * detected / valid
  if (score < TARGET) failing.push(`${file} ${score.toFixed(2)}%`)
  const ignored = mutants.length - valid
  rows.push(`| ${file} | ${valid === 0 ? '–' : score.toFixed(2)}% | ${detected} | ${undetected.length} | ${ignored} |`)
  for (const m of undetected) {
    const { line, column } = m.location.start
    const why = explain(file, m)
    if (why === undefined) unexplained++
    const reason = why === undefined ? '**UNEXPLAINED**' : why.killedBy !== undefined ? `Killed since this run by ${why.killedBy}.` : `Equivalent: ${why.why}`
    survivors.push(`- \`${file}:${line}:${column}\` ${m.status} ${m.mutatorName}: \`${oneLine(lines[line - 1] ?? '').slice(0, 100)}\` → \`${oneLine(m.replacement ?? '').slice(0, 100)}\`  \n  ${reason}`)
  }
}
const total = validAll === 0 ? '–' : (100 * detectedAll / validAll).toFixed(2)
const text = [
  '# Mutation scores',
  '',
  `Written by \`npm run test:mutation\` (scripts/mutation-score.ts) on ${new Date().toISOString().slice(0, 10)} from one StrykerJS run over every listed module.`,
  'Score = (killed + timed out) / (killed + timed out + survived + not covered); other = compile errors and ignored mutants, not counted.',
  `Target: at least ${TARGET}% per module, every undetected mutant explained (test/mutation/survivors.json).`,
  '',
  '| module | score | detected | undetected | other |',
  '|---|---|---|---|---|',
  ...rows,
  `| all | ${total}% | ${detectedAll} | ${validAll - detectedAll} | |`,
  '',
  `## Undetected mutants: ${validAll - detectedAll}, ${unexplained} unexplained`,
  '',
  'Each line: where, the original line, the mutant, then why no input can tell them apart, or the test added after the run that kills it.',
  '',
  ...(survivors.length === 0 ? ['None.'] : survivors),
  ''
].join('\n')
await writeFile(path.join(PROJECT_ROOT, 'test', 'mutation', 'scores.md'), text)
console.log(text)
if (failing.length > 0) console.error(`under ${TARGET}%: ${failing.join(', ')}`)
if (unexplained > 0) console.error(`${unexplained} undetected mutants without an explanation in test/mutation/survivors.json`)
process.exit(failing.length > 0 || unexplained > 0 ? 1 : 0)
