/* 智聘 HR portal: the little behaviour that plain HTML lacks. Everything works without it. */
(function () {
  "use strict";

  // Logging out forgets the interview-room drafts kept on this device for retry (candidate notes and scores).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-logout]")) { return; }
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf("hrportal.room.") === 0) { window.localStorage.removeItem(key); }
      });
    } catch (e) { /* storage unavailable: nothing was kept */ }
  });

  // A submit button (or form) with data-confirm asks first: irreversible actions such as closing a payroll
  // month. Without JavaScript the form submits as it would anyway.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.getAttribute && button.getAttribute("data-confirm")) ||
      (event.target.getAttribute && event.target.getAttribute("data-confirm"));
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Polling elements marked data-poll-visible skip their request while the tab is hidden (instead of an
  // hx-trigger filter expression, which htmx would have to eval: the Content-Security-Policy forbids eval).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var el = event.detail && event.detail.elt;
    if (el && el.hasAttribute && el.hasAttribute("data-poll-visible") && document.visibilityState !== "visible") {
      event.preventDefault();
    }
  });

  // A board move the server could not answer (5xx, network down): say so on the card instead of nothing.
  // The text comes translated from the board's data-move-failed; refusals (409) come back as the card.
  function moveFailed(event) {
    var el = event.detail && event.detail.elt;
    var card = el && el.closest && el.closest(".appcard");
    var board = card && card.closest("[data-move-failed]");
    if (!board) { return; }
    var note = card.querySelector("[data-move-error]");
    if (!note) {
      note = document.createElement("p");
      note.className = "form-error";
      note.setAttribute("role", "alert");
      note.setAttribute("data-move-error", "");
      card.appendChild(note);
    }
    note.textContent = board.getAttribute("data-move-failed");
  }
  document.addEventListener("htmx:responseError", moveFailed);
  document.addEventListener("htmx:sendError", moveFailed);

  // <select data-autosubmit> submits its form on change (language switch, filters).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });

  // Competency-model editor: add rows from the formset's empty_form, keep a live weight total.
  function initDimensionEditor(root) {
    var rows = root.querySelector("[data-dim-rows]");
    var template = root.querySelector("template[data-dim-template]");
    var addButton = root.querySelector("[data-add-dim]");
    var totalBox = root.querySelector("[data-weight-total]");
    if (!rows || !template || !addButton) { return; }
    var prefix = addButton.getAttribute("data-prefix");
    var totalForms = root.querySelector("#id_" + prefix + "-TOTAL_FORMS");

    function renumber() {
      rows.querySelectorAll("[data-dim-row]").forEach(function (row, i) {
        var label = row.querySelector(".dim-index");
        if (label) { label.textContent = String(i + 1); }
      });
    }
    function refreshTotal() {
      if (!totalBox) { return; }
      var total = 0;
      rows.querySelectorAll("[data-dim-row]").forEach(function (row) {
        var del = row.querySelector("input[name$='-DELETE']");
        row.classList.toggle("is-deleted", !!(del && del.checked));
        if (del && del.checked) { return; }
        var weight = row.querySelector("input[name$='-weight']");
        var value = weight ? parseFloat(weight.value) : NaN;
        if (!isNaN(value)) { total += value; }
      });
      total = Math.round(total * 100) / 100;
      totalBox.querySelector("strong").textContent = String(total);
      totalBox.classList.toggle("is-ok", total === 100);
      totalBox.classList.toggle("is-bad", total !== 100);
    }
    addButton.addEventListener("click", function () {
      var index = parseInt(totalForms.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      totalForms.value = String(index + 1);
      renumber();
      refreshTotal();
      var added = rows.lastElementChild && rows.lastElementChild.querySelector("select, input:not([type=hidden])");
      if (added) { added.focus(); }
    });
    root.addEventListener("input", refreshTotal);
    root.addEventListener("change", refreshTotal);
    renumber();
    refreshTotal();
  }

  function init() {
    document.querySelectorAll("#competency-model").forEach(initDimensionEditor);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
