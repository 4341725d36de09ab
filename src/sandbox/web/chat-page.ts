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

export const chatPageHtml = [
  '<!doctype html>',
  '<html lang="th">',
  '<head>',
  '<meta charset="utf-8">',
  '<meta name="viewport" content="width=device-width, initial-scale=1">',
  '<title>LINE sandbox · ศรส.</title>',
  `<style>${chatStyle}</style>`,
  '</head>',
  '<body>',
  '<aside>',
  '  <h1>LINE sandbox</h1>',
  '  <p id="bot-status" class="muted"></p>',
  '  <h2>ผู้ใช้ · People</h2>',
  '  <ul id="users" class="list"></ul>',
  '  <form id="new-user" class="inline"><input name="displayName" placeholder="ชื่อที่แสดง (display name)" maxlength="40" required><button>เพิ่ม</button></form>',
  '  <h2>กลุ่ม · Groups</h2>',
  '  <ul id="groups" class="list"></ul>',
  '  <form id="new-group"><input name="groupName" placeholder="ชื่อกลุ่ม เช่น เวรศรส." maxlength="40" required><div id="group-members" class="checks"></div><button>สร้างกลุ่ม · create group</button></form>',
  '  <h2 id="others-title" hidden>Other chats</h2>',
  '  <ul id="others" class="list"></ul>',
  '</aside>',
  '<main>',
  '  <header><div><strong id="chat-title">เลือกผู้ใช้หรือกลุ่ม · pick a person or group</strong><div id="chat-id" class="mono"></div></div>',
  '    <label id="speaker-box" hidden>พิมพ์ในนาม · speaking as <select id="speaker"></select></label>',
  '    <label id="add-member-box" hidden>+ สมาชิก <select id="add-member"><option value="">…</option></select></label></header>',
  '  <section id="log" aria-live="polite"></section>',
  '  <div id="quick"></div>',
  '  <form id="location" hidden>',
  '    <input name="latitude" type="number" step="any" value="18.1446" required aria-label="latitude">',
  '    <input name="longitude" type="number" step="any" value="100.1410" required aria-label="longitude">',
  '    <input name="placeTitle" value="ศาลากลางจังหวัดแพร่" aria-label="title">',
  '    <input name="placeAddress" value="ถนนไชยบูรณ์ ตำบลในเวียง อำเภอเมืองแพร่ แพร่ 54000" aria-label="address">',
  '    <button>ส่งตำแหน่ง · send location</button><button type="button" id="location-cancel">✕</button>',
  '  </form>',
  '  <form id="composer">',
  '    <button type="button" id="btn-location" title="ส่งตำแหน่ง · location">📍</button>',
  '    <button type="button" id="btn-sticker" title="สติกเกอร์ · sticker">🙂</button>',
  '    <button type="button" id="btn-image" title="รูปภาพ · image">📷</button>',
  '    <input type="file" id="file" accept="image/*" hidden>',
  '    <input id="text" autocomplete="off" placeholder="พิมพ์ข้อความ… · type a message" maxlength="5000" disabled>',
  '    <button id="send" disabled>ส่ง</button>',
  '  </form>',
  '</main>',
  `<script>${chatScript}</script>`,
  '</body>',
  '</html>',
].join('\n');
