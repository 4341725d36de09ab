/**
 * Browser JavaScript of the chat page (plain ES2017, no modules, no dependencies). Kept free of
 * backticks and "${" so it can sit in this raw template literal unchanged.
 */
export const chatScript = String.raw`
(function () {
  'use strict';
  var S = { users: [], groups: [], chats: [], webhook: false };
  var current = null;     // { id, kind: 'user' | 'group' | 'other' }
  var lastSeq = 0;
  var lastItem = null;
  var polling = null;
  var inflight = false;
  var again = false;
  var speakerByGroup = {};  // groupId -> chosen member userId ('' = no userId)
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') e.className = attrs[k];
      else if (k === 'onclick') e.addEventListener('click', attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error(j.message || ('HTTP ' + r.status));
        return j;
      });
    });
  }

  function nameOf(userId) {
    if (!userId) return 'ไม่ทราบผู้ส่ง (no userId)';
    for (var i = 0; i < S.users.length; i++) if (S.users[i].userId === userId) return S.users[i].displayName;
    return userId.slice(0, 9) + '…';
  }
  function group() {
    if (!current || current.kind !== 'group') return null;
    for (var i = 0; i < S.groups.length; i++) if (S.groups[i].groupId === current.id) return S.groups[i];
    return null;
  }

  // ---- sidebar -------------------------------------------------------------------------------
  function refreshState() {
    return api('GET', '/__emulator/state').then(function (s) { S = s; renderSidebar(); });
  }

  function chatButton(id, kind, label, sub) {
    var b = el('button', { type: 'button', class: current && current.id === id ? 'active' : '', title: id }, label);
    if (sub) b.appendChild(el('div', { class: 'muted' }, sub));
    b.addEventListener('click', function () { select(id, kind); });
    var li = el('li'); li.appendChild(b); return li;
  }

  function renderSidebar() {
    $('bot-status').textContent = S.webhook ? 'ส่ง webhook ไปยังบอทแล้ว · connected to the bot' : 'ไม่มีบอท: บันทึกอย่างเดียว · no bot configured';
    var users = $('users'); users.textContent = '';
    S.users.forEach(function (u) { users.appendChild(chatButton(u.userId, 'user', u.displayName)); });
    if (!S.users.length) users.appendChild(el('li', { class: 'muted' }, 'ยังไม่มี — เพิ่มด้านล่าง · add one below'));
    var groups = $('groups'); groups.textContent = '';
    S.groups.forEach(function (g) {
      groups.appendChild(chatButton(g.groupId, 'group', g.name, g.members.map(function (m) { return m.displayName; }).join(', ')));
    });
    var checks = $('group-members'); var keep = {};
    Array.prototype.forEach.call(checks.querySelectorAll('input'), function (c) { keep[c.value] = c.checked; });
    checks.textContent = '';
    S.users.forEach(function (u) {
      var label = el('label');
      var box = el('input', { type: 'checkbox', value: u.userId }); box.checked = !!keep[u.userId];
      label.appendChild(box); label.appendChild(document.createTextNode(' ' + u.displayName));
      checks.appendChild(label);
    });
    var known = {}; S.users.forEach(function (u) { known[u.userId] = 1; }); S.groups.forEach(function (g) { known[g.groupId] = 1; });
    var others = $('others'); others.textContent = '';
    var rest = S.chats.filter(function (id) { return !known[id]; });
    $('others-title').hidden = !rest.length;
    rest.forEach(function (id) { others.appendChild(chatButton(id, 'other', id.slice(0, 12) + '…')); });
    renderHeader();
  }

  function renderHeader() {
    var g = group();
    $('speaker-box').hidden = !g; $('add-member-box').hidden = !g;
    if (g) {
      var sp = $('speaker'); sp.textContent = '';
      g.members.forEach(function (m) { sp.appendChild(el('option', { value: m.userId }, m.displayName)); });
      sp.appendChild(el('option', { value: '' }, '(ไม่มี userId · no userId)'));
      var chosen = speakerByGroup[g.groupId];
      sp.value = chosen !== undefined ? chosen : (g.members.length ? g.members[0].userId : '');
      var add = $('add-member'); add.textContent = ''; add.appendChild(el('option', { value: '' }, '…'));
      S.users.filter(function (u) { return !g.members.some(function (m) { return m.userId === u.userId; }); })
        .forEach(function (u) { add.appendChild(el('option', { value: u.userId }, u.displayName)); });
    }
    var canSend = !!current && current.kind !== 'other' && (current.kind === 'user' || !!g);
    $('text').disabled = !canSend; $('send').disabled = !canSend;
  }

  function select(id, kind) {
    current = { id: id, kind: kind };
    lastSeq = 0; lastItem = null;
    $('log').textContent = ''; $('quick').textContent = ''; $('location').hidden = true;
    var label = kind === 'user' ? nameOf(id) : kind === 'group' ? (group() || { name: id }).name : id;
    $('chat-title').textContent = label; $('chat-id').textContent = id;
    renderSidebar();
    poll();
    $('text').focus();
  }

  // ---- sending -------------------------------------------------------------------------------
  function speaker() {
    if (!current) return null;
    if (current.kind === 'user') return current.id;
    return $('speaker').value || null;
  }

  function send(payload) {
    if (!current || current.kind === 'other') return Promise.resolve();
    // In a group "(no userId)" sends an event without source.userId: LINE does that, and the bot must cope.
    var body = Object.assign({ chatId: current.id, userId: speaker() || undefined }, payload);
    $('quick').textContent = '';
    return api('POST', '/__emulator/send', body).then(reportWebhook, function (e) { system(e.message, true); })
      .then(function () { setTimeout(poll, 150); });
  }

  function reportWebhook(r) {
    if (r && r.webhook && (r.webhook.status < 200 || r.webhook.status > 299)) system('บอทตอบ HTTP ' + r.webhook.status + ' · the bot answered ' + r.webhook.status, true);
    if (r && r.webhook === null) system('ไม่มีบอท: ข้อความถูกบันทึกเท่านั้น · no bot configured, message only recorded');
  }

  function sendText(text) { if (text) return send({ kind: 'text', text: text }); }
  function sendPostback(data, displayText, params) {
    return send({ kind: 'postback', data: data || '', displayText: displayText || undefined, params: params });
  }

  function runAction(a) {
    if (!a) return;
    switch (a.type) {
      case 'message': return sendText(a.text);
      case 'postback': return sendPostback(a.data, a.displayText || a.text);
      case 'datetimepicker': {
        var mode = a.mode || 'datetime';
        var hint = mode === 'date' ? 'YYYY-MM-DD' : mode === 'time' ? 'HH:mm' : 'YYYY-MM-DDTHH:mm';
        var value = window.prompt((a.label || 'เลือกวันเวลา') + ' (' + hint + ')', a.initial || '');
        if (!value) return;
        var params = {}; params[mode] = value;
        return sendPostback(a.data, value, params);
      }
      case 'location': $('location').hidden = false; return;
      case 'camera': case 'cameraRoll': $('file').click(); return;
      case 'clipboard': if (navigator.clipboard) navigator.clipboard.writeText(a.clipboardText || ''); return;
      default: system('การกระทำนี้ใช้ไม่ได้ในแซนด์บ็อกซ์ · action "' + a.type + '" is not emulated');
    }
  }

  function actionEl(a, cls) {
    if (!a) return null;
    var label = a.label || a.type;
    if (a.type === 'uri') {
      var uri = String(a.uri || '');
      var href = /^(https?:|tel:)/i.test(uri) ? uri : '#';
      var link = el('a', { class: cls, href: href, target: '_blank', rel: 'noopener noreferrer', title: uri }, (/^tel:/i.test(uri) ? '📞 ' : '🔗 ') + label);
      if (href === '#') link.addEventListener('click', function (e) { e.preventDefault(); system('เปิดในแอป LINE เท่านั้น · opens only in the LINE app: ' + uri); });
      return link;
    }
    return el('button', { type: 'button', class: cls, onclick: function () { runAction(a); } }, (a.type === 'location' ? '📍 ' : a.type === 'camera' || a.type === 'cameraRoll' ? '📷 ' : '') + label);
  }

  // ---- rendering -----------------------------------------------------------------------------
  function system(text, isError) {
    var log = $('log');
    log.appendChild(el('div', { class: 'system' + (isError ? ' error' : '') }, text));
    log.scrollTop = log.scrollHeight;
  }

  function textV2(m) {
    var span = el('span');
    var sub = m.substitution || {};
    var re = /\{\{|\}\}|\{([^{}]*)\}/g; var last = 0; var match;
    var text = String(m.text || '');
    while ((match = re.exec(text))) {
      span.appendChild(document.createTextNode(text.slice(last, match.index)));
      last = re.lastIndex;
      if (match[0] === '{{' || match[0] === '}}') { span.appendChild(document.createTextNode(match[0][0])); continue; }
      var s = sub[match[1]];
      if (s && s.type === 'mention') {
        var who = s.mentionee && s.mentionee.type === 'all' ? 'All' : nameOf(s.mentionee && s.mentionee.userId);
        span.appendChild(el('span', { class: 'mention' }, '@' + who));
      } else if (s && s.type === 'emoji') span.appendChild(document.createTextNode('😊'));
      else span.appendChild(document.createTextNode(match[0]));
    }
    span.appendChild(document.createTextNode(text.slice(last)));
    return span;
  }

  function flexText(c) {
    var t = el('div', { class: 'ftext' + (c.weight === 'bold' ? ' bold' : '') });
    t.textContent = c.contents && c.contents.length ? c.contents.map(function (s) { return s.text || ''; }).join('') : (c.text || '');
    var sizes = { xxs: '11px', xs: '12px', sm: '13px', md: '15px', lg: '17px', xl: '19px', xxl: '22px', '3xl': '26px' };
    if (sizes[c.size]) t.style.fontSize = sizes[c.size];
    if (c.color) t.style.color = c.color;
    if (c.align) t.style.textAlign = c.align;
    if (c.action) { t.style.cursor = 'pointer'; t.addEventListener('click', function () { runAction(c.action); }); }
    return t;
  }

  function flexComponent(c) {
    if (!c || typeof c !== 'object') return null;
    switch (c.type) {
      case 'box': {
        var box = el('div', { class: 'box ' + (c.layout || 'vertical') });
        if (c.backgroundColor) box.style.backgroundColor = c.backgroundColor;
        (c.contents || []).forEach(function (x) { var n = flexComponent(x); if (n) box.appendChild(n); });
        if (c.action) { box.style.cursor = 'pointer'; box.addEventListener('click', function (e) { if (e.target === box) runAction(c.action); }); }
        return box;
      }
      case 'text': return flexText(c);
      case 'button': return actionEl(c.action, 'btn ' + (c.style || 'link'));
      case 'separator': return el('hr');
      case 'image': return el('div', { class: 'fimg', title: c.url || '' }, '🖼 ภาพ · image');
      case 'video': return el('div', { class: 'fimg' }, '🎬 วิดีโอ · video');
      default: return null; // filler, icon, span-only: nothing to read
    }
  }

  function flexBubble(b) {
    var card = el('div', { class: 'card' });
    ['header', 'hero', 'body', 'footer'].forEach(function (k) {
      var n = flexComponent(b && b[k]);
      if (!n) return;
      var part = el('div', { class: 'part ' + k }); part.appendChild(n); card.appendChild(part);
    });
    if (b && b.action) { var a = actionEl(b.action, 'btn link'); if (a) { var p = el('div', { class: 'part' }); p.appendChild(a); card.appendChild(p); } }
    return card;
  }

  function templateCard(m) {
    var t = m.template || {};
    var columns = t.type === 'carousel' || t.type === 'image_carousel' ? (t.columns || []) : [t];
    var wrap = el('div', { class: 'carousel' });
    columns.forEach(function (c) {
      var card = el('div', { class: 'card' }); var part = el('div', { class: 'part' });
      if (c.title) part.appendChild(el('div', { class: 'ftext bold' }, c.title));
      if (c.text) part.appendChild(el('div', { class: 'ftext' }, c.text));
      (c.actions || (c.action ? [c.action] : [])).forEach(function (a) { var n = actionEl(a, 'btn'); if (n) part.appendChild(n); });
      card.appendChild(part); wrap.appendChild(card);
    });
    return wrap;
  }

  function renderMessage(m) {
    switch (m.type) {
      case 'text': return el('div', { class: 'bubble' }, m.text);
      case 'textV2': { var b = el('div', { class: 'bubble' }); b.appendChild(textV2(m)); return b; }
      case 'flex': {
        var c = m.contents || {};
        var node = c.type === 'carousel' ? el('div', { class: 'carousel' }) : null;
        if (node) (c.contents || []).forEach(function (x) { node.appendChild(flexBubble(x)); });
        else node = flexBubble(c);
        var holder = el('div'); holder.appendChild(node);
        holder.appendChild(el('div', { class: 'alt' }, 'altText: ' + (m.altText || '')));
        return holder;
      }
      case 'template': return templateCard(m);
      case 'sticker': return el('div', { class: 'bubble faint' }, '[สติกเกอร์ · sticker ' + m.packageId + '/' + m.stickerId + ']');
      case 'location': return el('div', { class: 'bubble' }, '📍 ' + (m.title || '') + '\n' + (m.address || '') + '\n(' + m.latitude + ', ' + m.longitude + ')');
      case 'image': case 'video': case 'audio': return el('div', { class: 'bubble faint' }, '[' + m.type + '] ' + (m.originalContentUrl || ''));
      default: return el('div', { class: 'bubble faint' }, '[' + m.type + '] ' + (m.altText || ''));
    }
  }

  function describeInbound(item) {
    var e = item.event; var who = nameOf(e.source && e.source.userId);
    if (e.type === 'message') {
      var m = e.message;
      if (m.type === 'text') return { text: m.text };
      if (m.type === 'location') return { text: '📍 ' + (m.title || '') + ' ' + (m.address || '') + '\n(' + m.latitude + ', ' + m.longitude + ')' };
      if (m.type === 'sticker') return { text: '[สติกเกอร์ · sticker]' };
      if (m.type === 'image') return { text: '🖼 [รูปภาพ · image ' + m.id + ']' };
      return { text: '[' + m.type + ']' };
    }
    if (e.type === 'postback') return item.note ? { text: item.note } : { text: 'postback: ' + e.postback.data, faint: true };
    if (e.type === 'follow') return { system: who + ' เพิ่มบอทเป็นเพื่อน · followed the bot' };
    if (e.type === 'join') return { system: 'บอทเข้าร่วมกลุ่ม · the bot joined the group' };
    if (e.type === 'memberJoined') return { system: e.joined.members.map(function (x) { return nameOf(x.userId); }).join(', ') + ' เข้าร่วมกลุ่ม · joined' };
    return { system: e.type };
  }

  function renderItem(item) {
    var log = $('log');
    if (item.direction === 'in') {
      var d = describeInbound(item);
      if (d.system) { system(d.system); return; }
      var row = el('div', { class: 'row in' }); var col = el('div');
      if (current && current.kind === 'group') col.appendChild(el('div', { class: 'who' }, nameOf(item.event.source && item.event.source.userId)));
      col.appendChild(el('div', { class: 'bubble' + (d.faint ? ' faint' : '') }, d.text));
      row.appendChild(col); log.appendChild(row);
    } else {
      var out = el('div', { class: 'row out', title: item.via + ' · ' + item.at });
      out.appendChild(renderMessage(item.message)); log.appendChild(out);
    }
  }

  function renderQuickReplies() {
    var q = $('quick'); q.textContent = '';
    var m = lastItem && lastItem.direction === 'out' ? lastItem.message : null;
    var items = m && m.quickReply && m.quickReply.items || [];
    items.forEach(function (it) { var n = actionEl(it.action, 'chip'); if (n) q.appendChild(n); });
  }

  // One request at a time: a poll asked for while one runs is done right after it, so nothing renders twice.
  function poll() {
    clearTimeout(polling);
    if (!current) return;
    if (inflight) { again = true; return; }
    inflight = true;
    var id = current.id;
    api('GET', '/__emulator/messages?to=' + encodeURIComponent(id) + '&after=' + lastSeq).then(function (r) {
      if (!current || current.id !== id) return;
      var fresh = r.items.filter(function (it) { return it.seq > lastSeq; });
      if (!fresh.length) return;
      fresh.forEach(function (it) { renderItem(it); lastSeq = it.seq; lastItem = it; });
      renderQuickReplies();
      $('log').scrollTop = $('log').scrollHeight;
    }).catch(function (e) { console.warn('poll failed', e); })
      .then(function () {
        inflight = false;
        if (again) { again = false; poll(); } else polling = setTimeout(poll, 1000);
      });
  }

  // ---- wiring --------------------------------------------------------------------------------
  $('composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var t = $('text'); var text = t.value.trim();
    if (!text) return;
    t.value = '';
    sendText(text);
  });
  $('speaker').addEventListener('change', function (e) { if (current) speakerByGroup[current.id] = e.target.value; });
  $('btn-location').addEventListener('click', function () { $('location').hidden = !$('location').hidden; });
  $('location-cancel').addEventListener('click', function () { $('location').hidden = true; });
  $('location').addEventListener('submit', function (e) {
    e.preventDefault();
    var f = e.target.elements;
    send({ kind: 'location', latitude: Number(f.namedItem('latitude').value), longitude: Number(f.namedItem('longitude').value),
      title: f.namedItem('placeTitle').value || undefined, address: f.namedItem('placeAddress').value || undefined });
    $('location').hidden = true;
  });
  $('btn-sticker').addEventListener('click', function () { send({ kind: 'sticker', packageId: '446', stickerId: '1988' }); });
  $('btn-image').addEventListener('click', function () { $('file').click(); });
  $('file').addEventListener('change', function (e) {
    var file = e.target.files && e.target.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var data = String(reader.result); var comma = data.indexOf(',');
      send({ kind: 'image', contentType: file.type || 'image/jpeg', dataBase64: data.slice(comma + 1) });
    };
    reader.readAsDataURL(file);
    e.target.value = '';
  });
  $('new-user').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = e.target.elements.namedItem('displayName');
    api('POST', '/__emulator/users', { displayName: input.value }).then(function (r) {
      input.value = '';
      return refreshState().then(function () { select(r.userId, 'user'); reportWebhook(r); });
    }).catch(function (err) { system(err.message, true); });
  });
  $('new-group').addEventListener('submit', function (e) {
    e.preventDefault();
    var ids = Array.prototype.filter.call($('group-members').querySelectorAll('input'), function (c) { return c.checked; })
      .map(function (c) { return c.value; });
    var input = e.target.elements.namedItem('groupName');
    api('POST', '/__emulator/groups', { name: input.value, memberIds: ids }).then(function (r) {
      input.value = '';
      return refreshState().then(function () { select(r.groupId, 'group'); reportWebhook(r); });
    }).catch(function (err) { system(err.message, true); });
  });
  $('add-member').addEventListener('change', function (e) {
    var userId = e.target.value; if (!userId || !current) return;
    api('POST', '/__emulator/groups/' + encodeURIComponent(current.id) + '/members', { userId: userId })
      .then(function (r) { reportWebhook(r); return refreshState(); }).then(function () { setTimeout(poll, 150); })
      .catch(function (err) { system(err.message, true); });
  });

  // ?chat=<user or group id> opens that chat at once (links in docs, screenshots).
  var wanted = new URLSearchParams(location.search).get('chat');
  refreshState().then(function () {
    if (!wanted) return;
    var isGroup = S.groups.some(function (g) { return g.groupId === wanted; });
    select(wanted, isGroup ? 'group' : 'user');
  }).catch(function (e) { console.error('emulator state failed', e); });
  setInterval(function () { refreshState().catch(function () {}); }, 5000);
})();
`;
