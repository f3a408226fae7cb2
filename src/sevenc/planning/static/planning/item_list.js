// The plan page's selection helpers. Without this script the page works as it is: tick items and apply an action,
// or use the "Accept all proposals" and per-block buttons. With it: a box in the table's header ticks every row
// on the page, and each block of the proposals gets a "Select" button that ticks that block's proposals below,
// so that the chosen action (accept, drop, merge) applies to them.
const form = document.querySelector("form[data-plan-bulk]");
if (form) {
  const boxes = () => [...form.querySelectorAll('input[type="checkbox"][name="item"]')];
  const all = form.querySelector("input[data-select-all]");
  const sync = () => {
    if (!all) return;
    const list = boxes();
    const ticked = list.filter((b) => b.checked).length;
    all.checked = list.length > 0 && ticked === list.length;
    all.indeterminate = ticked > 0 && ticked < list.length;
  };
  if (all) {
    all.hidden = false;
    all.addEventListener("change", () => {
      for (const box of boxes()) box.checked = all.checked;
      sync();
    });
  }
  form.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === "item") sync();
  });
  for (const row of form.querySelectorAll("tr[data-block][data-items]")) {
    const ids = new Set(row.dataset.items.split(" "));
    const onPage = boxes().filter((b) => ids.has(b.value));
    if (!onPage.length) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--small button--secondary";
    button.textContent = form.dataset.selectLabel || "Select";
    button.setAttribute("aria-label", `${button.textContent}: ${row.querySelector("th").textContent.trim()}`);
    button.addEventListener("click", () => {
      const tick = !onPage.every((b) => b.checked);
      for (const box of onPage) box.checked = tick;
      sync();
      onPage[0].focus();
    });
    row.querySelector("td.actions").append(button);
  }
  sync();
}
