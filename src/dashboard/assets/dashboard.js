// Draws the dashboard chart from the JSON the server embedded in the page.
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
  document.body.dataset.chart = 'ready'
})()
