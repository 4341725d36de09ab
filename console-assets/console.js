// The console's only script: the live queue (server-sent events) and keeping what an officer typed
// when the session ran out, so nothing of an action in progress is lost across signing in again.
(function () {
  'use strict';
  var rows = document.getElementById('queue-rows');
  if (rows && window.EventSource) {
    var refresh = function () {
      // The page's own filters (a district, a center) ride on the fragment's address.
      fetch(rows.getAttribute('data-fragment') || '/console/fragments/queue', { credentials: 'same-origin' }).then(function (r) {
        if (r.status === 401) { location.reload(); return null; }
        var total = document.getElementById('queue-total');
        if (r.ok && total && r.headers.get('x-queue-total')) total.textContent = decodeURIComponent(r.headers.get('x-queue-total'));
        return r.ok ? r.text() : null;
      }).then(function (html) { if (html !== null && html !== undefined) rows.innerHTML = html; });
    };
    var es = new EventSource(rows.getAttribute('data-live'));
    es.addEventListener('change', refresh);
    es.addEventListener('error', function () { setTimeout(refresh, 2000); });
  }

  var KEY = 'husec-console-draft:' + location.pathname;
  var forms = document.querySelectorAll('form[data-keep]');
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { saved = null; }
  if (saved) {
    var f = document.getElementById(saved.form);
    if (f) {
      Object.keys(saved.fields).forEach(function (name) {
        var el = f.elements.namedItem(name);
        if (el && el.type !== 'hidden') el.value = saved.fields[name];
      });
      var note = document.getElementById('restored');
      if (note) note.hidden = false;
      var first = f.querySelector('textarea, input:not([type=hidden]), select');
      if (first) first.focus();
    }
    sessionStorage.removeItem(KEY);
  }
  // A photo form: sent as multipart by the script too, so an expired session sends the officer to sign
  // in and back to this case (a chosen file cannot be kept across pages: it is chosen again).
  Array.prototype.forEach.call(document.querySelectorAll('form[data-upload]'), function (f) {
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var button = f.querySelector('button');
      if (button) button.disabled = true;
      fetch(f.getAttribute('action'), { method: 'POST', body: new FormData(f), credentials: 'same-origin', headers: { 'x-return-to': location.pathname } }).then(function (r) {
        if (r.status === 401) return r.json().then(function (j) { location.href = j.signIn; });
        if (r.redirected) { location.href = r.url; return; }
        return r.text().then(function (html) { document.open(); document.write(html); document.close(); });
      }).catch(function () { if (button) button.disabled = false; });
    });
  });

  Array.prototype.forEach.call(forms, function (f) {
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var body = new URLSearchParams(new FormData(f));
      // an input named 'action' shadows form.action, so read the attribute
      fetch(f.getAttribute('action'), { method: 'POST', body: body, credentials: 'same-origin', headers: { 'x-return-to': location.pathname } }).then(function (r) {
        if (r.status === 401) {
          var fields = {};
          new FormData(f).forEach(function (v, k) { fields[k] = String(v); });
          sessionStorage.setItem(KEY, JSON.stringify({ form: f.id, fields: fields }));
          return r.json().then(function (j) { location.href = j.signIn; });
        }
        if (r.redirected) { location.href = r.url; return; }
        return r.text().then(function (html) { document.open(); document.write(html); document.close(); });
      });
    });
  });
})();
