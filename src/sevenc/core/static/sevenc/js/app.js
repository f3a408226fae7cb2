// sevenc: small enhancements on top of pages that work without JavaScript.
document.documentElement.classList.replace("no-js", "js");

// Ask before destructive forms: <form data-confirm="Delete this?">.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Submit a form when its select changes: <select data-autosubmit> (the workspace switcher).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
    el.form.requestSubmit();
  }
});

// Live search: <form data-partial-target="#id"> fetches its GET result as a partial and swaps it in.
const PARTIAL_HEADER = "X-Sevenc-Partial";

async function refreshPartial(form) {
  const target = document.querySelector(form.dataset.partialTarget);
  if (!target) return;
  const url = new URL(form.action || window.location.href, window.location.href);
  url.search = new URLSearchParams(new FormData(form)).toString();
  const response = await fetch(url, { headers: { [PARTIAL_HEADER]: "1" }, credentials: "same-origin" });
  if (!response.ok) return;
  target.innerHTML = await response.text();
  window.history.replaceState(null, "", url);
}

for (const form of document.querySelectorAll("form[data-partial-target]")) {
  let timer;
  form.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => refreshPartial(form), 250);
  });
}
