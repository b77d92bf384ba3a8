// The dashboard's training section rendered from hand-made answers: escaped card cells, the disagreement list,
// a model not read yet, and no chart (with the reason) when there is no fit.
import t from 'tap'
import { renderTrainingSection, type TrainingSectionData } from '../../src/dashboard/training-section.js'
import { MODEL_FACTS, type ModelTrainingView, type ScalingLawView } from '../../src/schemas/training.js'
import { PUBLISHED_SCALING_LAW } from '../../src/training/scaling-published.js'

const fact = (raw: string | null) => ({ value: null, raw })

function training (id: string, cells: Partial<Record<typeof MODEL_FACTS[number], string>>, warnings: string[] = []): ModelTrainingView {
  return {
    id,
    cardRevision: 'a'.repeat(40),
    cardOid: null,
    parsedAt: '2026-01-01T00:00:00.000Z',
    facts: Object.fromEntries(MODEL_FACTS.map((key) => [key, fact(cells[key] ?? null)])) as ModelTrainingView['facts'],
    evaluation: { zeroShot: {} as ModelTrainingView['evaluation']['zeroShot'], fiveShot: {} as ModelTrainingView['evaluation']['fiveShot'] },
    paper: null,
    warnings,
    familyDisagreements: []
  }
}

const scaling: ScalingLawView = {
  law: 'L(C) = (C / C0)^(-alpha) + L_inf',
  fit: null,
  fitError: '2 point(s) for 3 coefficients',
  published: { ...PUBLISHED_SCALING_LAW },
  points: [],
  excluded: [],
  skipped: [{ id: 'x/<unread>', reason: 'no training facts yet: the next sync reads its card' }],
  familyDisagreements: []
}

const cellsOf = (html: string, id: string) => {
  const row = new RegExp(`<tr data-id="${id}">(.*?)</tr>`, 's').exec(html)
  if (row === null) throw new Error(`no row for ${id}`)
  return [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1])
}

t.test('card cells are escaped; a model not read yet is a row of dashes; disagreements are listed', async (t) => {
  const data: TrainingSectionData = {
    models: [
      { id: 'x/a', training: training('x/a', { parameters: '<b>1M</b>', layers: '2', batchSize: '7 → 9' }, ['a "quoted" <warning>', 'another']) },
      { id: 'x/b', training: training('x/b', { parameters: '2M' }) },
      { id: 'x/<unread>', training: null }
    ],
    scaling,
    disagreements: [
      { table: 'training', model: '1M', column: 'learningRate', modelId: 'x/a', raw: '<6e-4>', referenceModelId: 'x/b', referenceRaw: '6.0E-04' },
      { table: 'architecture', model: '2M', column: null, modelId: 'x/b', raw: null, referenceModelId: 'x/a', referenceRaw: null }
    ]
  }
  const html = renderTrainingSection(data)
  t.notMatch(html, '<b>1M</b>', 'no card cell reaches the page as markup')
  const a = cellsOf(html, 'x/a')
  t.equal(a.length, 13, 'model, nine facts, paper, difference, warnings')
  t.equal(a[1], '&lt;b&gt;1M&lt;/b&gt;')
  t.equal(a[2], '2')
  t.equal(a[6], '7 → 9')
  t.same([a[10], a[11]], ['–', '–'], 'no paper figure: dashes')
  t.equal(a[12], '2', 'two warnings')
  t.match(html, '<td class="num" title="a &quot;quoted&quot; &lt;warning&gt;\nanother">2</td>', 'the warnings are in the title')
  const unread = cellsOf(html, 'x/&lt;unread&gt;')
  t.same(unread.slice(1, 12), Array(11).fill('–'), 'dashes for every fact of a model not read yet')
  t.equal(unread[12], 'not read yet')
  t.match(html, '<a href="/api/models/x/%3Cunread%3E/training">x/&lt;unread&gt;</a>', 'the row links to its training JSON, encoded')
  t.match(html, /<ul id="family-disagreements">/)
  t.match(html, 'x/a</a>: training table, row 1M, column learningRate: “&lt;6e-4&gt;” where x/b has “6.0E-04”')
  t.match(html, 'x/b</a>: architecture table, row 2M, the whole row is missing (x/a has it)')
  t.notMatch(html, /family tables agree/)
})

t.test('no fit: the reason instead of the chart, and what was not plotted', async (t) => {
  const html = renderTrainingSection({ models: [], scaling, disagreements: [] })
  t.match(html, '<p id="scaling-unavailable">No scaling chart: no card of a tracked model gives both training FLOPs and a Pile test loss yet.</p>')
  t.match(html, 'Not plotted: x/&lt;unread&gt; (no training facts yet: the next sync reads its card).')
  t.notMatch(html, /scaling-chart|scaling-data/, 'no canvas, no data block')
  t.match(html, 'No card has been read yet: no family tables to compare.')
  const onePoint = renderTrainingSection({ models: [], scaling: { ...scaling, points: [pointAt(1e20)] }, disagreements: [] })
  t.match(onePoint, 'No scaling chart: no law could be fitted to the cards: 2 point(s) for 3 coefficients.')
})

function pointAt (flops: number): ScalingLawView['points'][number] {
  return { id: 'x/a', cardRevision: 'a'.repeat(40), flops, flopsRaw: null, loss: 2, lossRaw: null, included: true, fitted: null, residual: null, relativeResidual: null, published: 2, differenceFromPublished: 0, paper: null }
}
