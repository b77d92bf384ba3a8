// A person's view of /docs: headless Chromium (Debian's, driven by playwright-core) lists the
// operations, runs one, and loads nothing from outside this machine. Screenshot: test/artifacts/.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { chromium } from 'playwright-core'
import { PROJECT_ROOT } from '../../src/paths.js'
import { setupCatalog } from '../helpers/build.js'

function findChromium (): string | null {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

const executablePath = findChromium()
// CI installs chromium (.ci/run) and fails without it; elsewhere a machine without it skips, saying so.
const skip = executablePath === null && process.env.CI !== 'true' ? 'chromium is not installed: apt-get install chromium' : false

t.test('Swagger UI lists the operations and runs one, offline', { skip }, async (t) => {
  t.ok(executablePath, 'chromium is installed')
  const { app } = await setupCatalog(t, { DATA_NOTICE: 'placeholder counts' })
  await app.sync.run('cli')
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const browser = await chromium.launch({
    executablePath: executablePath!,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
  })
  t.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } })
  const foreign: string[] = []
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url()) })

  await page.goto(`${base}/docs`, { waitUntil: 'networkidle' })
  await page.locator('.opblock-summary-path').first().waitFor()
  const paths = await page.locator('.opblock-summary-path').allInnerTexts()
  for (const p of ['/api/models', '/api/models/{author}/{name}', '/api/models/{author}/{name}/card', '/api/licenses/{id}', '/api/sync/runs']) {
    t.ok(paths.some((x) => x.replace(/\u200b/g, '') === p), `${p} is listed`)
  }

  await page.locator('.opblock-summary-path', { hasText: /^\/api\/models$/ }).first().click()
  await page.locator('button.try-out__btn').first().click()
  await page.locator('button.execute').first().click()
  const status = page.locator('.live-responses-table .response .response-col_status').first()
  await status.waitFor()
  t.equal((await status.innerText()).trim(), '200', 'Try it out answers 200')
  // Swagger UI fills in each parameter's example, so the query is a filtered one.
  t.match(await page.locator('.live-responses-table .microlight').first().innerText(), /"id": "cerebras\/Cerebras-GPT-/)

  const dir = path.join(PROJECT_ROOT, 'test', 'artifacts')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, 'docs.png'), fullPage: false })
  t.same(foreign, [], 'no request left the machine')
})
