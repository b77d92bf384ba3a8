// The dashboard page, rendered on the server: a table of the tracked models, a chart of daily downloads
// (Chart.js, served by us), and the training section (scaling-law chart, training facts). Gaps in the history
// stay gaps: nothing is interpolated. Figures computed from synthetic snapshots (the demo's, source `demo`)
// are labelled as such.
import type { Model } from '../schemas/model.js'
import type { SeriesPoint, SnapshotSource, TrendItem } from '../schemas/history.js'
import { escapeHtml, scriptJson } from './html.js'
import { renderTrainingSection, type TrainingSectionData } from './training-section.js'

export interface DashboardData {
  models: Model[]
  trends7d: Map<string, TrendItem>
  trends30d: Map<string, TrendItem>
  periods: string[]
  series: Map<string, SeriesPoint[]>
  family: Array<number | null>
  asOf: Date | null
  /** Where the snapshots behind the shown figures came from (sync, import, demo). */
  sources: SnapshotSource[]
  training: TrainingSectionData
  notice?: string
}

const fmt = (n: number | null | undefined) => n == null ? '–' : n.toLocaleString('en-US')
const compact = (n: number | null) => n == null ? '–' : n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : `${Math.round(n / 1e6)}M`

function change (t: TrendItem | undefined): string {
  if (t === undefined || t.downloads === null) return '<span class="muted">no history</span>'
  const pct = t.changePct === null ? '' : ` <span class="${t.changePct >= 0 ? 'up' : 'down'}">(${t.changePct >= 0 ? '+' : ''}${t.changePct}%)</span>`
  const flag = t.complete ? '' : ' <span class="muted" title="a snapshot at a window boundary is over 36 h old">*</span>'
  return `${fmt(t.downloads)}${pct}${flag}`
}

export function renderDashboard (d: DashboardData): string {
  const rows = d.models.map((m) => `
      <tr>
        <td><a href="${escapeHtml(m.hubUrl)}">${escapeHtml(m.id)}</a>${m.missingSince === null ? '' : ` <span class="muted" title="gone from the Hub since ${escapeHtml(m.missingSince)}; kept as last synced">(missing)</span>`}</td>
        <td>${m.license ? `<a href="/api/licenses/${encodeURIComponent(m.license.hubId)}">${escapeHtml(m.license.spdxId ?? m.license.name)}</a>` : '–'}</td>
        <td class="num" title="${escapeHtml(m.parametersSource ?? '')}">${compact(m.parameters)}</td>
        <td class="num">${fmt(m.downloads)}</td>
        <td class="num">${fmt(m.downloadsAllTime)}</td>
        <td class="num">${fmt(m.likes)}</td>
        <td class="num">${change(d.trends7d.get(m.id))}</td>
        <td class="num">${change(d.trends30d.get(m.id))}</td>
      </tr>`).join('')
  const chartData = {
    labels: d.periods,
    datasets: [
      // A day whose figure spans a missed sync is left empty, so sparse history looks sparse.
      ...d.models.map((m) => ({ label: m.name, data: (d.series.get(m.id) ?? []).map((p) => p.complete ? p.downloads : null) })),
      { label: 'family total', data: d.family, borderDash: [6, 4] }
    ]
  }
  const synthetic = d.sources.includes('demo')
  const syntheticLabel = synthetic
    ? `<p class="synthetic" id="synthetic"><strong>Synthetic history:</strong> some of the figures below (the 7- and 30-day
    columns and the chart) are computed from SYNTHETIC snapshots that the demo generated (source <code>demo</code>), not from
    the Hub. Snapshot sources shown: ${d.sources.map(escapeHtml).join(', ')}.</p>`
    : ''
  // JSON inside <script> must not be able to close the tag.
  const json = scriptJson(chartData)
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Cerebras-GPT catalogue</title>
  <link rel="icon" href="data:,"><!-- an empty icon: no request for /favicon.ico, which would 404 -->
  <style>
    body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1f; }
    table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
    th, td { padding: .4rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .notice { background: #fff3cd; border: 1px solid #e0c36c; padding: .6rem 1rem; border-radius: 4px; }
    .synthetic { background: #fde8e8; border: 1px solid #d98c8c; padding: .6rem 1rem; border-radius: 4px; }
    .tag { font-size: .75rem; font-weight: 600; color: #a12b2b; border: 1px solid #d98c8c; border-radius: 3px; padding: 0 .3rem; vertical-align: middle; }
    .muted { color: #888; } .up { color: #1a7f37; } .down { color: #c62828; }
    #chart-box { position: relative; height: 28rem; }
    #scaling-box { position: relative; height: 26rem; margin-bottom: 2rem; }
  </style>
</head>
<body>
  <h1>Cerebras-GPT catalogue</h1>
  ${d.notice ? `<p class="notice" id="notice"><strong>Note:</strong> ${escapeHtml(d.notice)}</p>` : ''}
  ${syntheticLabel}
  <p class="muted">Counts as of ${d.asOf ? escapeHtml(d.asOf.toISOString()) : 'no sync yet'}. Downloads (30 days) is the Hub's rolling count;
    the 7- and 30-day columns are computed from this catalogue's own snapshots (* = a boundary snapshot is over 36 h old).
    API: <a href="/docs">/docs</a>.</p>
  <table id="models">
    <thead><tr><th>Model</th><th>License</th><th class="num">Parameters</th><th class="num">Downloads (30 days)</th>
      <th class="num">All time</th><th class="num">Likes</th><th class="num">Last 7 days</th><th class="num">Last 30 days</th></tr></thead>
    <tbody>${rows}
    </tbody>
  </table>
  <h2>Downloads per day${synthetic ? ' <span class="tag">synthetic</span>' : ''}</h2>
  <p class="muted">From the catalogue's snapshots; days without a figure, or whose figure spans a missed sync, are left empty.</p>
  <div id="chart-box"><canvas id="chart" aria-label="Downloads per day per model"></canvas></div>
  <script id="chart-data" type="application/json">${json}</script>
  ${renderTrainingSection(d.training)}
  <script src="/assets/chart.umd.min.js"></script>
  <script src="/assets/dashboard.js"></script>
</body>
</html>
`
}
