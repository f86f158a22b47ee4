// Small progressive enhancements; every page works without this file.
// No inline script anywhere: the Content-Security-Policy allows scripts from /static only.
(function () {
  "use strict";

  // Drag and drop onto an evidence form: the dropped files go into its file input.
  function wireDropZones(root) {
    root.querySelectorAll("[data-dropzone]").forEach(function (zone) {
      if (zone.dataset.wired) { return; }
      zone.dataset.wired = "1";
      var input = zone.querySelector("input[type=file]");
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.add("dragging");
        });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (input && event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
  }

  // Filter the criteria list by a select (unanswered, failed, must without evidence).
  function wireFilters(root) {
    root.querySelectorAll("[data-filter-target]").forEach(function (select) {
      if (select.dataset.wired) { return; }
      select.dataset.wired = "1";
      select.addEventListener("change", function () {
        var list = document.getElementById(select.dataset.filterTarget);
        if (!list) { return; }
        var wanted = select.value;
        list.querySelectorAll("[data-tags]").forEach(function (item) {
          var tags = item.dataset.tags.split(" ");
          item.hidden = wanted !== "all" && tags.indexOf(wanted) < 0;
        });
      });
    });
  }

  // A form refused by the server comes back with the reason next to it: bring it into view.
  function showRefusal() {
    var refusal = document.querySelector("main .refusal[role=alert]");
    if (refusal) { refusal.focus(); }
  }

  // A long step (close, import, archive): its button is disabled at once and a status line
  // says what is happening, so a step of many seconds never looks frozen or gets clicked twice.
  function busy(form, text) {
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    var note = form.querySelector(".busy") || document.createElement("p");
    note.className = "busy";
    note.setAttribute("role", "status");
    note.textContent = text;
    form.appendChild(note);
  }

  function wireBusy(root) {
    root.querySelectorAll("form[data-busy]").forEach(function (form) {
      if (form.dataset.busyWired) { return; }
      form.dataset.busyWired = "1";
      form.addEventListener("submit", function () { busy(form, form.dataset.busy); });
    });
    root.querySelectorAll("a[data-busy]").forEach(function (link) {
      if (link.dataset.busyWired) { return; }
      link.dataset.busyWired = "1";
      link.addEventListener("click", function () {
        // A download leaves the page in place: one note per link, however often it is tapped.
        var next = link.nextElementSibling;
        var note = next && next.classList.contains("busy") ? next : document.createElement("span");
        note.className = "busy";
        note.setAttribute("role", "status");
        note.textContent = " " + link.dataset.busy;
        link.after(note);
      });
    });
  }

  // htmx answered (a refusal shown in place): the button may be pressed again.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-busy]") : null;
    if (!form) { return; }
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = false; }
    var note = form.querySelector(".busy");
    if (note) { note.remove(); }
  });

  function wire(root) { wireDropZones(root); wireFilters(root); wireBusy(root); }
  // "Save as <result>", in the page's language (templates/_script_words.html).
  function saveAs(result) {
    var block = document.getElementById("script-words");
    var text = block ? JSON.parse(block.textContent).save_as : "Save as %(result)s";
    return text.replace("%(result)s", result);
  }

  // One tap answers: a result that needs a note (data-rule) and has none opens the note with
  // the service's rule instead of saving; the note is saved by its button or on leaving it.
  function noteFirst(event) {
    var saving = event.target.closest("button.save-note");
    if (saving && saving.form) { delete saving.form.dataset.pending; return; }
    var button = event.target.closest("button.result[data-rule]");
    if (!button) { return; }
    var form = button.form;
    var note = form.querySelector("textarea[name=note]");
    if (note && note.value.trim()) { return; }
    event.preventDefault();
    event.stopPropagation();
    var area = form.querySelector(".note");
    var save = form.querySelector("button.save-note");
    area.classList.add("open");
    form.querySelector(".rule").textContent = button.dataset.rule;
    save.value = button.value;
    save.textContent = saveAs(button.textContent.trim());
    save.hidden = false;
    form.dataset.pending = button.value;
    note.focus();
  }

  // A note typed after choosing such a result is saved when the auditor moves on.
  function saveNoteOnLeave(event) {
    var note = event.target;
    if (note.name !== "note" || !note.form || !note.form.dataset.pending) { return; }
    if (!note.value.trim()) { return; }
    var form = note.form;
    // Wait a moment: leaving the note by tapping its Save button saves once, not twice.
    window.setTimeout(function () {
      if (!form.dataset.pending || !form.isConnected) { return; }
      delete form.dataset.pending;
      form.querySelector("button.save-note").click();
    }, 300);
  }

  // A photo taken or files chosen are sent at once (the Upload button is for pages without
  // script).
  function sendChosenFiles(event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-autosend]")) { return; }
    if (!input.files.length) { return; }
    var send = input.form.querySelector("button.send-files");
    if (send) { send.click(); }
  }

  document.documentElement.classList.add("js");
  document.addEventListener("click", noteFirst, true);
  document.addEventListener("change", saveNoteOnLeave);
  document.addEventListener("change", sendChosenFiles);
  document.addEventListener("DOMContentLoaded", function () { wire(document); showRefusal(); });
  document.addEventListener("htmx:load", function (event) { wire(event.target); });
}());
