// GET / after a sync of the seven recorded cards: the training table's cells, the scaling chart's data, and the
// links to the JSON; then without training facts (no chart, rows "not read yet") and with too few for a fit.
import t from 'tap'
import { evaluateLaw } from '../../src/training/scaling-law.js'
import { setupCatalog } from '../helpers/build.js'
import { sql } from '../helpers/database.js'

const SIZES = ['111M', '256M', '590M', '1.3B', '2.7B', '6.7B', '13B']
const ids = SIZES.map((size) => `cerebras/Cerebras-GPT-${size}`)

const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&gt;/g, '>').trim()

/** The cells of each row of the table with this id, by the row's model id (the first cell), in page order. */
function table (page: string, id: string): Array<[string, string[]]> {
  const body = new RegExp(`<table id="${id}">.*?<tbody>(.*?)</tbody>`, 's').exec(page)
  if (body === null) throw new Error(`no table #${id}`)
  return [...body[1].matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((row) => {
    const cells = [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => text(m[1]))
    return [cells[0], cells.slice(1)]
  })
}

interface Dataset { label: string, data: Array<{ x: number, y: number, id?: string }>, showLine: boolean, pointRadius: number }

function scalingData (page: string): { datasets: Dataset[] } | null {
  const block = /<script id="scaling-data" type="application\/json">(.*?)<\/script>/s.exec(page)
  return block === null ? null : JSON.parse(block[1])
}

const close = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-12 * Math.abs(expected)

t.test('the training table: each card\'s cells as written, the paper\'s loss and the difference, in the models table\'s order', async (t) => {
  const { app } = await setupCatalog(t)
  await app.sync.run('cli')
  const page = (await app.inject('/')).body
  const rows = table(page, 'training')
  t.same(rows.map(([id]) => id), table(page, 'models').map(([id]) => id), 'the same models, in the same order, as the models table')
  t.same(rows.map(([id]) => id), ids)
  const byId = new Map(rows)
  // Parameters, layers, d_model, heads, LR, batch size, tokens, FLOPs, Pile loss (card), paper, card - paper, warnings
  t.same(byId.get('cerebras/Cerebras-GPT-111M'), ['111M', '10', '768', '12', '6.0E-04', '120', '2.22E+09', '2.6E+18', '2.566', '2.608', '-0.042', '0'])
  t.same(byId.get('cerebras/Cerebras-GPT-13B'), ['13B', '40', '5120', '40', '1.2E-04', '720 → 1080', '2.57E+11', '2.3E+22', '1.575', '1.572', '+0.003', '0'])
  t.equal(byId.get('cerebras/Cerebras-GPT-2.7B')![10], '0.000', 'card and paper agree')
  t.match(page, '<p id="family-agreement">The 7 cards\' family tables agree.</p>')
  t.notMatch(page, /id="family-disagreements"/)
})

t.test('links to the JSON: the scaling law, the evaluations (JSON and CSV), and each model\'s training facts; all answer 200', async (t) => {
  const { app } = await setupCatalog(t)
  await app.sync.run('cli')
  const page = (await app.inject('/')).body
  const links = ['/api/scaling-law', '/api/evaluations', '/api/evaluations?format=csv', ...ids.map((id) => `/api/models/${id}/training`)]
  for (const link of links) {
    t.match(page, `href="${link}"`, `${link} is linked`)
    t.equal((await app.inject(link)).statusCode, 200, `${link} answers 200`)
  }
})

t.test('the scaling chart\'s data: the seven points, the fitted and the published law sampled over their range', async (t) => {
  const { app } = await setupCatalog(t)
  await app.sync.run('cli')
  const page = (await app.inject('/')).body
  t.match(page, /<canvas id="scaling-chart"/, 'a canvas for the chart')
  t.notMatch(page, /id="scaling-unavailable"/)
  const data = scalingData(page)
  if (data === null) throw new Error('no scaling-data block')
  const [cards, fitted, published] = data.datasets
  t.equal(data.datasets.length, 3)
  t.equal(cards.label, 'cards (points)')
  t.equal(cards.data.length, 7, 'seven points')
  t.same(cards.data[0], { x: 2.6e18, y: 2.566, id: 'cerebras/Cerebras-GPT-111M' })
  t.same(cards.data[6], { x: 2.3e22, y: 1.575, id: 'cerebras/Cerebras-GPT-13B' })

  const law = (await app.inject('/api/scaling-law')).json()
  const c = law.fit.coefficients
  // /api/scaling-law's coefficients (c0 6.1397e24, alpha 0.058357, lInf 0.19646), rounded
  t.equal(fitted.label, 'fitted: L = (C / 6.14e24)^-0.0584 + 0.1965')
  t.equal(published.label, 'published: L = (C / 5.984e22)^-0.0737 + 0.5066')
  for (const curve of [fitted, published]) {
    t.equal(curve.data.length, 40, `${curve.label}: 40 samples`)
    t.equal(curve.showLine, true)
    t.equal(curve.pointRadius, 0)
    // 10^(log10(2.6e18) - 0.25) and 10^(log10(2.3e22) + 0.25), computed with Python: a quarter decade past the points
    t.ok(close(curve.data[0].x, 1.4620874454949084e18), `starts at ${curve.data[0].x}`)
    t.ok(close(curve.data[39].x, 4.090042643089524e22), `ends at ${curve.data[39].x}`)
  }
  for (const i of [0, 39]) {
    t.equal(fitted.data[i].y, evaluateLaw(c, fitted.data[i].x), `the fitted curve is the fit at sample ${i}`)
  }
  // (f / 5.984e22)^(-0.0737) + 0.5066 at those FLOPs, computed with Python
  t.ok(close(published.data[0].y, 2.69388686047717), `published law at the first sample: ${published.data[0].y}`)
  t.ok(close(published.data[39].y, 1.5350423174010297), `published law at the last sample: ${published.data[39].y}`)
})

t.test('without training facts: rows "not read yet" and no chart, saying why; with three points, no fit, saying why', async (t) => {
  const { app, db } = await setupCatalog(t)
  await app.sync.run('cli')
  await sql(db.url, `DELETE FROM model_training WHERE model_id IN (${ids.slice(3).map((id) => `'${id}'`).join(', ')})`)
  await app.readModel.reload()
  const three = (await app.inject('/')).body
  t.equal(scalingData(three), null, 'no chart data')
  t.notMatch(three, /<canvas id="scaling-chart"/)
  t.match(three, /<p id="scaling-unavailable">No scaling chart: no law could be fitted to the cards: 3 point\(s\) for 3 coefficients/)
  t.match(three, 'Not plotted: cerebras/Cerebras-GPT-1.3B (no training facts yet: the next sync reads its card)')
  const rows = new Map(table(three, 'training'))
  t.same(rows.get('cerebras/Cerebras-GPT-13B'), [...Array(11).fill('–'), 'not read yet'])
  t.equal(rows.get('cerebras/Cerebras-GPT-111M')![0], '111M', 'a model read keeps its row')
  t.match(three, 'The 3 cards\' family tables agree.')

  await sql(db.url, 'DELETE FROM model_training')
  await app.readModel.reload()
  const none = (await app.inject('/')).body
  t.equal(scalingData(none), null)
  t.match(none, '<p id="scaling-unavailable">No scaling chart: no card of a tracked model gives both training FLOPs and a Pile test loss yet.</p>')
  t.same([...new Map(table(none, 'training')).values()].map((cells) => cells.at(-1)), Array(7).fill('not read yet'))
  t.match(none, 'No card has been read yet')
})
