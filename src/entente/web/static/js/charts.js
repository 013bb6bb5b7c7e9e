/* entente: the charts of the dyad and actor pages, from the page's JSON data block. */
"use strict";

(() => {
  const {pageData} = entente;
  const dyad = pageData("dyad-data");
  if (dyad && document.getElementById("dyad-chart")) {
    evidence.dyadChart(document.getElementById("dyad-chart"), dyad.series);
  }

  const actor = pageData("actor-data");
  const canvas = document.getElementById("actor-chart");
  if (actor && canvas) {
    const rows = [...actor.partners, ...actor.adversaries];
    const labels = [...new Set(rows.flatMap((r) => r.series.map((p) => p.window)))].sort();
    const greens = ["#1a9850", "#66bd63", "#a6d96a", "#006837", "#4dac26", "#b8e186"];
    const reds = ["#d73027", "#f46d43", "#fdae61", "#a50026", "#e66101", "#fdb863"];
    const datasets = rows.map((r, i) => {
      const byWindow = Object.fromEntries(r.series.map((p) => [p.window, p.score]));
      const colour = r.sign > 0 ? greens[i % greens.length] : reds[(i - actor.partners.length) % reds.length];
      return {label: r.name, data: labels.map((w) => (w in byWindow ? byWindow[w] : null)), borderColor: colour,
              backgroundColor: colour, spanGaps: true, tension: 0.2, pointRadius: 3};
    });
    new Chart(canvas, {
      type: "line",
      data: {labels, datasets},
      options: {animation: false, responsive: true, maintainAspectRatio: false,
                plugins: {legend: {position: "right"}},
                scales: {y: evidence.scoreAxis()}},
    });
    canvas.dataset.points = String(labels.length);
  }
})();
