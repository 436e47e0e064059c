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
        // The server counted the save as activity: the session timeout starts again.
        document.dispatchEvent(new CustomEvent("frontdoor:server-activity"));
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

  // One save at a time, whether the timer or the session timeout asks for it.
  let queue = Promise.resolve();
  function saveNow() {
    queue = queue.then(save, save);
    return queue;
  }

  setInterval(saveNow, 20000);
  return saveNow;
}

const draftSavers = Array.from(document.querySelectorAll("form[data-autosave]"), autosave);

// Session timeout warning (the GOV.UK "timeout warning" pattern). The server signs a user out
// after FRONTDOOR_SESSION_IDLE_MINUTES without a request whatever this does; this warns
// FRONTDOOR_SESSION_WARNING_SECONDS before, offers "Stay signed in", and when time runs out
// saves every autosaving draft first, then signs out saying why. Without JavaScript there is
// no warning and the server's sign-out still happens.
function sessionTimeout(body) {
  const idle = Number(body.dataset.sessionIdleSeconds);
  const dialog = document.getElementById("session-timeout-warning");
  if (!idle || !dialog || typeof dialog.showModal !== "function") return;
  const warning = Math.min(Number(body.dataset.sessionWarningSeconds) || 120, idle);
  // Sign out a little before the server would, so that the drafts are saved while the
  // session still stands (their saving counts as activity and keeps it for the sign-out).
  const margin = Math.min(5, idle / 4);
  const keepAliveUrl = body.dataset.keepAliveUrl;
  const signOutUrl = body.dataset.signOutUrl;
  const heading = dialog.querySelector("h2");
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announce = dialog.querySelector("[data-timeout-announce]");
  let deadline = Date.now() + idle * 1000;
  let warnTimer = null;
  let tickTimer = null;
  let expireTimer = null;
  let returnFocus = null;
  let signingOut = false;

  const csrfToken = () => document.querySelector(".app-account__sign-out input[name=csrfmiddlewaretoken]")?.value || "";
  const words = (seconds) => {
    if (seconds > 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minutes`;
    }
    if (seconds === 60) return "1 minute";
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };
  const secondsLeft = () => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

  // `since`: when the server was asked (it counted from no earlier than that).
  function schedule(seconds, since = Date.now()) {
    deadline = since + (seconds - margin) * 1000;
    clearTimeout(warnTimer);
    warnTimer = setTimeout(warn, Math.max(0, deadline - Date.now() - (warning - margin) * 1000));
  }

  // How long the server gives the session (another tab may have kept it going). null: unknown.
  async function serverSecondsLeft(method = "GET") {
    try {
      const response = await fetch(keepAliveUrl, {
        method,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      });
      if (response.status === 401) return 0;
      const data = await response.json();
      return data.signed_in ? data.seconds_left : 0;
    } catch {
      return null;
    }
  }

  function toSignIn() {
    window.location.assign(`/accounts/login/?next=${encodeURIComponent(window.location.pathname)}`);
  }

  async function warn() {
    const asked = Date.now();
    const left = await serverSecondsLeft();
    if (left === 0) return toSignIn();
    if (left !== null && left > warning + 2) return schedule(left, asked);
    if (left !== null) deadline = asked + (left - margin) * 1000;
    returnFocus = document.activeElement;
    countdown.textContent = words(secondsLeft());
    dialog.showModal();
    heading.focus();
    announce.textContent = `For your security, we will sign you out in ${words(secondsLeft())}.`;
    tickTimer = setInterval(tick, 1000);
    expireTimer = setTimeout(() => signOut("idle"), Math.max(0, deadline - Date.now()));
  }

  function tick() {
    const left = secondsLeft();
    countdown.textContent = words(left);
    if ([60, 30, 10].includes(left)) announce.textContent = `We will sign you out in ${words(left)}.`;
  }

  function closeDialog() {
    clearInterval(tickTimer);
    clearTimeout(expireTimer);
    announce.textContent = "";
    if (dialog.open) dialog.close();
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
  }

  async function stay() {
    const asked = Date.now();
    const left = await serverSecondsLeft("POST");
    if (left === 0) return toSignIn();
    closeDialog();
    schedule(left ?? idle, asked);
  }

  async function signOut(reason) {
    if (signingOut) return;
    signingOut = true;
    clearInterval(tickTimer);
    clearTimeout(expireTimer);
    announce.textContent = "Saving your drafts and signing you out.";
    await Promise.allSettled(draftSavers.map((saveNow) => saveNow()));
    const form = document.createElement("form");
    form.method = "post";
    form.action = signOutUrl;
    form.hidden = true;
    for (const [name, value] of [["csrfmiddlewaretoken", csrfToken()], ["reason", reason]]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  }

  dialog.querySelector("[data-timeout-stay]").addEventListener("click", stay);
  dialog.querySelector("[data-timeout-sign-out]").addEventListener("click", () => signOut("chosen"));
  // Escape means "stay signed in", as in the GOV.UK pattern.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  document.addEventListener("frontdoor:server-activity", () => {
    if (!dialog.open) schedule(idle);
  });
  schedule(idle);
}

sessionTimeout(document.body);
