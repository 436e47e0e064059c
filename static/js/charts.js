// Draws each <figure data-chart="ID"> from the JSON in the script tag ID (insights/_charts.html).
const palette = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#b58840", "#28a197", "#912b88", "#505a5f", "#003078", "#85994b", "#f499be"];
const dashes = [[], [6, 3], [2, 2], [8, 3, 2, 3]];
if (window.Chart) {
  document.querySelectorAll("figure[data-chart]").forEach((figure) => {
    const source = document.getElementById(figure.dataset.chart);
    if (!source) return;
    const spec = JSON.parse(source.textContent);
    const holder = document.createElement("div");
    holder.className = "app-chart";
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", `${spec.label}: chart of the figures in the table below`);
    holder.appendChild(canvas);
    figure.insertBefore(holder, figure.querySelector("table, .govuk-table-wrapper, details"));
    const percent = spec.unit === "percent";
    const marker = {
      id: "changeMarker",
      afterDatasetsDraw(chart) {
        if (spec.marker === null || spec.marker === undefined) return;
        const { ctx, chartArea, scales } = chart;
        const x = (scales.x.getPixelForValue(spec.marker - 1) + scales.x.getPixelForValue(spec.marker)) / 2;
        ctx.save();
        ctx.strokeStyle = "#0b0c0c"; ctx.setLineDash([4, 4]); ctx.beginPath();
        ctx.moveTo(x, chartArea.top); ctx.lineTo(x, chartArea.bottom); ctx.stroke();
        ctx.setLineDash([]); ctx.fillStyle = "#0b0c0c"; ctx.font = "14px sans-serif";
        ctx.fillText("Change", x + 4, chartArea.top + 14);
        ctx.restore();
      },
    };
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s, i) => ({
          label: s.label, data: s.data,
          borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length],
          borderDash: dashes[i % dashes.length], pointStyle: ["circle", "rect", "triangle", "rectRot", "crossRot"][i % 5],
          tension: 0, spanGaps: false,
        })),
      },
      options: {
        maintainAspectRatio: false, animation: false,
        indexAxis: spec.type === "bar" ? "y" : "x",
        plugins: { legend: { display: spec.series.length > 1, labels: { usePointStyle: true } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed[spec.type === "bar" ? "x" : "y"]?.toLocaleString("en-GB", { maximumFractionDigits: 1 })}${percent ? "%" : ""}` } } },
        scales: { [spec.type === "bar" ? "x" : "y"]: { beginAtZero: true, ticks: { callback: (v) => `${v}${percent ? "%" : ""}` } } },
      },
      plugins: [marker],
    });
  });
}
