// Fieldwork without a signal, on the pages: "Make this audit available offline", answers,
// notes and photos kept on the phone while there is no network (shown as waiting, counted in
// the header), sent when it returns, conflicts to choose, and nothing left behind for the next
// person who signs in on this browser. Every page works without this file.
(function () {
  "use strict";
  var S = window.OfflineStore;
  if (!S || !("indexedDB" in window) || !window.crypto || !window.crypto.subtle) { return; }
  var state = { me: "", csrf: "", page: null, audits: {}, items: [], blocked: null };
  var loaded = Promise.resolve(); // the state read from IndexedDB at start
  // The words come from the page, in its language (templates/_script_words.html).
  var T = words();
  var BADGES = { waiting: T.waiting_badge, conflict: T.conflict_badge, held: T.held_badge,
    refused: T.held_badge };
  var WORDS = { compliant: T.compliant, partial: T.partial, non_compliant: T.non_compliant,
    not_applicable: T.not_applicable, "": T.unanswered };

  function words() {
    var block = document.getElementById("script-words");
    return block ? JSON.parse(block.textContent) : {};
  }

  // A phrase with its %(name)s placeholders filled; a plural phrase is [one, other].
  function w(key, values, count) {
    var text = T[key] || key;
    if (Array.isArray(text)) { text = text[count === 1 ? 0 : 1]; }
    return text.replace(/%\((\w+)\)s/g, function (all, name) {
      return values && name in values ? String(values[name]) : all;
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function time(iso) {
    var lang = (document.documentElement.lang || "").replace("_", "-") || [];
    return iso ? new Date(iso).toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" }) : "";
  }

  function plural(n, key, values) { return w(key, Object.assign({ num: n }, values), n); }

  function mine() {
    return state.items.filter(function (i) { return i.user === state.me; });
  }

  function load() {
    return Promise.all([S.all("audits"), S.all("items"), S.get("meta", "blocked")]).then(function (r) {
      var before = state.items;
      state.audits = {};
      r[0].forEach(function (a) { if (a.user === state.me) { state.audits[a.ref] = a; } });
      state.items = r[1];
      state.blocked = r[2] || null;
      render();
      if (navigator.onLine && settled(before, state.items)) { soon(refreshPage); }
    });
  }

  // Some waiting item was sent (here, in another tab or by the service worker): applied,
  // or come back as a conflict or held.
  function settled(before, after) {
    var now = {};
    after.forEach(function (i) { now[i.id] = i.status; });
    return before.some(function (i) { return i.status === "waiting" && now[i.id] !== "waiting"; });
  }

  var timer = null;
  function soon(work) {
    window.clearTimeout(timer);
    timer = window.setTimeout(work, 500);
  }

  // -- what the person sees ------------------------------------------------------------

  function counter() {
    var items = mine();
    var waiting = function (kind) {
      return items.filter(function (i) { return i.kind === kind && i.status === "waiting"; }).length;
    };
    var parts = [];
    var answers = waiting("answer"), notes = waiting("note"), photos = waiting("photo");
    if (answers) { parts.push(plural(answers, "answers")); }
    if (notes) { parts.push(plural(notes, "notes")); }
    if (photos) { parts.push(plural(photos, "photos")); }
    var text = parts.length ? w("waiting", { list: parts.join(", ") }) : "";
    var choose = items.filter(function (i) { return i.status === "conflict"; }).length;
    var kept = items.filter(function (i) { return i.status === "held" || i.status === "refused"; }).length;
    if (choose) { text += (text ? " · " : "") + plural(choose, "to_choose"); }
    if (kept) { text += (text ? " · " : "") + plural(kept, "kept_count"); }
    if (text && state.blocked && state.blocked.signedOut) { text += " · " + w("sign_in_again"); }
    else if (text && !navigator.onLine) { text += " · " + w("no_connection"); }
    var box = document.getElementById("offline-count");
    if (!box) { return; }
    box.hidden = !text;
    box.textContent = text;
  }

  function decorate() {
    document.querySelectorAll(".offline-status, .badge.waiting").forEach(function (n) { n.remove(); });
    if (!state.page) { return; }
    mine().forEach(function (item) {
      if (item.audit !== state.page.audit) { return; }
      var li = document.getElementById("c-" + item.criterion);
      if (!li) { return; }
      li.appendChild(statusLine(item)); // under the criterion's line (folded once answered)
      var badges = li.querySelector(".badges");
      if (badges && !badges.querySelector(".badge.waiting")) {
        badges.appendChild(el("span", { "class": "badge waiting" }, BADGES[item.status]));
      }
      if (item.kind !== "photo" && item.status === "waiting") { pressed(li, item.result); }
    });
  }

  function pressed(li, result) {
    li.querySelectorAll("button.result").forEach(function (b) {
      b.setAttribute("aria-pressed", b.value === result ? "true" : "false");
    });
    var save = li.querySelector("button.save-note");
    if (save && result) { save.value = result; save.hidden = false; }
    var badge = li.querySelector(".badges .badge:not(.must):not(.files):not(.waiting)");
    if (badge && result) { badge.textContent = WORDS[result].toLowerCase(); }
    if (li.dataset.tags) { // answered here: its note is offered, as after a save online
      li.dataset.tags = li.dataset.tags.split(" ").filter(function (t) { return t !== "unanswered"; }).join(" ");
    }
  }

  function size(bytes) {
    return bytes < 1048576 ? Math.max(1, Math.round(bytes / 1024)) + " KB" : (bytes / 1048576).toFixed(1) + " MB";
  }

  function what(item) {
    if (item.kind === "photo") {
      var shown = { name: item.photo.name, size: size(item.photo.size) };
      if (!item.sent) { return w("photo", shown); }
      shown.percent = Math.round(100 * item.sent / item.photo.size) + "%";
      return w("photo_sent", shown);
    }
    if (item.kind === "note") { return w("the_note", { note: item.note }); }
    return answered(item.result, item.note);
  }

  function answered(result, note) {
    return note ? w("with_note", { result: WORDS[result || ""], note: note }) : WORDS[result || ""];
  }

  function statusLine(item) {
    var box = el("div", { "class": "offline-status " + item.status, "data-item": String(item.id) });
    var given = time(item.givenAt);
    if (item.status === "waiting") {
      box.appendChild(el("p", { role: "status" }, w("waiting_line", { what: what(item), time: given })));
    } else if (item.status === "conflict") {
      conflictBox(box, item, given);
    } else {
      box.setAttribute("role", "alert");
      box.appendChild(el("p", {}, w("held_line", { what: what(item), time: given, reason: item.reason })));
      box.appendChild(el("button", { type: "button", "class": "secondary", "data-drop": String(item.id) }, w("remove")));
    }
    return box;
  }

  function conflictBox(box, item, given) {
    var s = item.server || {};
    box.setAttribute("role", "alert");
    box.appendChild(el("p", {}, w("conflict_line")));
    box.appendChild(el("p", {}, w("now_line", { what: answered(s.result, s.note), by: s.by || w("someone"),
      time: time(s.at) })));
    box.appendChild(el("p", {}, w("yours_line", { what: what(item), time: given })));
    box.appendChild(el("button", { type: "button", "data-mine": String(item.id) }, w("keep_mine")));
    box.appendChild(el("button", { type: "button", "class": "secondary", "data-drop": String(item.id) }, w("keep_theirs")));
  }

  function offlineSection() {
    var section = document.querySelector("[data-offline-audit]");
    if (!section) { return; }
    section.hidden = false;
    var kept = state.audits[section.dataset.offlineAudit];
    var note = section.querySelector("#offline-state");
    if (kept && !note.dataset.busy) {
      note.textContent = w("available", { pages: plural(kept.urls.length - 1, "category_pages"),
        time: time(kept.savedAt) });
      section.querySelector("#make-offline").textContent = w("keep_up_to_date");
    }
  }

  function render() { counter(); decorate(); offlineSection(); }

  function say(text) {
    var box = document.getElementById("offline-alert");
    if (!box) {
      box = el("p", { id: "offline-alert", "class": "refusal", role: "alert", tabindex: "-1" });
      var main = document.getElementById("main");
      main.insertBefore(box, main.firstChild);
    }
    box.textContent = text;
    box.focus();
  }

  function quota(error) {
    var full = error && (error.name === "QuotaExceededError" || /quota/i.test(String(error.message)));
    if (!full) { say(w("not_kept", { why: error && error.message || w("browser_refused") })); return; }
    var room = navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : Promise.resolve(null);
    room.then(function (e) {
      var used = e ? w("used", { used: Math.round(e.usage / 1048576), quota: Math.round(e.quota / 1048576) }) : "";
      say(w("no_room", { used: used }));
    });
  }

  // -- keeping what is given offline --------------------------------------------------

  // Offline, every answer and photo of a category page is taken here (kept when its audit was
  // made available offline, else refused plainly); online too while items of the audit wait,
  // so that they are sent in the order they were given.
  function keepsOffline(form) {
    if (!state.page || !form.matches || !form.matches("form.answer-form, form.evidence-form")) { return false; }
    var waiting = mine().some(function (i) { return i.status === "waiting" && i.audit === state.page.audit; });
    return !navigator.onLine || (waiting && state.audits[state.page.audit]);
  }

  function base(form) {
    return { key: crypto.randomUUID(), user: state.me, audit: state.page.audit,
      criterion: form.closest("li.criterion").id.slice(2), page: location.pathname,
      auditVersion: state.page.version, seen: state.page.seen, givenAt: new Date().toISOString(),
      status: "waiting" };
  }

  function answerItem(form, submitter) {
    var item = base(form);
    var on = form.querySelector("button.result[aria-pressed=true]");
    var before = on ? on.value : "";
    var result = submitter && submitter.name === "result" && submitter.value ? submitter.value : before;
    if (!result) { say(w("result_first")); return null; }
    var earlier = mine().filter(function (i) {
      return i.status === "waiting" && i.audit === item.audit && i.criterion === item.criterion && i.kind !== "photo";
    })[0];
    item.kind = result === before ? "note" : "answer";
    item.result = result;
    item.note = form.querySelector("textarea[name=note]").value;
    item.readAt = earlier ? earlier.readAt : form.querySelector("input[name=seen]").value;
    return Promise.resolve([item]);
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function photoItems(form) {
    var files = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.push.apply(files, input.files);
    });
    if (!files.length) { return null; }
    return Promise.all(files.map(function (file) {
      return file.arrayBuffer().then(function (data) {
        return crypto.subtle.digest("SHA-256", data);
      }).then(function (digest) {
        var item = base(form);
        item.kind = "photo";
        item.photo = { blob: file, name: file.name, type: file.type, size: file.size, sha256: hex(digest) };
        return item;
      });
    })).then(function (items) {
      form.querySelectorAll("input[type=file]").forEach(function (input) { input.value = ""; });
      return items;
    });
  }

  function roomFor(items) {
    var size = items.reduce(function (n, i) { return n + (i.photo ? i.photo.size : 2048); }, 0);
    if (!navigator.storage || !navigator.storage.estimate) { return Promise.resolve(items); }
    return navigator.storage.estimate().then(function (e) {
      if (e.quota && e.usage + size > e.quota) {
        var error = new Error("quota");
        error.name = "QuotaExceededError";
        throw error;
      }
      return items;
    });
  }

  function keep(form, submitter) {
    if (!state.audits[state.page.audit]) {
      say(w("offline_first"));
      return;
    }
    var making = form.classList.contains("answer-form") ? answerItem(form, submitter) : photoItems(form);
    if (!making) { return; }
    making.then(roomFor).then(function (items) {
      return items.reduce(function (done, item) {
        return done.then(function () { return S.put("items", item); });
      }, Promise.resolve());
    }).then(function () {
      var details = form.closest("details.crit");
      if (details && form.classList.contains("answer-form")) { details.open = false; }
      S.changed();
      return load();
    }).then(function () {
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then(function (r) {
          return r.sync ? r.sync.register("send-waiting") : null;
        }).catch(function () { return null; });
      }
      if (navigator.onLine) { send(); }
    }, quota);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!keepsOffline(form)) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var submitter = event.submitter;
    loaded.then(function () { keep(form, submitter); });
  }, true);

  // A signal the phone believes in but that carries nothing: the save never reached the
  // server, so it is kept like an offline one (or said plainly), never dropped in silence.
  document.addEventListener("htmx:sendError", function (event) {
    var elt = event.detail && event.detail.elt;
    var form = elt && elt.closest ? elt.closest("form.answer-form, form.evidence-form") : null;
    if (!form || !state.page) { return; }
    var config = event.detail.requestConfig;
    var submitter = config && config.triggeringEvent ? config.triggeringEvent.submitter : null;
    loaded.then(function () { keep(form, submitter); });
  });

  // -- sending, and what comes back ---------------------------------------------------

  var sending = null;
  function send() {
    if (sending || !state.me) { return sending; }
    sending = S.sendWaiting().then(function () {
      sending = null;
      return load();
    }, function () { sending = null; });
    return sending;
  }

  // After items were applied: the category as the server has it now, and fresh offline copies.
  function refreshPage(tries) {
    Object.keys(state.audits).forEach(function (ref) {
      caches.open(S.PAGES).then(function (c) { return c.addAll(state.audits[ref].urls); }).catch(function () { return null; });
    });
    var body = document.getElementById("category-body");
    if (!body) { return null; }
    return fetch(location.pathname, { credentials: "same-origin" }).then(function (r) {
      return r.ok ? r.text() : null;
    }).then(function (html) {
      if (!html) { return; }
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("category-body");
      if (!fresh) { return; }
      body.innerHTML = fresh.innerHTML;
      if (window.htmx) { window.htmx.process(body); }
      render();
    }).catch(function () {
      // The signal came back unsteady: try again a few times rather than show a stale page.
      if ((tries || 0) < 5 && navigator.onLine) {
        window.setTimeout(function () { refreshPage((tries || 0) + 1); }, 1000);
      }
    });
  }

  function choose(event) {
    var mineButton = event.target.closest("[data-mine]");
    var drop = event.target.closest("[data-drop]");
    if (!mineButton && !drop) { return; }
    var id = Number((mineButton || drop).dataset.mine || (mineButton || drop).dataset.drop);
    var item = state.items.filter(function (i) { return i.id === id; })[0];
    if (!item) { return; }
    var done = drop ? S.remove("items", id) : S.put("items", Object.assign(item, {
      status: "waiting", readAt: item.server && item.server.at || item.readAt, server: null }));
    done.then(load).then(function () { return navigator.onLine ? send() : null; }).then(function () {
      if (drop && navigator.onLine) { return refreshPage(); }
    });
  }

  // -- making an audit available offline ----------------------------------------------

  function makeAvailable(section) {
    var ref = section.dataset.offlineAudit;
    var prefix = "/audits/" + ref + "/categories/";
    var urls = ["/audits/" + ref];
    document.querySelectorAll("a[href^='" + prefix + "']").forEach(function (a) {
      var url = a.getAttribute("href").split("#")[0];
      if (urls.indexOf(url) < 0) { urls.push(url); }
    });
    var note = section.querySelector("#offline-state");
    note.dataset.busy = "1";
    note.textContent = w("keeping", { pages: plural(urls.length, "pages") });
    if (navigator.storage && navigator.storage.persist) { navigator.storage.persist(); }
    navigator.serviceWorker.ready.then(function () {
      return caches.open(S.PAGES);
    }).then(function (cache) { return cache.addAll(urls); }).then(function () {
      return S.put("audits", { ref: ref, user: state.me, urls: urls, version: section.dataset.version,
        seen: section.dataset.seen, savedAt: new Date().toISOString() });
    }).then(function () {
      delete note.dataset.busy;
      return load();
    }).catch(function (error) { delete note.dataset.busy; note.textContent = ""; quota(error); });
  }

  // -- signing out, or another person signing in --------------------------------------

  function warn(form, text, label, go) {
    var old = document.getElementById("offline-warning");
    if (old) { old.remove(); }
    var box = el("div", { id: "offline-warning", "class": "offline-warning", role: "alert" });
    box.appendChild(el("p", {}, text));
    var yes = el("button", { type: "button", id: "offline-warning-go" }, label);
    var no = el("button", { type: "button", "class": "secondary" }, w("cancel"));
    yes.addEventListener("click", function () { S.clearAll().then(function () { go(); }); });
    no.addEventListener("click", function () { box.remove(); });
    box.appendChild(yes);
    box.appendChild(no);
    var main = document.getElementById("main");
    main.insertBefore(box, main.firstChild);
    yes.focus();
  }

  function guardSignOut(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.signout")) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var out = function () { HTMLFormElement.prototype.submit.call(form); };
    S.all("items").then(function (items) {
      var unsent = items.filter(function (i) { return i.user === state.me; });
      if (!unsent.length) { S.clearAll().then(out, out); return; }
      warn(form, plural(unsent.length, "unsent_out"), w("sign_out_delete"), out);
    }, out);
  }

  function guardSignIn(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[action='/sign-in']") || form.dataset.checked) { return; }
    event.preventDefault();
    var email = (form.querySelector("[name=email]").value || "").trim().toLowerCase();
    var go = function () { form.dataset.checked = "1"; HTMLFormElement.prototype.submit.call(form); };
    S.all("items").then(function (items) {
      var others = items.filter(function (i) { return i.user !== email; });
      if (!others.length) { go(); return; }
      warn(form, plural(others.length, "unsent_in", { person: others[0].user, email: email }),
        w("sign_in_delete"), go);
    }, go);
  }

  // -- start ------------------------------------------------------------------------------

  function session() {
    var headers = document.body.getAttribute("hx-headers");
    state.me = document.body.dataset.user || "";
    state.csrf = headers ? JSON.parse(headers)["X-CSRF-Token"] : "";
    var page = document.querySelector("[data-offline-page]");
    state.page = page ? { audit: page.dataset.offlinePage, version: page.dataset.version, seen: page.dataset.seen } : null;
    if (!state.me) { return Promise.resolve(); }
    return S.get("meta", "session").then(function (known) {
      // Another person signed in here (warned on the sign-in page): their data goes.
      var other = known && known.user !== state.me ? S.clearAll() : Promise.resolve();
      return other.then(function () {
        // notKept: what the service worker answers, offline, for a page not kept (in words of
        // the person's language: the worker has no page to read them from).
        return S.put("meta", { name: "session", user: state.me, csrf: state.csrf, notKept: w("not_kept_page") });
      }).then(function () { return S.remove("meta", "blocked"); });
    });
  }

  function start() {
    if (navigator.serviceWorker) {
      navigator.serviceWorker.register("/sw.js").catch(function () { return null; });
    }
    var section = document.querySelector("[data-offline-audit]");
    if (section) {
      section.querySelector("#make-offline").addEventListener("click", function () { makeAvailable(section); });
    }
    document.addEventListener("click", choose);
    document.addEventListener("submit", guardSignOut, true);
    document.addEventListener("submit", guardSignIn, true);
    window.addEventListener("online", function () { load().then(send); });
    window.addEventListener("offline", counter);
    if (S.channel) { S.channel.onmessage = function () { load(); }; }
    loaded = session().then(load);
    loaded.then(function () { return navigator.onLine ? send() : null; }).catch(quota);
  }

  document.addEventListener("DOMContentLoaded", start);
}());
