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
    var b = el('button', { type: 'button', class: current && current.id === id ? 'active' : '', title: id, 'data-chat': id });
    b.appendChild(el('span', { class: 'avatar' + (kind === 'group' ? ' group' : ''), 'aria-hidden': 'true' }, Array.from(String(label))[0] || '?'));
    var names = el('span', { class: 'who-name' }, label);
    if (sub) names.appendChild(el('span', { class: 'muted' }, sub));
    b.appendChild(names);
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
    ['btn-location', 'btn-sticker', 'btn-image', 'btn-file'].forEach(function (b) { $(b).disabled = !canSend; });
  }

  function select(id, kind) {
    current = { id: id, kind: kind };
    lastSeq = 0; lastItem = null;
    $('log').textContent = ''; $('quick').textContent = ''; $('location').hidden = true;
    var label = kind === 'user' ? nameOf(id) : kind === 'group' ? (group() || { name: id }).name : id;
    $('chat-title').textContent = label; $('chat-id').textContent = id;
    document.body.classList.add('in-chat');
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
      case 'camera': case 'cameraRoll': $('file-media').click(); return;
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
    return el('button', { type: 'button', class: cls, onclick: function () { runAction(a); } }, withIcon(a, label));
  }

  // The icon LINE draws for a location or camera action, unless the label already starts with an emoji
  // (the bot's labels often do: "📍 ปักหมุด"), so it is never shown twice.
  function withIcon(a, label) {
    var icon = a.type === 'location' ? '📍' : a.type === 'camera' || a.type === 'cameraRoll' ? '📷' : '';
    if (!icon || label.indexOf(icon) !== -1 || /^\p{Extended_Pictographic}/u.test(label)) return label;
    return icon + ' ' + label;
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

  // LINE: a text without wrap:true stays on one line and is cut with an ellipsis.
  function flexText(c) {
    var t = el('div', { class: 'ftext' + (c.weight === 'bold' ? ' bold' : '') + (c.wrap ? '' : ' nowrap') });
    t.textContent = c.contents && c.contents.length ? c.contents.map(function (s) { return s.text || ''; }).join('') : (c.text || '');
    var sizes = { xxs: '11px', xs: '12px', sm: '13px', md: '15px', lg: '17px', xl: '19px', xxl: '22px', '3xl': '26px' };
    if (sizes[c.size]) t.style.fontSize = sizes[c.size];
    if (c.color) t.style.color = c.color;
    if (c.align) t.style.textAlign = c.align;
    return t;
  }

  // Actions of flex components: one click handler per card finds the nearest component with an action
  // (a row's text, the row, the bubble), as LINE does, so tapping the words of a row runs the row's action.
  function tappable(node, action, acts) {
    if (!action) return node;
    node.setAttribute('data-act', String(acts.length)); acts.push(action);
    node.classList.add('tap');
    return node;
  }

  function flexSizing(node, c) {
    if (typeof c.flex === 'number') node.style.flex = c.flex === 0 ? '0 0 auto' : c.flex + ' 1 0';
    var space = { none: '0', xs: '2px', sm: '4px', md: '8px', lg: '12px', xl: '16px', xxl: '20px' };
    if (space[c.margin]) node.style.marginTop = space[c.margin];
    return node;
  }

  function flexComponent(c, acts) {
    if (!c || typeof c !== 'object') return null;
    switch (c.type) {
      case 'box': {
        var box = el('div', { class: 'box ' + (c.layout || 'vertical') });
        if (c.backgroundColor) box.style.backgroundColor = c.backgroundColor;
        var pad = { none: '0', xs: '2px', sm: '4px', md: '8px', lg: '12px', xl: '16px', xxl: '20px' };
        if (pad[c.spacing]) box.style.gap = pad[c.spacing];
        if (c.paddingAll) box.style.padding = pad[c.paddingAll] || c.paddingAll;
        (c.contents || []).forEach(function (x) { var n = flexComponent(x, acts); if (n) box.appendChild(n); });
        return tappable(flexSizing(box, c), c.action, acts);
      }
      case 'text': return tappable(flexSizing(flexText(c), c), c.action, acts);
      case 'button': return flexSizing(actionEl(c.action, 'btn ' + (c.style || 'link')), c);
      case 'separator': return el('hr');
      case 'image': return tappable(flexSizing(mediaImage(c.url, c.url, 'fimg'), c), c.action, acts);
      case 'video': return flexSizing(el('div', { class: 'fimg' }, '🎬 วิดีโอ · video'), c);
      default: return null; // filler, icon, span-only: nothing to read
    }
  }

  function flexBubble(b) {
    var acts = [];
    var card = el('div', { class: 'card' });
    ['header', 'hero', 'body', 'footer'].forEach(function (k) {
      var n = flexComponent(b && b[k], acts);
      if (!n) return;
      var part = el('div', { class: 'part ' + k }); part.appendChild(n); card.appendChild(part);
    });
    tappable(card, b && b.action, acts);
    card.addEventListener('click', function (e) {
      var hit = e.target.closest('[data-act], a, button');
      // Buttons and links run their own action; anything else runs the nearest action around it.
      if (!hit || !card.contains(hit) || hit.tagName === 'A' || hit.tagName === 'BUTTON') return;
      runAction(acts[Number(hit.getAttribute('data-act'))]);
    });
    return card;
  }

  // Media the bot sends must be https (LINE refuses anything else); others are shown as text.
  function isHttps(u) { return /^https:\/\//i.test(String(u || '')); }
  function mediaImage(src, href, fallbackClass) {
    if (!isHttps(src)) return el('div', { class: fallbackClass || 'bubble faint', title: String(src || '') }, '🖼 ภาพ · image ' + String(src || ''));
    var img = el('img', { class: 'media', src: src, alt: 'ภาพ · image', loading: 'lazy', referrerpolicy: 'no-referrer', title: href || src });
    img.addEventListener('error', function () { img.replaceWith(unreachable('🖼', href || src)); });
    return img;
  }
  // The sandbox is often offline: a link that does not load says so instead of a broken picture.
  function unreachable(icon, url) {
    var b = el('div', { class: 'bubble faint' }, icon + ' โหลดไม่ได้ · not reachable\n');
    b.appendChild(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url));
    return b;
  }
  function mediaPlayer(tag, src, poster) {
    if (!isHttps(src)) return el('div', { class: 'bubble faint' }, '[' + tag + '] ' + String(src || ''));
    var attrs = { class: 'media', src: src, controls: '', preload: 'metadata', referrerpolicy: 'no-referrer' };
    if (tag === 'video' && isHttps(poster)) attrs.poster = poster;
    return el(tag, attrs);
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
        // LINE shows altText only in notifications and chat lists: here it is the card's tooltip.
        var holder = el('div', { title: 'altText: ' + (m.altText || '') }); holder.appendChild(node);
        return holder;
      }
      case 'template': return templateCard(m);
      case 'sticker': return el('div', { class: 'bubble faint' }, '[สติกเกอร์ · sticker ' + m.packageId + '/' + m.stickerId + ']');
      case 'location': return el('div', { class: 'bubble' }, '📍 ' + (m.title || '') + '\n' + (m.address || '') + '\n(' + m.latitude + ', ' + m.longitude + ')');
      case 'image': return mediaImage(m.previewImageUrl || m.originalContentUrl, m.originalContentUrl);
      case 'video': return mediaPlayer('video', m.originalContentUrl, m.previewImageUrl);
      case 'audio': return mediaPlayer('audio', m.originalContentUrl);
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
      var src = '/__emulator/content/' + encodeURIComponent(m.id);
      if (m.type === 'image') return { node: el('img', { class: 'media', src: src, alt: 'รูปภาพ · image ' + m.id }) };
      if (m.type === 'video') return { node: el('video', { class: 'media', src: src, controls: '', preload: 'metadata' }) };
      if (m.type === 'audio') return { node: el('audio', { class: 'media', src: src, controls: '', preload: 'metadata' }) };
      if (m.type === 'file') {
        var link = el('a', { class: 'bubble file', href: src, download: m.fileName }, '📄 ' + m.fileName + ' · ' + sizeText(m.fileSize));
        return { node: link };
      }
      return { text: '[' + m.type + ']' };
    }
    if (e.type === 'postback') return item.note ? { text: item.note } : { text: 'postback: ' + e.postback.data, faint: true };
    if (e.type === 'follow') return { system: who + ' เพิ่มบอทเป็นเพื่อน · followed the bot' };
    if (e.type === 'join') return { system: 'บอทเข้าร่วมกลุ่ม · the bot joined the group' };
    if (e.type === 'memberJoined') return { system: e.joined.members.map(function (x) { return nameOf(x.userId); }).join(', ') + ' เข้าร่วมกลุ่ม · joined' };
    return { system: e.type };
  }

  function sizeText(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : n >= 1024 ? Math.round(n / 1024) + ' KB' : n + ' B';
  }
  function clock(iso) {
    var d = new Date(iso); var p = function (x) { return (x < 10 ? '0' : '') + x; };
    return isNaN(d.getTime()) ? '' : p(d.getHours()) + ':' + p(d.getMinutes());
  }

  // Which side a message sits on follows who sent it (the citizen on the right, the bot on the left),
  // never its length: the column is capped and aligned, the bubble only fills it.
  function renderItem(item) {
    var log = $('log');
    if (item.direction === 'in') {
      var d = describeInbound(item);
      if (d.system) { system(d.system); return; }
      var row = el('div', { class: 'row in', title: item.at }); var col = el('div', { class: 'col' });
      if (current && current.kind === 'group') col.appendChild(el('div', { class: 'who' }, nameOf(item.event.source && item.event.source.userId)));
      col.appendChild(d.node || el('div', { class: 'bubble' + (d.faint ? ' faint' : '') }, d.text));
      row.appendChild(el('span', { class: 'time' }, clock(item.at)));
      row.appendChild(col); log.appendChild(row);
    } else {
      // A push sent with notificationDisabled rang no phone: marked, so a tester sees which ones were silent.
      var out = el('div', { class: 'row out', title: item.via + (item.silent ? ' · silent (notificationDisabled)' : '') + ' · ' + item.at }); var c = el('div', { class: 'col' });
      c.appendChild(renderMessage(item.message)); out.appendChild(c);
      out.appendChild(el('span', { class: 'time' + (item.silent ? ' silent' : '') }, (item.silent ? '🔕 ' : '') + clock(item.at)));
      log.appendChild(out);
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

  // ---- media from the file picker -------------------------------------------------------------
  // The kind follows the file's type, as LINE does: photos, videos and voice become their own
  // message types, anything else a file message with its name and size.
  function kindOf(file) {
    var t = file.type || '';
    return /^image\//.test(t) ? 'image' : /^video\//.test(t) ? 'video' : /^audio\//.test(t) ? 'audio' : 'file';
  }

  // LINE reports the length of audio and video in milliseconds; 0 when the browser cannot read it.
  function durationOf(file, kind) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file); var media = document.createElement(kind);
      var done = function (ms) { clearTimeout(timer); URL.revokeObjectURL(url); resolve(ms); };
      var timer = setTimeout(function () { done(0); }, 3000);
      media.preload = 'metadata';
      media.onloadedmetadata = function () { done(isFinite(media.duration) ? Math.round(media.duration * 1000) : 0); };
      media.onerror = function () { done(0); };
      media.src = url;
    });
  }

  function pickFile(e) {
    var file = e.target.files && e.target.files[0];
    e.target.value = '';
    if (!file) return;
    var kind = kindOf(file);
    var reader = new FileReader();
    reader.onerror = function () { system('อ่านไฟล์ไม่ได้ · could not read the file', true); };
    reader.onload = function () {
      var data = String(reader.result); var dataBase64 = data.slice(data.indexOf(',') + 1);
      var wait = kind === 'audio' || kind === 'video' ? durationOf(file, kind) : Promise.resolve(0);
      wait.then(function (ms) {
        var body = { kind: kind, contentType: file.type || undefined, dataBase64: dataBase64 };
        if (kind === 'audio' || kind === 'video') body.durationMs = ms;
        if (kind === 'file') body.fileName = file.name || 'file';
        send(body);
      });
    };
    reader.readAsDataURL(file);
  }

  // ---- location: an outline map of the province and its named places -------------------------
  var DATA = JSON.parse($('page-data').textContent || '{}');
  var SVGNS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) {
    var n = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    return n;
  }

  function setLocation(lat, lng, title, address) {
    var f = $('location').elements;
    f.namedItem('latitude').value = lat.toFixed(5); f.namedItem('longitude').value = lng.toFixed(5);
    f.namedItem('placeTitle').value = title || ''; f.namedItem('placeAddress').value = address || '';
    movePin();
  }

  var projection = null;
  function movePin() {
    var pin = $('map').querySelector('.pin'); if (!pin || !projection) return;
    var f = $('location').elements;
    var xy = projection.toXY(Number(f.namedItem('latitude').value), Number(f.namedItem('longitude').value));
    pin.setAttribute('cx', xy[0].toFixed(1)); pin.setAttribute('cy', xy[1].toFixed(1));
  }

  // Equirectangular with the longitude scaled by cos(latitude): true enough for one province.
  function setUpMap() {
    var map = (DATA.maps || [])[0];
    if (!map || !map.outline.length) { $('map-box').hidden = true; return; }
    var all = [].concat.apply([], map.outline).concat(map.points.map(function (p) { return [p.lat, p.lng]; }));
    var lats = all.map(function (p) { return p[0]; }); var lngs = all.map(function (p) { return p[1]; });
    var maxLat = Math.max.apply(null, lats); var minLat = Math.min.apply(null, lats);
    var minLng = Math.min.apply(null, lngs); var maxLng = Math.max.apply(null, lngs);
    var k = Math.cos((maxLat + minLat) / 2 * Math.PI / 180);
    var W = 360; var pad = 12;
    var scale = (W - 2 * pad) / ((maxLng - minLng) * k);
    var H = Math.round((maxLat - minLat) * scale + 2 * pad);
    projection = {
      toXY: function (lat, lng) { return [pad + (lng - minLng) * k * scale, pad + (maxLat - lat) * scale]; },
      toLatLng: function (x, y) { return [maxLat - (y - pad) / scale, minLng + (x - pad) / (k * scale)]; }
    };
    var root = $('map'); root.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    map.outline.forEach(function (ring) {
      root.appendChild(svg('polygon', { class: 'land', points: ring.map(function (p) { return projection.toXY(p[0], p[1]).map(function (v) { return v.toFixed(1); }).join(','); }).join(' ') }));
    });
    var places = $('places');
    map.points.forEach(function (p) {
      var xy = projection.toXY(p.lat, p.lng);
      var dot = svg('circle', { class: 'place', cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: 4 });
      var t = svg('title', {}); t.textContent = p.title; dot.appendChild(t);
      dot.addEventListener('click', function (e) { e.stopPropagation(); setLocation(p.lat, p.lng, p.title, p.address); });
      root.appendChild(dot);
      var label = svg('text', { class: 'place-label', x: (xy[0] + 6).toFixed(1), y: (xy[1] + 3).toFixed(1) });
      label.textContent = p.label; root.appendChild(label);
      places.appendChild(el('button', { type: 'button', class: 'chip', onclick: function () { setLocation(p.lat, p.lng, p.title, p.address); } }, p.title));
    });
    root.appendChild(svg('circle', { class: 'pin', r: 6, cx: -10, cy: -10 }));
    movePin();
    // A tap anywhere else drops the pin there (outside the province too: the bot must cope with that);
    // the address is that of the nearest district office, standing in for the LINE app's reverse geocoding.
    root.addEventListener('click', function (e) {
      var box = root.getBoundingClientRect();
      var x = (e.clientX - box.left) * W / box.width; var y = (e.clientY - box.top) * H / box.height;
      var ll = projection.toLatLng(x, y);
      var near = map.points.slice().sort(function (a, b) {
        return Math.hypot(a.lat - ll[0], (a.lng - ll[1]) * k) - Math.hypot(b.lat - ll[0], (b.lng - ll[1]) * k);
      })[0];
      setLocation(ll[0], ll[1], '', near ? near.address : '');
    });
    ['latitude', 'longitude'].forEach(function (n) { $('location').elements.namedItem(n).addEventListener('input', movePin); });
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
  $('btn-chats').addEventListener('click', function () { document.body.classList.remove('in-chat'); });
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
  $('btn-image').addEventListener('click', function () { $('file-media').click(); });
  $('btn-file').addEventListener('click', function () { $('file-any').click(); });
  $('file-media').addEventListener('change', pickFile);
  $('file-any').addEventListener('change', pickFile);
  setUpMap();
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
      Array.prototype.forEach.call($('group-members').querySelectorAll('input'), function (c) { c.checked = false; });
      $('new-group-box').open = false;
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
