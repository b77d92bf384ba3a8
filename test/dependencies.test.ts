// Every runtime dependency is imported by src/ or scripts/ (or listed, with its reason, in
// scripts/release-check.ts), so none ships unused in the image.
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { PROJECT_ROOT } from '../src/paths.js'
import { checkDependenciesUsed, importedPackages } from '../scripts/release-checks.js'
import { USED_WITHOUT_IMPORT, ownSources } from '../scripts/release-check.js'

t.test('importedPackages finds every form of import, by package name', async (t) => {
  const source = [
    'import fp from \'fastify-plugin\'',
    "import type { X } from '@scope/types/sub/path.js'",
    "import 'side-effect'",
    "const m = await import('lazy-one')",
    "const r = require('cjs-one')",
    "const dir = path.dirname(require.resolve('resolved-one'))",
    'export { y } from "re-exported"',
    "import { a } from './local.js'",
    "import fs from 'node:fs'",
    '// a comment that says from but names nothing'
  ].join('\n')
  t.same([...importedPackages(source)].sort(), ['@scope/types', 'cjs-one', 'fastify-plugin', 'lazy-one', 're-exported', 'resolved-one', 'side-effect'])
})

t.test('checkDependenciesUsed: an unused dependency or a stale exception fails', async (t) => {
  const sources = ["import a from 'a'", "import b from 'b/sub'"]
  t.match(checkDependenciesUsed(['a', 'b'], sources, {}), { ok: true })
  t.match(checkDependenciesUsed(['a', 'b', 'c'], sources, {}), { ok: false, detail: /nothing imports: c/ })
  t.match(checkDependenciesUsed(['a', 'b', 'c'], sources, { c: 'used by generated code' }), { ok: true })
  t.match(checkDependenciesUsed(['a', 'b'], sources, { gone: 'was removed' }), { ok: false, detail: /no runtime dependency: gone/ })
})

t.test('every runtime dependency of package.json is used', async (t) => {
  const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  const result = checkDependenciesUsed(Object.keys(pkg.dependencies), await ownSources(), USED_WITHOUT_IMPORT)
  t.ok(result.ok, result.detail)
})

t.test('each exception is true: the generated Prisma client imports @prisma/client', async (t) => {
  t.same(Object.keys(USED_WITHOUT_IMPORT), ['@prisma/client'])
  const dir = path.join(PROJECT_ROOT, 'src', 'generated', 'prisma')
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts'))
  const imported = new Set<string>()
  for (const f of files) for (const p of importedPackages(await readFile(path.join(dir, f), 'utf8'))) imported.add(p)
  t.ok(imported.has('@prisma/client'), 'src/generated/prisma (npm ci runs prisma generate) imports it')
})
