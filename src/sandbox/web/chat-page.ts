/**
 * The browser chat served by the LINE emulator at `GET /`: one static page, inline CSS and JS, no
 * build step and no external assets (it must work offline on a newcomer's laptop). It lives in a .ts
 * module rather than an .html file so that `tsc` carries it into dist/ for `npm start`.
 *
 * All bot and user content is inserted with textContent, never innerHTML: the page renders whatever
 * the bot sends, and a sandbox must not become an XSS playground.
 */
import { chatScript } from './chat-script';
import { chatStyle } from './chat-style';
import { provinceMap } from './province-map';

/** The province whose map the location picker shows when the emulator is not told (the sample center's). */
export const DEFAULT_MAP_PROVINCE = 'แพร่';

const pages = new Map<string, string>();

/** The page for a center in `province`, built once per province (the outline is read from the geography file). */
export function chatPageHtml(province: string = DEFAULT_MAP_PROVINCE): string {
  let page = pages.get(province);
  if (page === undefined) {
    page = buildPage(province);
    pages.set(province, page);
  }
  return page;
}

function buildPage(province: string): string {
  const map = provinceMap(province);
  // Data for the script, as JSON that cannot close the script element it sits in.
  const pageData = JSON.stringify({ maps: map ? [map] : [] }).replace(/</g, '\\u003c');
  return [
    '<!doctype html>',
    '<html lang="th">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>LINE sandbox · ศรส.</title>',
    `<style>${chatStyle}</style>`,
    '</head>',
    '<body>',
    '<aside id="side">',
    '  <div class="brand"><h1>LINE sandbox</h1><p id="bot-status" class="muted"></p></div>',
    '  <h2>ผู้ใช้ · People</h2>',
    '  <ul id="users" class="list"></ul>',
    '  <form id="new-user" class="inline"><input name="displayName" placeholder="ชื่อที่แสดง (display name)" maxlength="40" required><button>เพิ่ม</button></form>',
    '  <h2>กลุ่ม · Groups</h2>',
    '  <ul id="groups" class="list"></ul>',
    '  <details id="new-group-box"><summary>+ สร้างกลุ่ม · new group</summary>',
    '  <form id="new-group"><input name="groupName" placeholder="ชื่อกลุ่ม เช่น เวรศรส." maxlength="40" required><div id="group-members" class="checks"></div><button>สร้างกลุ่ม · create group</button></form></details>',
    '  <h2 id="others-title" hidden>Other chats</h2>',
    '  <ul id="others" class="list"></ul>',
    '</aside>',
    '<main>',
    '  <header><div class="title"><button type="button" id="btn-chats" class="icon" title="รายชื่อแชท · chats" aria-label="chats">☰</button>',
    '    <div class="names"><strong id="chat-title">เลือกผู้ใช้หรือกลุ่ม · pick a person or group</strong><div id="chat-id" class="mono"></div></div></div>',
    '    <div class="tools"><label id="speaker-box" hidden>พิมพ์ในนาม · as <select id="speaker"></select></label>',
    '    <label id="add-member-box" hidden>+ สมาชิก <select id="add-member"><option value="">…</option></select></label></div></header>',
    '  <section id="log" aria-live="polite"></section>',
    '  <div id="quick"></div>',
    '  <form id="location" hidden>',
    '    <div class="loc-head"><strong>ส่งตำแหน่ง · share location</strong><span class="muted">แตะบนแผนที่หรือเลือกสถานที่ · tap the map or a place</span></div>',
    '    <div id="map-box"><svg id="map" role="img" aria-label="แผนที่จังหวัด · province map"></svg></div>',
    '    <div id="places" class="places"></div>',
    '    <label class="f lat">ละติจูด · lat<input name="latitude" type="number" step="any" min="-90" max="90" value="18.1446" required aria-label="latitude"></label>',
    '    <label class="f lng">ลองจิจูด · lng<input name="longitude" type="number" step="any" min="-180" max="180" value="100.1410" required aria-label="longitude"></label>',
    '    <label class="f title">ชื่อสถานที่ · title<input name="placeTitle" value="ศาลากลางจังหวัดแพร่" aria-label="title"></label>',
    '    <label class="f addr">ที่อยู่ · address<input name="placeAddress" value="ถนนไชยบูรณ์ ตำบลในเวียง อำเภอเมืองแพร่ แพร่ 54000" aria-label="address"></label>',
    '    <div class="actions"><button type="button" id="location-cancel" class="ghost">ยกเลิก · cancel</button><button id="location-send">ส่งตำแหน่ง · send</button></div>',
    '  </form>',
    '  <form id="composer">',
    '    <button type="button" id="btn-location" class="icon" title="ส่งตำแหน่ง · location" aria-label="location">📍</button>',
    '    <button type="button" id="btn-sticker" class="icon" title="สติกเกอร์ · sticker" aria-label="sticker">🙂</button>',
    '    <button type="button" id="btn-image" class="icon" title="รูปภาพหรือวิดีโอ · photo or video" aria-label="photo or video">📷</button>',
    '    <button type="button" id="btn-file" class="icon" title="ไฟล์หรือเสียง · file or voice" aria-label="file or voice">📎</button>',
    '    <input type="file" id="file-media" accept="image/*,video/*" hidden>',
    '    <input type="file" id="file-any" hidden>',
    '    <input id="text" autocomplete="off" placeholder="พิมพ์ข้อความ… · type a message" maxlength="5000" disabled>',
    '    <button id="send" disabled>ส่ง</button>',
    '  </form>',
    '</main>',
    `<script id="page-data" type="application/json">${pageData}</script>`,
    `<script>${chatScript}</script>`,
    '</body>',
    '</html>',
  ].join('\n');
}
