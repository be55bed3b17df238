/* 智聘 interview room: autosave of note segments and of the scorecard draft, new note segments, and a refresh
   of the AI panel after saves. Plain textareas, so the phone keyboard's voice input works as typing does.
   Without this file every form still posts normally.

   Autosave: after a pause in typing (not while an IME/voice composition is open), on blur and on change;
   one request per form at a time (a newer text is sent when the previous answer arrives, so answers can
   never overwrite newer text). A failed save is kept in localStorage and retried with backoff, when the
   network comes back, and on the next visit; a refusal (409/4xx) is shown and not retried. */
(function () {
  "use strict";

  var root = document.querySelector("[data-room]");
  if (!root) { return; }
  root.classList.add("js");

  var DEBOUNCE_MS = 1200;
  var RETRY_MIN_MS = 2000;
  var RETRY_MAX_MS = 30000;
  // Per person and interview: on a shared phone or tablet one interviewer's unsaved notes and scores must never
  // be restored into another's form. Logging out clears them all (portal.js).
  var storeKey = "hrportal.room." + root.getAttribute("data-user") + "." + root.getAttribute("data-interview");
  var texts = {
    saving: root.getAttribute("data-text-saving"),
    saved: root.getAttribute("data-text-saved"),
    failed: root.getAttribute("data-text-failed"),
    offline: root.getAttribute("data-text-offline")
  };
  var units = [];

  function loadPending() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function storePending(pending) {
    try { window.localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* private mode */ }
  }
  function newClientId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  var refreshTimer = null;
  function refreshAi() {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(function () {
      document.body.dispatchEvent(new CustomEvent("room-refresh"));
    }, 500);
  }

  function Autosave(form) {
    var self = this;
    this.form = form;
    this.kind = form.getAttribute("data-autosave");
    this.url = form.getAttribute("data-autosave-url") || form.getAttribute("action");
    this.state = form.querySelector(".save-state");
    this.timer = null;
    this.inFlight = false;
    this.again = false;
    this.failed = false;
    this.submitting = false;
    this.retryMs = RETRY_MIN_MS;
    this.lastSent = this.body();
    form.addEventListener("input", function (event) {
      if (event.isComposing) { return; }
      self.later(DEBOUNCE_MS);
    });
    form.addEventListener("compositionend", function () { self.later(DEBOUNCE_MS); });
    form.addEventListener("change", function () { self.later(0); });
    form.addEventListener("focusout", function () { self.later(0); });
    form.addEventListener("submit", function (event) {
      if (self.kind === "note") { event.preventDefault(); self.later(0); return; }
      self.submitting = true;  // the full form is being posted: no draft save may race it
      window.clearTimeout(self.timer);
    });
  }
  Autosave.prototype.key = function () {
    var id = this.form.querySelector("input[name=client_id]");
    return id ? "note:" + id.value : "scorecard";
  };
  Autosave.prototype.body = function () {
    return new URLSearchParams(new FormData(this.form)).toString();
  };
  Autosave.prototype.show = function (text, cls) {
    if (!this.state) { return; }
    this.state.textContent = text || "";
    this.state.classList.toggle("is-ok", cls === "is-ok");
    this.state.classList.toggle("is-bad", cls === "is-bad");
  };
  Autosave.prototype.later = function (ms) {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.save(); }, ms);
  };
  Autosave.prototype.dirty = function () {
    return this.failed || this.body() !== this.lastSent;
  };
  Autosave.prototype.remember = function (body) {
    var pending = loadPending();
    pending[this.key()] = { url: this.url, body: body };
    storePending(pending);
  };
  Autosave.prototype.forget = function () {
    var pending = loadPending();
    delete pending[this.key()];
    storePending(pending);
  };
  Autosave.prototype.save = function () {
    var self = this;
    if (this.submitting) { return; }
    if (this.inFlight) { this.again = true; return; }
    var body = this.body();
    if (body === this.lastSent && !this.failed) { return; }
    this.inFlight = true;
    this.remember(body);
    this.show(texts.saving, "");
    var token = this.form.querySelector("input[name=csrfmiddlewaretoken]");
    window.fetch(this.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": token ? token.value : ""
      },
      body: body
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (answer) {
      self.inFlight = false;
      if (answer.status === 200 && answer.data.ok) {
        self.lastSent = body;
        self.failed = false;
        self.retryMs = RETRY_MIN_MS;
        self.forget();
        self.show(texts.saved, "is-ok");
        if (self.kind === "note" && answer.data.changed) { refreshAi(); }
      } else if (answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429) {
        // Refused or invalid: retrying the same text cannot help. Say why.
        self.lastSent = body;
        self.failed = false;
        self.forget();
        self.show(answer.data.error || texts.failed, "is-bad");
      } else {
        throw new Error("autosave answered " + answer.status);
      }
      if (self.again) { self.again = false; self.save(); }
    }).catch(function () {
      self.inFlight = false;
      self.again = false;
      self.failed = true;
      self.show(navigator.onLine === false ? texts.offline : texts.failed, "is-bad");
      self.later(self.retryMs);
      self.retryMs = Math.min(self.retryMs * 2, RETRY_MAX_MS);
    });
  };
  Autosave.prototype.restore = function (body) {
    var params = new URLSearchParams(body);
    var form = this.form;
    params.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "client_id" || name === "round_question") { return; }
      form.querySelectorAll("[name='" + name + "']").forEach(function (field) {
        if (field.type === "radio" || field.type === "checkbox") { field.checked = field.value === value; }
        else { field.value = value; }
      });
    });
  };

  function attach(form) {
    var unit = new Autosave(form);
    units.push(unit);
    return unit;
  }

  // New note segments: a copy of the template with a fresh client id.
  var template = root.querySelector("template[data-note-template]");
  function addNote(container, rq, clientId) {
    var html = template.innerHTML.replace(/__CLIENT__/g, clientId || newClientId()).replace(/__RQ__/g, rq || "");
    container.insertAdjacentHTML("beforeend", html);
    var form = container.lastElementChild;
    if (!rq) {
      var rqInput = form.querySelector("input[name=round_question]");
      if (rqInput) { rqInput.remove(); }
    }
    return attach(form);
  }
  root.querySelectorAll("[data-add-note]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var card = button.closest(".q");
      var unit = addNote(card.querySelector("[data-notes]"), button.getAttribute("data-add-note"));
      unit.form.querySelector("textarea").focus();
    });
  });

  // The evidence note is required for a 1 or a 5 (the server checks it too).
  function syncEvidence(row) {
    var checked = row.querySelector(".pip input:checked");
    var evidence = row.querySelector("[data-evidence]");
    if (evidence) { evidence.required = !!checked && (checked.value === "1" || checked.value === "5"); }
  }
  root.querySelectorAll(".score-row").forEach(function (row) {
    syncEvidence(row);
    row.addEventListener("change", function () { syncEvidence(row); });
  });

  root.querySelectorAll("form[data-autosave]").forEach(attach);

  // Texts that did not reach the server last time (closed tab, no network) come back and are sent again.
  var pending = loadPending();
  Object.keys(pending).forEach(function (key) {
    var entry = pending[key];
    var unit = units.filter(function (u) { return u.key() === key; })[0];
    if (!unit && key.indexOf("note:") === 0) {
      var rq = new URLSearchParams(entry.body).get("round_question") || "";
      var card = rq ? root.querySelector(".q[data-rq='" + rq + "']") : root.querySelector("#q-free");
      if (card) { unit = addNote(card.querySelector("[data-notes]"), rq, key.slice(5)); }
    }
    if (!unit) { delete pending[key]; storePending(pending); return; }  // e.g. the scorecard was submitted since
    unit.restore(entry.body);
    if (unit.body() !== unit.lastSent) { unit.later(0); } else { unit.forget(); }
  });

  window.addEventListener("online", function () {
    units.forEach(function (unit) { if (unit.failed) { unit.retryMs = RETRY_MIN_MS; unit.later(0); } });
  });
  // Leaving the page (app switch, screen off): hand unsaved text to the browser to deliver.
  window.addEventListener("pagehide", function () {
    units.forEach(function (unit) {
      if (unit.submitting || !unit.dirty() || !navigator.sendBeacon) { return; }
      var body = unit.body();
      unit.remember(body);
      navigator.sendBeacon(unit.url, new Blob([body], { type: "application/x-www-form-urlencoded" }));
    });
  });
})();
