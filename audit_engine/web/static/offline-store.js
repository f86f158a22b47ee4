// What the phone keeps while it has no signal, and the sender that empties it when the network
// returns. Shared by the pages (offline.js) and the service worker (sw.js, Background Sync).
// IndexedDB "audit-engine-offline":
//   items  (auto id: the order they were given) answers, notes and photos waiting to send,
//          each with the audit version and trail position its page was read at;
//   audits (by audit id) the audits the person made available offline, and their pages;
//   meta   (by name) "session": who is signed in and the CSRF token the sender needs.
(function (scope) {
  "use strict";

  var DB = "audit-engine-offline";
  var PAGES = "audit-engine-pages";
  var CHUNK = 512 * 1024; // within the body cap of a page's request
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(DB) : null;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("items", { keyPath: "id", autoIncrement: true });
        db.createObjectStore("audits", { keyPath: "ref" });
        db.createObjectStore("meta", { keyPath: "name" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // One request in its own transaction; resolves when the transaction committed.
  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var request = work(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onabort = tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all(store) { return run(store, "readonly", function (s) { return s.getAll(); }); }
  function get(store, key) { return run(store, "readonly", function (s) { return s.get(key); }); }
  function put(store, value) { return run(store, "readwrite", function (s) { return s.put(value); }); }
  function remove(store, key) { return run(store, "readwrite", function (s) { return s.delete(key); }); }

  function changed() { if (channel) { channel.postMessage("changed"); } }

  // Everything kept on this device: items, audits, the pages' copies (sign-out, another person).
  function clearAll() {
    return Promise.all(["items", "audits", "meta"].map(function (store) {
      return run(store, "readwrite", function (s) { return s.clear(); });
    })).then(function () {
      return typeof caches === "undefined" ? null : caches.delete(PAGES);
    }).then(changed);
  }

  function form(fields) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    return body;
  }

  // A request of the sender: null when the network failed; {signedOut} when the session is gone.
  function call(url, options, csrf, key) {
    options.credentials = "same-origin";
    options.redirect = "manual";
    options.headers = { "X-CSRF-Token": csrf, "Accept": "application/json" };
    if (key) { options.headers["Idempotency-Key"] = key; }
    return fetch(url, options).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        return { signedOut: true };
      }
      var type = response.headers.get("content-type") || "";
      if (type.indexOf("application/json") < 0) { return { outcome: "busy" }; }
      return response.json();
    }, function () { return null; });
  }

  function sendAnswer(item, csrf) {
    var url = "/offline/audits/" + encodeURIComponent(item.audit) + "/answers/" +
      encodeURIComponent(item.criterion);
    return call(url, { method: "POST", body: form({
      result: item.result, note: item.note, read_at: item.readAt, given_at: item.givenAt }) },
      csrf, item.key);
  }

  // A photo: described, then chunk after chunk from where the server says it stands, then
  // finished (SHA-256 checked there). A finish whose answer was lost is asked again first.
  function sendPhoto(item, csrf) {
    var base = "/offline/uploads/" + item.key;
    var finish = function () {
      item.finishing = true;
      return put("items", item).then(function () {
        return call(base + "/finish", { method: "POST", body: form({ given_at: item.givenAt }) },
          csrf, item.key);
      });
    };
    var chunks = function (offset) {
      if (offset >= item.photo.size) { return finish(); }
      var piece = item.photo.blob.slice(offset, offset + CHUNK);
      return call(base + "?offset=" + offset, { method: "PUT", body: piece }, csrf).then(function (r) {
        if (!r || r.signedOut || r.offset === undefined) { return r; }
        item.sent = r.offset;
        changed();
        return chunks(r.offset);
      });
    };
    var start = function () {
      var p = item.photo;
      return call(base, { method: "POST", body: form({ audit: item.audit, criterion: item.criterion,
        name: p.name, size: String(p.size), sha256: p.sha256 }) }, csrf).then(function (r) {
        return r && r.outcome === "started" ? chunks(r.offset) : r;
      });
    };
    if (!item.finishing) { return start(); }
    return finish().then(function (r) {
      return r && r.outcome === "resume" ? start() : r;
    });
  }

  // The item's outcome kept: gone when applied; a conflict, held or refused item stays, shown
  // with the server's side or the reason. Returns false when sending should stop for now.
  function settle(item, outcome, later) {
    if (!outcome || outcome.signedOut || outcome.outcome === "busy") {
      return put("meta", { name: "blocked", signedOut: !!(outcome && outcome.signedOut) })
        .then(function () { return false; });
    }
    if (outcome.outcome === "conflict" && sameAsServer(item, outcome.server)) {
      outcome = { outcome: "applied", at: outcome.server.at }; // our own earlier send won
    }
    if (outcome.outcome === "applied") {
      return Promise.all(later.filter(function (other) {
        return other.audit === item.audit && other.criterion === item.criterion && other.kind !== "photo";
      }).map(function (other) { other.readAt = outcome.at || ""; return put("items", other); }))
        .then(function () { return remove("items", item.id); })
        .then(function () { return true; });
    }
    if (outcome.again) { // arrived damaged: sent again from the start, under a new key
      item.key = scope.crypto.randomUUID();
      item.finishing = false;
      outcome = { outcome: "resume" };
    }
    item.status = outcome.outcome === "resume" ? "waiting" : outcome.outcome;
    item.server = outcome.server || null;
    item.reason = outcome.reason || "";
    return put("items", item).then(function () { return outcome.outcome !== "resume"; });
  }

  function sameAsServer(item, server) {
    return item.kind !== "photo" && server && server.result === item.result &&
      (server.note || "") === (item.note || "");
  }

  function sendRound() {
    return get("meta", "session").then(function (session) {
      if (!session) { return { sent: 0 }; }
      return all("items").then(function (items) {
        var waiting = items.filter(function (i) { return i.status === "waiting" && i.user === session.user; });
        var sent = 0;
        var next = function (index) {
          if (index >= waiting.length) {
            return remove("meta", "blocked").then(function () { return { sent: sent }; });
          }
          var item = waiting[index];
          var sending = item.kind === "photo" ? sendPhoto(item, session.csrf) : sendAnswer(item, session.csrf);
          return sending.then(function (outcome) {
            if (outcome && outcome.outcome === "applied") { sent += 1; }
            return settle(item, outcome, waiting.slice(index + 1));
          }).then(function (goOn) {
            changed();
            return goOn ? next(index + 1) : { sent: sent, stopped: true };
          });
        };
        return next(0);
      });
    });
  }

  // One sender at a time across the pages and the service worker.
  function sendWaiting() {
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request("audit-engine-send", sendRound);
    }
    return sendRound();
  }

  scope.OfflineStore = {
    PAGES: PAGES, all: all, get: get, put: put, remove: remove, clearAll: clearAll,
    sendWaiting: sendWaiting, channel: channel, changed: changed
  };
}(self));
