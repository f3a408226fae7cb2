// Keyboard entry for the responsibility matrix: R, A, C, I set a cell and move right; Delete or Backspace
// clears it; arrow keys move between cells. The grid is one plain form: without this script typing in the
// cells and pressing Save does the same.
const form = document.querySelector("form[data-matrix]");
if (form) {
  const ROLES = new Set(["R", "A", "C", "I"]);
  const paint = (input) => {
    const td = input.closest("td");
    td.className = td.className.replace(/\brole-\S+/, "") + ` role-${input.value || "none"}`;
  };
  const move = (input, dRow, dCol) => {
    const td = input.closest("td");
    const tr = td.parentElement;
    const col = [...tr.children].indexOf(td);
    let target = tr;
    if (dRow) target = dRow > 0 ? tr.nextElementSibling : tr.previousElementSibling;
    const cell = target?.children[col + dCol]?.querySelector("input");
    if (cell) { cell.focus(); cell.select(); }
  };
  form.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.name.startsWith("c-")) return;
    const key = event.key.toUpperCase();
    if (ROLES.has(key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.value = key;
      paint(input);
      move(input, 0, 1);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      input.value = "";
      paint(input);
    } else if (event.key === "ArrowRight") { event.preventDefault(); move(input, 0, 1); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); move(input, 0, -1); }
    else if (event.key === "ArrowDown" || event.key === "Enter") { event.preventDefault(); move(input, 1, 0); }
    else if (event.key === "ArrowUp") { event.preventDefault(); move(input, -1, 0); }
    else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey) { event.preventDefault(); }
  });
}
