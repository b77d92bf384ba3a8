/// <reference lib="dom" />
// A person's view of /docs and of the dashboard: headless Chromium (Debian's, driven by
// playwright-core), loading nothing from outside this machine. Screenshots: test/artifacts/.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { chromium } from 'playwright-core'
import { PROJECT_ROOT } from '../../src/paths.js'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'

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
  for (const p of ['/api/models', '/api/models/{author}/{name}', '/api/models/{author}/{name}/card', '/api/licenses/{id}', '/api/trends', '/api/syncs']) {
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

t.test('Authorize in Swagger UI sends the admin token: Try it out on GET /api/syncs answers 200', { skip }, async (t) => {
  const token = 'browser-admin-token-0123456789abcdef'
  const { app } = await setupCatalog(t, { ADMIN_TOKEN: token })
  await app.sync.run('cli')
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const browser = await chromium.launch({ executablePath: executablePath!, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  t.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } })
  const sent: Array<string | undefined> = []
  // Swagger UI fills in the examples, so the URL has a query: the path is what identifies the call.
  const isListSyncs = (url: string) => new URL(url).pathname === '/api/syncs'
  const foreign: string[] = []
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url())
    if (isListSyncs(r.url())) sent.push(r.headers().authorization)
  })
  await page.goto(`${base}/docs`, { waitUntil: 'networkidle' })

  // Swagger UI names each operation's block after its tag and operationId; the first is under `sync`.
  const operation = page.locator('[id^="operations-"][id$="-listSyncs"]').first()
  const status = operation.locator('.live-responses-table .response .response-col_status')
  await operation.locator('.opblock-summary').click()
  await operation.locator('button.try-out__btn').click()
  await operation.locator('button.execute').click()
  await status.waitFor()
  t.equal((await status.innerText()).trim(), '401', 'before Authorize: 401')

  await page.locator('.auth-wrapper button.authorize').click()
  const dialog = page.locator('.modal-ux')
  t.match(await dialog.innerText(), /adminToken/, 'the dialog offers the adminToken scheme')
  // The dialog holds one form per scheme (adminToken, hubWebhookSecret): fill and apply the adminToken one.
  const adminForm = dialog.locator('form').filter({ hasText: 'adminToken' })
  await adminForm.locator('input').first().fill(token)
  await adminForm.locator('button.authorize').click()
  await adminForm.locator('button.btn-done').click()

  const answered = page.waitForResponse((r) => isListSyncs(r.url()))
  await operation.locator('button.execute').click()
  t.equal((await answered).status(), 200, 'the server answered 200')
  // Shown once Swagger UI has rendered the new answer (the assertion below says what it shows).
  await status.filter({ hasText: '200' }).waitFor({ timeout: 10_000 }).catch(() => {})
  t.equal((await status.innerText()).trim(), '200', 'after Authorize: 200')
  t.match(await operation.locator('.live-responses-table .microlight').first().innerText(), /"trigger": "cli"/, 'the sync run is listed')
  t.same(sent, [undefined, `Bearer ${token}`], 'the token went as a bearer Authorization header, and only once authorized')
  t.same(foreign, [], 'no request left the machine')
})

t.test('the dashboard shows the models and draws the chart, with gaps left empty', { skip }, async (t) => {
  const { app, db } = await setupCatalog(t, { DATA_NOTICE: 'download counts are PLACEHOLDERS' })
  await app.sync.run('cli')
  // Two weeks of daily history for two models, with a gap of three days in the first.
  const day = 86_400_000
  const now = Date.now()
  for (let i = 14; i >= 1; i--) {
    if (i >= 6 && i <= 8) continue
    await sql(db.url, "INSERT INTO download_snapshots (model_id, taken_at, downloads, downloads_all_time, likes, source) VALUES ($1, $2, 100, $3, 1, 'import')",
      ['cerebras/Cerebras-GPT-111M', new Date(now - i * day), 100_000 - i * 150]) // the replay Hub's count is 100,000
    await sql(db.url, "INSERT INTO download_snapshots (model_id, taken_at, downloads, downloads_all_time, likes, source) VALUES ($1, $2, 100, $3, 1, 'import')",
      ['cerebras/Cerebras-GPT-13B', new Date(now - i * day), 700_000 - i * 400])
  }
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const browser = await chromium.launch({ executablePath: executablePath!, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  t.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } })
  const foreign: string[] = []
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url()) })
  await page.goto(`${base}/`, { waitUntil: 'networkidle' })
  await page.locator('body[data-chart="ready"]').waitFor()
  t.equal(await page.locator('#models tbody tr').count(), 7, 'a row per model')
  t.match(await page.locator('#notice').innerText(), /PLACEHOLDERS/, 'placeholder counts are labelled')
  const chart = await page.evaluate(() => {
    const c = (window as unknown as { dashboardChart: { data: { datasets: Array<{ label: string, data: Array<number | null> }> } } }).dashboardChart
    const canvas = document.getElementById('chart') as HTMLCanvasElement
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    let painted = 0
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++
    return { datasets: c.data.datasets.map((d) => ({ label: d.label, data: d.data })), painted }
  })
  t.equal(chart.datasets.length, 8, 'seven models and the family total')
  t.ok(chart.painted > 1000, `the canvas is drawn (${chart.painted} pixels)`)
  const small = chart.datasets.find((d) => d.label === 'Cerebras-GPT-111M')!
  t.ok(small.data.some((v) => v === 150), 'daily figures are plotted')
  const first = small.data.findIndex((v) => v !== null)
  const last = small.data.findLastIndex((v) => v !== null)
  t.ok(small.data.slice(first, last).includes(null), 'the missed days stay a gap (null) inside the series, not interpolated')
  const dir = path.join(PROJECT_ROOT, 'test', 'artifacts')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, 'dashboard.png'), fullPage: true })
  t.same(foreign, [], 'no request left the machine')
})

t.test('the dashboard draws the scaling law on a logarithmic FLOPs axis, without console errors', { skip }, async (t) => {
  const { app } = await setupCatalog(t)
  await app.sync.run('cli')
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const browser = await chromium.launch({ executablePath: executablePath!, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  t.teardown(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } })
  const errors: string[] = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`) })
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`) })
  await page.goto(`${base}/`, { waitUntil: 'networkidle' })
  await page.locator('body[data-chart="ready"]').waitFor()
  t.equal(await page.locator('canvas#scaling-chart').count(), 1, 'a canvas for the scaling chart')
  const chart = await page.evaluate(() => {
    type Chart = { config: { type: string }, scales: Record<string, { type: string, min: number, max: number }>, data: { datasets: Array<{ label: string, data: unknown[], showLine?: boolean }> } }
    const canvas = document.getElementById('scaling-chart') as HTMLCanvasElement
    const c = (window as unknown as { Chart: { getChart: (canvas: HTMLCanvasElement) => Chart | undefined } }).Chart.getChart(canvas)
    if (c === undefined) return null
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    let painted = 0
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++
    return {
      type: c.config.type,
      x: { type: c.scales.x.type, min: c.scales.x.min, max: c.scales.x.max },
      datasets: c.data.datasets.map((d) => ({ label: d.label, points: d.data.length, showLine: d.showLine === true })),
      painted
    }
  })
  if (chart === null) throw new Error('Chart.js drew no chart on #scaling-chart')
  t.equal(chart.type, 'scatter')
  t.equal(chart.x.type, 'logarithmic', 'the FLOPs axis is logarithmic')
  t.ok(chart.x.min <= 2.6e18 && chart.x.max >= 2.3e22, `the axis spans the points (${chart.x.min}..${chart.x.max})`)
  t.match(chart.datasets, [
    { label: 'cards (points)', points: 7, showLine: false },
    { label: /^fitted: L = \(C \/ /, points: 40, showLine: true },
    { label: 'published: L = (C / 5.984e22)^-0.0737 + 0.5066', points: 40, showLine: true }
  ])
  t.ok(chart.painted > 1000, `the canvas is drawn (${chart.painted} pixels)`)
  t.same(errors, [], 'no console errors')
  const dir = path.join(PROJECT_ROOT, 'test', 'artifacts')
  mkdirSync(dir, { recursive: true })
  await page.locator('#scaling-box').screenshot({ path: path.join(dir, 'dashboard-scaling.png') })
})
