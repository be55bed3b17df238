/* The analytics charts: every <canvas data-chart="ID"> is drawn from the JSON of <script id="ID"> (json_script),
   with the vendored Chart.js (static/vendor/chartjs). No inline script: the CSP allows only our static files. */
(function () {
  "use strict";
  var PALETTE = ["#2563eb", "#9ca3af", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (d, i) {
      var colour = PALETTE[i % PALETTE.length];
      return { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour, spanGaps: true };
    });
    var scales = { x: { stacked: spec.stacked }, y: { stacked: spec.stacked, beginAtZero: true,
      title: { display: !!spec.unit, text: spec.unit } } };
    canvas.chart = new window.Chart(canvas, {
      type: spec.kind === "line" ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: scales,
        plugins: { title: { display: true, text: spec.title }, legend: { position: "bottom" } } }
    });
    canvas.dataset.drawn = "1";
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  });
})();
