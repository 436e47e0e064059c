// Frontdoor front-end initialisation.
// GOV.UK Frontend 6 ships as an ES module only. base.html loads this file with
// <script type="module">, and an inline script adds `govuk-frontend-supported`
// to <body>, which initAll() requires before it starts any component.
import { initAll } from "/static/vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// Autosave: a form marked data-autosave is saved as a draft every 20 seconds while it has
// unsaved changes. Without JavaScript every button still saves the draft first.
function autosave(form) {
  const status = form.querySelector("[data-autosave-status]");
  const version = form.querySelector("input[name=version]");
  let dirty = false;
  let saving = false;
  let stopped = false;
  let pendingSubmitter = null;

  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", (event) => {
    if (saving) {
      event.preventDefault();
      pendingSubmitter = event.submitter || false;
    }
  });

  async function save() {
    if (!dirty || saving || stopped) return;
    saving = true;
    dirty = false;
    const data = new FormData(form);
    data.set("action", "save");
    try {
      // form.action would be the buttons named "action", not the attribute.
      const response = await fetch(form.getAttribute("action"), { method: "POST", body: data, credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const saved = page.querySelector("form[data-autosave] input[name=version]");
      if (!response.ok || page.querySelector(".govuk-error-summary") || !saved) {
        stopped = true;
        status.textContent = "Could not save automatically. Use Save draft to see why.";
      } else {
        version.value = saved.value;
        status.textContent = `Draft saved at ${new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}`;
      }
    } catch {
      dirty = true;
      status.textContent = "Not saved: check your connection. Your text is still here.";
    } finally {
      saving = false;
      if (pendingSubmitter !== null) {
        const submitter = pendingSubmitter;
        pendingSubmitter = null;
        form.requestSubmit(submitter || undefined);
      }
    }
  }

  setInterval(save, 20000);
}

document.querySelectorAll("form[data-autosave]").forEach(autosave);
