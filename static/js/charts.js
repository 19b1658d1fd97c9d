// Draws each <canvas data-chart="id"> with Chart.js (vendored in static/vendor/chartjs) from the JSON in the
// element #id: {type, labels, datasets: [{label, data: ["12.5", null, …]}]}. The page's table holds the same
// figures, so without JavaScript nothing is lost.
(function () {
  "use strict";
  var COLOURS = ["#1f7a4d", "#c4661f", "#2f5fa7", "#8a3fa0", "#b8a11c"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: set.label,
        data: set.data.map(function (v) { return v === null ? null : Number(v); }),
        borderColor: colour,
        backgroundColor: spec.type === "bar" ? colour : colour + "33",
        spanGaps: false,
        tension: 0.2,
      };
    });
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: document.documentElement.lang || "id",
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  function start() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
