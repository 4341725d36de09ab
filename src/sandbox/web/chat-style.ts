/**
 * CSS of the browser chat: LINE-like colours, Thai-capable system fonts, nothing fetched.
 *
 * Thai has no spaces between words, so no rule here may break lines "anywhere" (word-break:
 * break-all, overflow-wrap: anywhere): those split "แจ้งเหตุ" into "แจ้ง/เหตุ" and even inside a
 * syllable. `word-break: normal` with `lang="th"` on the page lets the browser's dictionary-based
 * Thai line breaking choose word boundaries; `overflow-wrap: break-word` only splits a single word
 * longer than the whole line (a URL, a long id).
 *
 * Wide screens: chat list on the left, chat on the right. Phones (<= 760 px): one screen at a time,
 * as in the LINE app: the chat list, then the chat with a button back to the list.
 */
export const chatStyle = `
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { word-break: normal; overflow-wrap: break-word; line-break: auto; }
body { margin: 0; height: 100vh; height: 100dvh; display: grid; grid-template-columns: 300px minmax(0, 1fr); color: #1e1e1e;
  font: 15px/1.5 system-ui, "Noto Sans Thai", "Noto Sans Thai UI", "Leelawadee UI", "Thonburi", Tahoma, sans-serif; }
aside { background: #fff; border-right: 1px solid #dfe3e8; overflow: auto; padding: 14px; min-width: 0; }
.brand { display: flex; flex-direction: column; gap: 2px; }
h1 { font-size: 18px; margin: 0; color: #06c755; }
h2 { font-size: 12px; letter-spacing: .04em; color: #6b7280; margin: 18px 0 6px; font-weight: 600; }
.muted { color: #6b7280; font-size: 12px; margin: 0; }
.mono { font: 11px ui-monospace, monospace; opacity: .75; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.list { list-style: none; margin: 0; padding: 0; }
aside .list button { width: 100%; text-align: left; border: 0; background: none; color: inherit; padding: 8px 10px; border-radius: 10px; cursor: pointer; font: inherit; display: flex; gap: 10px; align-items: center; }
aside .list button:hover { background: #f0f4f1; }
aside .list button.active { background: #e3f7ea; font-weight: 600; }
.avatar { flex: 0 0 36px; height: 36px; border-radius: 50%; background: #c9d3e0; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 700; }
.avatar.group { background: #7d8fb3; }
.who-name { display: block; flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.who-name .muted { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 400; }
form.inline { display: flex; gap: 6px; margin-top: 6px; }
form.inline input { flex: 1 1 auto; }
input, select, button { font: inherit; }
input { padding: 7px 9px; border: 1px solid #cfd6dd; border-radius: 8px; min-width: 0; background: #fff; }
aside input:not([type=checkbox]) { width: 100%; }
button { border: 0; background: #06c755; color: #fff; border-radius: 8px; padding: 7px 12px; cursor: pointer; white-space: nowrap; }
button.ghost { background: #eef1f4; color: #1e1e1e; }
details { margin-top: 8px; }
summary { cursor: pointer; color: #067a37; font-size: 14px; padding: 4px 0; }
#new-group button { width: 100%; margin-top: 6px; }
.checks { display: flex; flex-direction: column; gap: 2px; margin: 6px 0 0; font-size: 14px; }
main { display: flex; flex-direction: column; height: 100vh; height: 100dvh; min-width: 0; min-height: 0; }
header { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; justify-content: space-between; padding: 8px 12px; background: #273246; color: #fff; }
header .title { display: flex; gap: 8px; align-items: center; min-width: 0; flex: 1 1 200px; }
header .names { min-width: 0; }
header strong { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 16px; }
header .tools { display: flex; flex-wrap: wrap; gap: 6px 12px; font-size: 13px; }
header select { max-width: 180px; margin-left: 4px; }
button.icon { background: transparent; color: inherit; font-size: 18px; padding: 4px 8px; line-height: 1; }
#btn-chats { display: none; }
#log { flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 12px; background: #8ca6ce; }
.row { display: flex; margin: 8px 0; gap: 6px; align-items: flex-end; }
.row.in { justify-content: flex-end; }
.row .col { display: flex; flex-direction: column; align-items: flex-start; max-width: min(80%, 560px); min-width: 0; }
.row.in .col { align-items: flex-end; }
.row.out .col { max-width: 100%; }
.time { font-size: 10px; color: #eef2f8; flex: 0 0 auto; padding-bottom: 2px; }
.who { font-size: 11px; color: #f5f7fb; margin: 0 4px 2px; }
.bubble { max-width: 100%; padding: 8px 12px; border-radius: 18px; white-space: pre-wrap; word-break: normal; overflow-wrap: break-word; background: #fff; }
.row.out .bubble { max-width: min(80vw, 560px); }
.in .bubble { background: #85e249; }
.bubble.faint { background: rgba(255,255,255,.6); font-size: 13px; }
.media { display: block; max-width: min(240px, 100%); max-height: 240px; border-radius: 14px; background: #dfe6f0; }
img.media { min-width: 80px; min-height: 80px; object-fit: cover; }
video.media { width: 240px; aspect-ratio: 16 / 9; background: #1f2937; }
audio.media { width: 240px; max-width: 100%; height: 40px; background: transparent; }
a.file { color: inherit; text-decoration: none; }
.system { text-align: center; font-size: 12px; color: #fff; margin: 10px 0; }
.system.error { color: #ffe1e1; font-weight: 600; }
.mention { color: #0b57d0; font-weight: 600; }
.card { background: #fff; border-radius: 14px; overflow: hidden; width: min(300px, 78vw); flex: 0 0 auto; box-shadow: 0 1px 2px rgba(0,0,0,.15); }
.card > .part { padding: 10px 12px; }
.card > .header { background: #f7f9fb; font-weight: 600; }
.carousel { display: flex; gap: 8px; overflow-x: auto; max-width: 100%; padding-bottom: 4px; }
.box.horizontal, .box.baseline { display: flex; gap: 6px; align-items: baseline; }
.box.horizontal { align-items: stretch; }
.box.horizontal > *, .box.baseline > * { flex: 1 1 0; min-width: 0; }
.box.vertical { display: flex; flex-direction: column; gap: 4px; }
.box.tap { cursor: pointer; border-radius: 6px; }
.box.tap:hover { background: rgba(6,199,85,.08); }
.ftext { white-space: pre-wrap; word-break: normal; overflow-wrap: break-word; }
.ftext.nowrap { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.ftext.bold { font-weight: 700; }
.fimg { background: #eef1f4; color: #6b7280; text-align: center; padding: 14px; border-radius: 8px; font-size: 13px; }
hr { border: 0; border-top: 1px solid #e5e7eb; margin: 6px 0; width: 100%; }
.btn { display: block; width: 100%; text-align: center; border: 1px solid #06c755; color: #06c755; background: #fff; border-radius: 8px; padding: 7px 10px; margin-top: 4px; cursor: pointer; text-decoration: none; font: inherit; white-space: normal; }
.btn.primary { background: #06c755; color: #fff; }
.btn.secondary { background: #f0f4f1; color: #1e1e1e; border-color: #dfe3e8; }
.btn.link { border-color: transparent; }
#quick { display: flex; gap: 6px; overflow-x: auto; padding: 8px 12px; background: #f4f6f8; flex: 0 0 auto; }
#quick:empty { display: none; }
.chip { flex: 0 0 auto; border: 1px solid #06c755; color: #067a37; background: #fff; border-radius: 18px; padding: 5px 14px; cursor: pointer; text-decoration: none; font: inherit; white-space: nowrap; }
#composer { display: flex; gap: 4px; align-items: center; padding: 8px 10px; background: #fff; border-top: 1px solid #dfe3e8; flex: 0 0 auto; }
#composer #text { flex: 1 1 auto; border-radius: 18px; background: #f4f6f8; }
#composer button.icon { color: #4b5563; padding: 4px 6px; }
#location { display: grid; gap: 8px 10px; padding: 10px 12px; background: #fff; border-top: 1px solid #dfe3e8; flex: 0 0 auto; overflow-y: auto; align-content: start;
  grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr) minmax(0, 1fr);
  grid-template-areas: "head head head" "map lat lng" "map title title" "map addr addr" "map places places" "map actions actions"; }
.loc-head { grid-area: head; } #map-box { grid-area: map; } .places { grid-area: places; } .actions { grid-area: actions; }
label.lat { grid-area: lat; } label.lng { grid-area: lng; } label.title { grid-area: title; } label.addr { grid-area: addr; }
.loc-head { display: flex; flex-wrap: wrap; gap: 2px 10px; align-items: baseline; }
#location label.f { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: #4b5563; min-width: 0; }
#location label.f input { width: 100%; font-size: 15px; color: #1e1e1e; }
#location .actions { display: flex; gap: 8px; justify-content: flex-end; }
#map-box { background: #eaf2fb; border-radius: 10px; }
#map { display: block; width: 100%; height: 100%; max-height: 300px; min-height: 180px; cursor: crosshair; }
#map .land { fill: #fdfcf5; stroke: #8a9a5b; stroke-width: 1.5; stroke-linejoin: round; }
#map .place { fill: #273246; cursor: pointer; }
#map .place-label { font-size: 10px; fill: #374151; pointer-events: none; }
#map .pin { fill: #e5484d; stroke: #fff; stroke-width: 1.5; }
.places { display: flex; flex-wrap: wrap; gap: 6px; }
.places .chip { font-size: 13px; padding: 3px 10px; }
button:disabled { opacity: .5; cursor: default; }
@media (max-width: 760px) {
  body { display: block; }
  aside { height: 100vh; height: 100dvh; border-right: 0; }
  body.in-chat aside { display: none; }
  body:not(.in-chat) main { display: none; }
  #btn-chats { display: inline-block; }
  /* On a phone the location picker takes the whole screen, as LINE's map does. */
  #location { position: fixed; inset: 0; z-index: 10; border-top: 0; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    grid-template-areas: "head head" "map map" "places places" "lat lng" "title title" "addr addr" "actions actions"; }
  #map { height: auto; max-height: 46vh; }
  .places { flex-wrap: nowrap; overflow-x: auto; padding-bottom: 2px; }
}
`;
