// The assessment grid: keyboard answering and a save per row, on top of a page that works without JavaScript
// (the grid is one <form method=post>; its "Save all changes" button saves every changed row at once).
//
// Keys, while a row has the focus (not while typing in its note or evidence field):
//   0–5 level · n N/A · u Unknown · Backspace/Delete clear · ↓/j and ↑/k move · Enter note · . or ] next unanswered
// Setting a level saves the row and moves on to the next one. Esc in a text field returns to its row.
//
// Saving: each change POSTs the row's own fields (state-<pk>, note-<pk>, shared-<pk>, evidence-<pk>,
// version-<pk>, orig-<pk>) to the row's data-url with the CSRF token and "X-Sevenc-Partial: 1". The answer
// (partials/answer_saved.html) is three <template>s: data-row holds the row as the server now renders it (200
// saved, 409 conflict with the stored value, 422 problems), data-panel the score panel (progress, ITCq and
// block scores), which replaces #score-panel, and data-subtotals every block's and area's score as the server's
// scoring module computed it, written into the grid's headings (data-score-block, data-score-area). Saves run one after another, in one queue for the whole grid:
// each carries the version the previous save of its row returned, and the score panel of the last answer to
// arrive was computed after every earlier save (with saves of several rows in flight at once, an answer
// computed before another row's save could otherwise arrive last and show a stale progress or score).

const PARTIAL_HEADER = "X-Sevenc-Partial";
const form = document.querySelector("form[data-grid]");
const readonly = !form || form.hasAttribute("data-readonly");
const LEVEL_KEYS = new Set(["0", "1", "2", "3", "4", "5"]);

const csrfToken = () => form.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
const rows = () => [...form.querySelectorAll("tr.grid-row")].filter((tr) => !tr.hidden && !tr.closest("[hidden]"));
const rowOf = (el) => el?.closest?.("tr.grid-row") ?? null;
const isTextField = (el) => el instanceof HTMLTextAreaElement ||
  (el instanceof HTMLInputElement && ["url", "text", "search"].includes(el.type));

let active = null;

function activate(tr, { focus = true } = {}) {
  if (!tr) return;
  if (active && active !== tr) active.classList.remove("is-active");
  active = tr;
  tr.classList.add("is-active");
  if (focus) {
    tr.focus({ preventScroll: true });
    tr.scrollIntoView({ block: "center", behavior: "instant" });
  }
}

function move(step) {
  const list = rows();
  const i = list.indexOf(active);
  const next = list[Math.min(Math.max(i + step, 0), list.length - 1)];
  activate(next ?? list[0]);
}

function nextUnanswered() {
  const list = rows();
  const start = list.indexOf(active);
  for (let k = 1; k <= list.length; k += 1) {
    const tr = list[(start + k) % list.length];
    if (!tr.dataset.state) return activate(tr);
  }
  return undefined;
}

function setState(tr, value) {
  const radio = [...tr.querySelectorAll("input[type=radio]")].find((r) => r.value === value);
  if (!radio || radio.disabled) return;
  radio.checked = true;
  tr.dataset.state = value;
  save(tr);
}

// --- saving --------------------------------------------------------------------------------------------

let queue = Promise.resolve(); // the last save: every save waits for the one before it, whichever row it was

function setStatus(tr, status, text) {
  tr.classList.remove("is-saving", "is-saved", "is-conflict", "has-error");
  if (status) tr.classList.add(status);
  const label = tr.querySelector(".grid-status__text");
  if (label) label.textContent = text;
}

function rowData(tr) {
  const data = new FormData();
  data.append("csrfmiddlewaretoken", csrfToken());
  for (const el of tr.querySelectorAll("input, textarea")) {
    if (!el.name || el.disabled) continue;
    if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
    data.append(el.name, el.value);
  }
  return data;
}

function save(tr) {
  const next = queue.then(() => send(tr)).catch(() => {
    setStatus(document.getElementById(tr.id) ?? tr, "has-error", "error — not saved");
  });
  queue = next;
  return next;
}

function showSubtotals(subtotals) {
  for (const name of ["data-score-block", "data-score-area"]) {
    for (const fresh of subtotals.querySelectorAll(`[${name}]`)) {
      const shown = form.querySelector(`[${name}="${CSS.escape(fresh.getAttribute(name))}"]`);
      if (shown && shown.textContent !== fresh.textContent) shown.textContent = fresh.textContent;
    }
  }
}

async function send(tr) {
  const current = document.getElementById(tr.id) ?? tr; // the row may have been replaced by an earlier save
  setStatus(current, "is-saving", "saving…");
  const response = await fetch(current.dataset.url, {
    method: "POST",
    body: rowData(current),
    headers: { [PARTIAL_HEADER]: "1", "X-CSRFToken": csrfToken() },
    credentials: "same-origin",
  });
  if (![200, 409, 422].includes(response.status)) {
    setStatus(current, "has-error", `error ${response.status} — not saved`);
    return;
  }
  const holder = document.createElement("template");
  holder.innerHTML = await response.text();
  const fresh = holder.content.querySelector("template[data-row]")?.content.querySelector("tr.grid-row");
  const panel = holder.content.querySelector("template[data-panel]")?.content.querySelector("#score-panel");
  if (panel) document.getElementById("score-panel")?.replaceWith(panel);
  const subtotals = holder.content.querySelector("template[data-subtotals]")?.content;
  if (subtotals) showSubtotals(subtotals);
  if (!fresh) return;
  if (response.status === 200 && current.contains(document.activeElement) &&
      document.activeElement !== current) {
    // The user is typing in this row: keep their fields, take only the new version and state.
    for (const name of ["version", "orig"]) {
      const mine = current.querySelector(`input[name^="${name}-"]`);
      const theirs = fresh.querySelector(`input[name^="${name}-"]`);
      if (mine && theirs) mine.value = theirs.value;
    }
    current.dataset.state = fresh.dataset.state;
    setStatus(current, "is-saved", "saved ✓");
    return;
  }
  const wasActive = active === current;
  const hadFocus = current === document.activeElement;
  current.replaceWith(fresh);
  if (wasActive) activate(fresh, { focus: hadFocus });
}

// --- conflict: use theirs / keep mine ---------------------------------------------------------------------

form?.addEventListener("click", (event) => {
  const button = event.target.closest?.("button[data-action]");
  if (!button) return;
  const tr = rowOf(button);
  const box = button.closest(".grid-conflict");
  if (!tr || !box) return;
  if (button.dataset.action === "mine") {
    save(tr); // the row already carries the stored version: saving again overwrites it with mine
    return;
  }
  const { theirsState, theirsNote, theirsShared, theirsEvidence } = box.dataset;
  for (const r of tr.querySelectorAll("input[type=radio]")) r.checked = r.value === theirsState;
  tr.querySelector("textarea").value = theirsNote ?? "";
  tr.querySelector("input[type=checkbox]").checked = theirsShared === "1";
  tr.querySelector("input[type=url]").value = theirsEvidence ?? "";
  tr.dataset.state = theirsState ?? "";
  box.remove();
  save(tr); // nothing differs from the stored answer any more: the server answers with the fresh row
});

// --- keyboard ------------------------------------------------------------------------------------------

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  const tr = rowOf(target);
  if (!tr) return;
  if (isTextField(target)) {
    if (event.key === "Escape" || (event.key === "Enter" && target instanceof HTMLInputElement)) {
      event.preventDefault();
      target.blur(); // a change is saved by the change event
      activate(tr);
    }
    return;
  }
  activate(tr, { focus: false });
  const key = event.key;
  if (LEVEL_KEYS.has(key) || key === "n" || key === "u") {
    event.preventDefault();
    setState(tr, key === "n" ? "na" : key === "u" ? "unknown" : key);
    move(1);
  } else if (key === "Backspace" || key === "Delete") {
    event.preventDefault();
    setState(tr, "");
  } else if (key === "ArrowDown" || key === "j") {
    event.preventDefault();
    move(1);
  } else if (key === "ArrowUp" || key === "k") {
    event.preventDefault();
    move(-1);
  } else if (key === "." || key === "]") {
    event.preventDefault();
    nextUnanswered();
  } else if (key === "Enter") {
    event.preventDefault();
    tr.querySelector("textarea")?.focus();
  }
}

// --- filters (client-side; the same GET parameters filter on the server without JavaScript) -------------------

function applyFilters() {
  const filters = document.getElementById("grid-filters");
  if (!filters) return;
  const data = new FormData(filters);
  const unanswered = data.get("unanswered") === "1";
  const noted = data.get("noted") === "1";
  const block = data.get("block") || "";
  let shown = 0;
  for (const tr of form.querySelectorAll("tr.grid-row")) {
    const note = tr.querySelector("textarea")?.value.trim();
    tr.hidden = (unanswered && tr.dataset.state !== "") || (noted && !note) ||
      (block !== "" && tr.dataset.block !== block);
    if (!tr.hidden) shown += 1;
  }
  for (const area of form.querySelectorAll(".grid-area")) {
    area.hidden = !area.querySelector("tr.grid-row:not([hidden])");
  }
  for (const section of form.querySelectorAll(".grid-block")) {
    section.hidden = !section.querySelector(".grid-area:not([hidden])");
  }
  const empty = form.querySelector(".grid-empty");
  if (empty) empty.hidden = shown > 0;
  const url = new URL(window.location.href);
  for (const name of ["unanswered", "noted", "block"]) {
    const value = name === "block" ? block : data.get(name) === "1" ? "1" : "";
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  }
  window.history.replaceState(null, "", url);
  form.action = url.pathname + url.search;
}

// --- wiring -------------------------------------------------------------------------------------------

if (form && !readonly) {
  form.addEventListener("keydown", onKey);
  form.addEventListener("focusin", (event) => {
    const tr = rowOf(event.target);
    if (tr) activate(tr, { focus: false });
  });
  form.addEventListener("change", (event) => {
    const tr = rowOf(event.target);
    if (!tr) return;
    if (event.target.type === "radio") tr.dataset.state = event.target.value;
    save(tr);
  });
  const first = window.location.hash ? document.querySelector(window.location.hash) : null;
  activate(rowOf(first) ?? rows().find((tr) => !tr.dataset.state) ?? rows()[0]);
}

// A page the server already filtered lacks the other rows: there a filter change loads the page again.
const filterForm = document.getElementById("grid-filters");
if (form && !form.hasAttribute("data-filtered")) {
  filterForm?.addEventListener("change", applyFilters);
  filterForm?.addEventListener("submit", (event) => {
    event.preventDefault();
    applyFilters();
  });
} else {
  filterForm?.addEventListener("change", () => filterForm.requestSubmit());
}
