// Draws the hub portal's chart with Plotly (served by this app) from the JSON the page embeds.
// Without JavaScript, or if anything fails, the table below the chart says the same.
(function () {
  "use strict";
  var data = document.getElementById("hub-chart-data");
  var box = document.getElementById("hub-chart");
  if (!data || !box) { return; }
  var spec;
  try { spec = JSON.parse(data.textContent); } catch (e) { return; }
  var script = document.createElement("script");
  script.src = box.getAttribute("data-plotly");
  script.onload = function () {
    if (!window.Plotly) { return; }
    window.Plotly.newPlot(box, spec.data, spec.layout, {displayModeBar: false, responsive: true})
      .then(function () { box.classList.add("drawn"); });
  };
  document.head.appendChild(script);
})();
