// The dashboard's training section: the compute scaling-law chart (its data from scaling-chart.ts), a table of
// what each tracked model's card says of its training, where the cards' family tables disagree, and the JSON.
import type { ModelTrainingView, ScalingLawView } from '../schemas/training.js'
import type { FamilyDisagreement } from '../training/card-facts.js'
import { escapeHtml, scriptJson } from './html.js'
import { scalingChart } from './scaling-chart.js'

export interface TrainingSectionData {
  /** Every tracked model, in the models table's order; training null when no card of it has been read yet. */
  models: Array<{ id: string, training: ModelTrainingView | null }>
  scaling: ScalingLawView
  disagreements: FamilyDisagreement[]
}

const FACT_COLUMNS = [
  ['parameters', 'Parameters'], ['layers', 'Layers'], ['dModel', 'd_model'], ['heads', 'Heads'], ['learningRate', 'Learning rate'],
  ['batchSize', 'Batch size'], ['tokens', 'Tokens'], ['flops', 'FLOPs'], ['pileTestCrossEntropy', 'Pile loss (card)']
] as const
const DASH = '–'

const trainingUrl = (id: string) => `/api/models/${id.split('/').map(encodeURIComponent).join('/')}/training`
const cell = (raw: string | null) => `<td class="num">${raw === null ? DASH : escapeHtml(raw)}</td>`
const signed = (n: number) => `${n > 0 ? '+' : ''}${n.toFixed(3)}`

function row ({ id, training }: TrainingSectionData['models'][number]): string {
  const name = `<td><a href="${escapeHtml(trainingUrl(id))}">${escapeHtml(id)}</a></td>`
  if (training === null) {
    return `
      <tr data-id="${escapeHtml(id)}">${name}${FACT_COLUMNS.map(() => cell(null)).join('')}${cell(null)}${cell(null)}<td class="num muted">not read yet</td></tr>`
  }
  const { paper, warnings } = training
  const facts = FACT_COLUMNS.map(([key]) => cell(training.facts[key].raw)).join('')
  const paperCells = cell(paper === null ? null : paper.pileTestCrossEntropy.toFixed(3)) +
    cell(paper === null || paper.cardMinusPaper === null ? null : signed(paper.cardMinusPaper))
  const title = warnings.length === 0 ? '' : ` title="${escapeHtml(warnings.join('\n'))}"`
  return `
      <tr data-id="${escapeHtml(id)}">${name}${facts}${paperCells}<td class="num"${title}>${warnings.length}</td></tr>`
}

function disagreementList (d: TrainingSectionData): string {
  const cards = d.models.filter((m) => m.training !== null).length
  if (cards < 2) return `<p class="muted" id="family-agreement">${cards === 0 ? 'No card has been read yet' : 'Only one card has been read'}: no family tables to compare.</p>`
  if (d.disagreements.length === 0) return `<p id="family-agreement">The ${cards} cards' family tables agree.</p>`
  const quote = (raw: string | null) => raw === null ? 'no cell' : `“${escapeHtml(raw)}”`
  const items = d.disagreements.map((x) => `
    <li><a href="${escapeHtml(trainingUrl(x.modelId))}">${escapeHtml(x.modelId)}</a>: ${escapeHtml(x.table)} table, row ${escapeHtml(x.model)}, ${x.column === null
      ? `the whole row is missing (${escapeHtml(x.referenceModelId)} has it)`
      : `column ${escapeHtml(x.column)}: ${quote(x.raw)} where ${escapeHtml(x.referenceModelId)} has ${quote(x.referenceRaw)}`}</li>`).join('')
  return `<p id="family-agreement">The cards' family tables disagree on ${d.disagreements.length} cell(s):</p>
  <ul id="family-disagreements">${items}
  </ul>`
}

function chartBlock (scaling: ScalingLawView): string {
  const chart = scalingChart(scaling)
  const skipped = scaling.skipped.length === 0
    ? ''
    : `<p class="muted" id="scaling-skipped">Not plotted: ${scaling.skipped.map((s) => `${escapeHtml(s.id)} (${escapeHtml(s.reason)})`).join('; ')}.</p>`
  if (!chart.ok) return `<p id="scaling-unavailable">No scaling chart: ${escapeHtml(chart.reason)}.</p>\n  ${skipped}`
  const fit = scaling.fit!
  return `<p class="muted">Pile test loss against training FLOPs (log scale) for each card, the law fitted to them
    (${scaling.points.filter((p) => p.included).length} points, R² = ${fit.rSquared.toFixed(4)}) and the law published with the models (${escapeHtml(scaling.published.source)}).</p>
  ${skipped}
  <div id="scaling-box"><canvas id="scaling-chart" aria-label="Pile test loss against training FLOPs, with the fitted and the published scaling law"></canvas></div>
  <script id="scaling-data" type="application/json">${scriptJson({ datasets: chart.datasets })}</script>`
}

export function renderTrainingSection (d: TrainingSectionData): string {
  return `<h2>Compute scaling law</h2>
  ${chartBlock(d.scaling)}
  <h2>Training, from the cards</h2>
  <p class="muted">Each card's row of its architecture and training tables, as written; the paper's Pile loss where it reports one.
    JSON: <a href="/api/scaling-law">/api/scaling-law</a>, <a href="/api/evaluations">/api/evaluations</a>
    (<a href="/api/evaluations?format=csv">CSV</a>), and each model's <code>/api/models/{author}/{name}/training</code> (linked from its row).</p>
  <table id="training">
    <thead><tr><th>Model</th>${FACT_COLUMNS.map(([, label]) => `<th class="num">${label}</th>`).join('')}<th class="num">Pile loss (paper)</th>
      <th class="num">Card − paper</th><th class="num">Warnings</th></tr></thead>
    <tbody>${d.models.map(row).join('')}
    </tbody>
  </table>
  ${disagreementList(d)}`
}
