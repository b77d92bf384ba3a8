// After `stryker run`: the mutation score per module from Stryker's JSON report, printed and written
// to test/mutation/scores.md with every surviving mutant (explanations live in SURVIVORS.md).
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PROJECT_ROOT } from '../src/paths.js'

interface Mutant { status: string, mutatorName: string, replacement?: string, location: { start: { line: number, column: number } } }
interface Report { files: Record<string, { mutants: Mutant[] }> }

const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])

const report = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'reports', 'mutation', 'mutation.json'), 'utf8')) as Report
const rows: string[] = []
const survivors: string[] = []
let detectedAll = 0
let validAll = 0
for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length
  const undetected = mutants.filter((m) => UNDETECTED.has(m.status))
  const valid = detected + undetected.length
  detectedAll += detected
  validAll += valid
  rows.push(`| ${file} | ${valid === 0 ? '–' : (100 * detected / valid).toFixed(2)}% | ${detected} | ${undetected.length} |`)
  for (const m of undetected) survivors.push(`- ${file}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName}: \`${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 120)}\``)
}
const total = validAll === 0 ? '–' : (100 * detectedAll / validAll).toFixed(2)
const text = [
  '# Mutation scores',
  '',
  `Written by \`npm run test:mutation\` (scripts/mutation-score.ts) on ${new Date().toISOString().slice(0, 10)}. Score = (killed + timed out) / (killed + timed out + survived + not covered).`,
  '',
  '| module | score | detected | undetected |',
  '|---|---|---|---|',
  ...rows,
  `| all | ${total}% | ${detectedAll} | ${validAll - detectedAll} |`,
  '',
  '## Undetected mutants (each is killed by a test or explained in SURVIVORS.md)',
  '',
  ...(survivors.length === 0 ? ['None.'] : survivors),
  ''
].join('\n')
await writeFile(path.join(PROJECT_ROOT, 'test', 'mutation', 'scores.md'), text)
console.log(text)
