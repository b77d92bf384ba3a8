// Architecture: the import graph of src/ keeps its layers (rules in .dependency-cruiser.cjs), and those rules are live.
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { test } from 'tap'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CONFIG = join(ROOT, '.dependency-cruiser.cjs')
const TSCONFIG = join(ROOT, 'tsconfig.json')
const FIXTURE = join(ROOT, 'test', 'fixtures', 'architecture')

// Cruises baseDir/src and baseDir/scripts with the project's rules; paths in the result are relative to baseDir.
async function cruiseSrc (baseDir: string): Promise<{ violations: IViolation[], comments: Map<string, string> }> {
  const options: ICruiseOptions = await extractDepcruiseOptions(CONFIG)
  const { output } = await cruise(
    ['src', 'scripts'],
    { ...options, baseDir, tsConfig: { fileName: TSCONFIG } },
    // NodeNext: './x.js' names './x.ts'
    { extensionAlias: { '.js': ['.ts', '.js'] } },
    { tsConfig: extractTSConfig(TSCONFIG) }
  )
  if (typeof output === 'string') throw new Error('dependency-cruiser returned a string, expected a cruise result')
  const result: ICruiseResult = output
  const comments = new Map((options.ruleSet?.forbidden ?? []).map((rule) => [rule.name ?? '', rule.comment ?? '']))
  return { violations: result.summary.violations, comments }
}

function describe (violation: IViolation, comments: Map<string, string>): string {
  const to = violation.cycle?.length
    ? violation.cycle.map((step) => step.name).join(' -> ')
    : violation.to
  return `${violation.from} -> ${to} (${violation.rule.name}: ${comments.get(violation.rule.name) ?? ''})`
}

test('src/ and scripts/ have no layering violations', async (t) => {
  const { violations, comments } = await cruiseSrc(ROOT)
  for (const violation of violations) t.fail(describe(violation, comments), { diagnostic: false })
  t.equal(violations.length, 0, 'dependency-cruiser reports no violations')
})

test('the rules fire on a fixture tree that breaks them', async (t) => {
  const { violations } = await cruiseSrc(FIXTURE)
  // a package by its name, not by the file its manifest points at
  const short = (path: string) => path.replace(/^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1')
  t.same(violations.map(({ from, to, rule }) => `${from} -> ${short(to)} (${rule.name})`).sort(), [
    'scripts/demo.ts -> test/helper.ts (scripts-not-to-test)',
    'src/catalogue/w.ts -> fastify (domain-not-to-fastify)',
    'src/catalogue/w.ts -> src/plugins/p.ts (domain-not-to-http)',
    'src/history/a.ts -> src/history/b.ts (no-circular)',
    'src/hub/z.ts -> src/catalogue/w.ts (infra-not-to-domain)',
    'src/routes/x.ts -> src/db/y.ts (route-not-to-database)'
  ])
})
