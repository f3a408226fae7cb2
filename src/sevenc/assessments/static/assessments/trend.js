// The trend chart's block lines, shown or hidden with a tick box each. The server draws the chart with one
// <g class="chart__series" data-series data-label> per line; without this script every line is drawn.
// <figure data-line-chooser="Block lines" data-all="All" data-none="None"> holds the chart.
const SVG_NS = "http://www.w3.org/2000/svg";

function swatch(group) {
  const source = group.querySelector("[stroke]");
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("width", "22");
  svg.setAttribute("height", "10");
  svg.setAttribute("aria-hidden", "true");
  const line = document.createElementNS(SVG_NS, "line");
  for (const [name, value] of [["x1", "1"], ["y1", "5"], ["x2", "21"], ["y2", "5"], ["stroke-width", "3"]]) {
    line.setAttribute(name, value);
  }
  line.setAttribute("stroke", source ? source.getAttribute("stroke") : "currentColor");
  svg.append(line);
  return svg;
}

function show(svg, key, visible) {
  for (const el of svg.querySelectorAll(`[data-series="${CSS.escape(key)}"]`)) {
    el.classList.toggle("is-hidden", !visible);
  }
}

for (const figure of document.querySelectorAll("figure[data-line-chooser]")) {
  const svg = figure.querySelector("svg.chart");
  if (!svg) continue;
  const groups = [...svg.querySelectorAll("g.chart__series[data-series]")].filter((g) => g.dataset.series !== "overall");
  if (groups.length < 2) continue;
  const box = document.createElement("fieldset");
  box.className = "trend-lines no-print";
  const title = document.createElement("legend");
  title.textContent = figure.dataset.lineChooser;
  box.append(title);
  const ticks = [];
  for (const group of groups) {
    const label = document.createElement("label");
    const tick = document.createElement("input");
    tick.type = "checkbox";
    tick.checked = true;
    tick.value = group.dataset.series;
    tick.addEventListener("change", () => show(svg, tick.value, tick.checked));
    ticks.push(tick);
    label.append(tick, swatch(group), document.createTextNode(group.dataset.label || group.dataset.series));
    box.append(label);
  }
  for (const [text, visible] of [[figure.dataset.all, true], [figure.dataset.none, false]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = text;
    button.addEventListener("click", () => {
      for (const tick of ticks) {
        tick.checked = visible;
        show(svg, tick.value, visible);
      }
    });
    box.append(button);
  }
  figure.prepend(box);
}
