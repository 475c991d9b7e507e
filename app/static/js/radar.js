// Enhances the server-rendered radar SVG with Plotly's interactive chart (hover values).
// Plotly (served by this app) is fetched only where it will be used: on screens wide enough
// for its labels. Without JavaScript, on phones, or if anything fails, the SVG simply stays.
(function () {
  "use strict";
  function draw(figure, spec) {
    var target = document.createElement("div");
    target.className = "radar-interactive";
    target.setAttribute("aria-hidden", "true");  // the SVG's title and description stay the accessible version
    figure.appendChild(target);
    window.Plotly.newPlot(target, spec.data, spec.layout, {displayModeBar: false, responsive: true})
      .then(function () {
        // Swap only when Plotly really drew the chart; otherwise the SVG stays visible.
        if (target.querySelector(".main-svg")) { figure.classList.add("enhanced"); } else { figure.removeChild(target); }
      })
      .catch(function () { figure.removeChild(target); });
  }
  function enhance() {
    var data = document.getElementById("radar-data");
    var figure = document.getElementById("radar");
    if (!data || !figure || figure.clientWidth < 480) { return; }
    var spec;
    try { spec = JSON.parse(data.textContent); } catch (e) { return; }
    var script = document.createElement("script");
    script.src = figure.getAttribute("data-plotly");
    script.onload = function () { if (window.Plotly) { draw(figure, spec); } };
    document.head.appendChild(script);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", enhance); } else { enhance(); }
})();
