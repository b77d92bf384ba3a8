// Draws the dashboard charts from the JSON the server embedded in the page: downloads per day, and the
// compute scaling law (present only when the server had points and a fit to show).
/* global Chart */
(function () {
  const data = JSON.parse(document.getElementById('chart-data').textContent)
  window.dashboardChart = new Chart(document.getElementById('chart'), {
    type: 'line',
    data,
    options: {
      animation: false,
      maintainAspectRatio: false,
      spanGaps: false,
      interaction: { mode: 'index', intersect: false },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'downloads' } } }
    }
  })

  const scaling = document.getElementById('scaling-data')
  if (scaling !== null) {
    // 1e19, 1e20, ...: the log axis labels its powers of ten only.
    const decade = (value) => {
      const exponent = Math.round(Math.log10(value))
      return Math.abs(value / Math.pow(10, exponent) - 1) < 1e-9 ? `1e${exponent}` : ''
    }
    window.scalingChart = new Chart(document.getElementById('scaling-chart'), {
      type: 'scatter',
      data: JSON.parse(scaling.textContent),
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'training FLOPs' }, ticks: { callback: decade, maxRotation: 0 } },
          y: { title: { display: true, text: 'Pile test loss (nats/token)' } }
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => `${item.raw.id ?? item.dataset.label}: ${item.parsed.x.toExponential(2)} FLOPs, ${item.parsed.y.toFixed(3)} nats/token`
            }
          }
        }
      }
    })
  }
  document.body.dataset.chart = 'ready'
})()
