/** CSS of the browser chat: LINE-like colours, Thai-capable system fonts, nothing fetched. */
export const chatStyle = `
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; height: 100vh; display: grid; grid-template-columns: 280px 1fr; color: #1e1e1e;
  font: 15px/1.45 system-ui, "Noto Sans Thai", "Leelawadee UI", "Thonburi", Tahoma, sans-serif; }
aside { background: #fff; border-right: 1px solid #dfe3e8; overflow: auto; padding: 14px; }
h1 { font-size: 18px; margin: 0 0 4px; color: #06c755; }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #6b7280; margin: 18px 0 6px; }
.muted { color: #6b7280; font-size: 12px; margin: 0; }
.mono { font: 11px ui-monospace, monospace; opacity: .8; }
.list { list-style: none; margin: 0; padding: 0; }
aside .list button { width: 100%; text-align: left; border: 0; background: none; color: inherit; padding: 6px 8px; border-radius: 8px; cursor: pointer; font: inherit; }
aside .list button:hover { background: #f0f4f1; }
aside .list button.active { background: #e3f7ea; font-weight: 600; }
form.inline { display: flex; gap: 6px; }
input, select, button { font: inherit; }
input { padding: 6px 8px; border: 1px solid #cfd6dd; border-radius: 8px; min-width: 0; }
aside input:not([type=checkbox]) { width: 100%; }
aside button, #location button, #composer button { border: 0; background: #06c755; color: #fff; border-radius: 8px; padding: 6px 10px; cursor: pointer; }
#new-group button { width: 100%; margin-top: 6px; }
.checks { display: flex; flex-direction: column; gap: 2px; margin: 6px 0 0; font-size: 14px; }
main { display: flex; flex-direction: column; height: 100vh; min-width: 0; }
header { display: flex; gap: 16px; align-items: center; justify-content: space-between; padding: 10px 16px; background: #273246; color: #fff; }
header select { max-width: 200px; }
#log { flex: 1; overflow-y: auto; padding: 16px; background: #8ca6ce; }
.row { display: flex; margin: 8px 0; gap: 8px; align-items: flex-end; }
.row.in { justify-content: flex-end; }
.who { font-size: 11px; color: #f5f7fb; margin: 0 4px 2px; }
.bubble { max-width: min(70%, 560px); padding: 8px 12px; border-radius: 18px; white-space: pre-wrap; overflow-wrap: break-word; background: #fff; }
.in .bubble { background: #85e249; }
.bubble.faint { background: rgba(255,255,255,.55); font-size: 13px; }
.system { text-align: center; font-size: 12px; color: #fff; margin: 10px 0; }
.system.error { color: #ffe1e1; font-weight: 600; }
.mention { color: #0b57d0; font-weight: 600; }
.card { background: #fff; border-radius: 14px; overflow: hidden; min-width: 220px; max-width: 300px; flex: 0 0 auto; box-shadow: 0 1px 2px rgba(0,0,0,.15); }
.card > .part { padding: 10px 12px; }
.card > .header { background: #f7f9fb; font-weight: 600; }
.carousel { display: flex; gap: 8px; overflow-x: auto; max-width: 100%; padding-bottom: 4px; }
.box.horizontal, .box.baseline { display: flex; gap: 6px; align-items: baseline; }
.box.horizontal > *, .box.baseline > * { flex: 1 1 0; min-width: 0; }
.box.vertical { display: flex; flex-direction: column; gap: 4px; }
.ftext { white-space: pre-wrap; overflow-wrap: anywhere; }
.ftext.bold { font-weight: 700; }
.fimg { background: #eef1f4; color: #6b7280; text-align: center; padding: 14px; border-radius: 8px; font-size: 13px; }
hr { border: 0; border-top: 1px solid #e5e7eb; margin: 6px 0; width: 100%; }
.btn { display: block; text-align: center; border: 1px solid #06c755; color: #06c755; background: #fff; border-radius: 8px; padding: 6px 10px; margin-top: 4px; cursor: pointer; text-decoration: none; font: inherit; }
.btn.primary { background: #06c755; color: #fff; }
.btn.link { border-color: transparent; }
.alt { font-size: 11px; color: #6b7280; padding: 4px 12px 8px; }
#quick { display: flex; gap: 6px; overflow-x: auto; padding: 6px 12px; background: #f4f6f8; min-height: 0; }
#quick:empty { display: none; }
.chip { flex: 0 0 auto; border: 1px solid #06c755; color: #067a37; background: #fff; border-radius: 16px; padding: 4px 12px; cursor: pointer; text-decoration: none; font: inherit; }
#composer, #location { display: flex; gap: 6px; padding: 10px 12px; background: #fff; border-top: 1px solid #dfe3e8; }
#composer #text { flex: 1; }
#location input { flex: 1; }
#composer button[type=button] { background: #f0f4f1; color: inherit; }
button:disabled { opacity: .5; cursor: default; }
@media (max-width: 720px) { body { grid-template-columns: 1fr; grid-template-rows: auto 1fr; } aside { max-height: 35vh; } }
`;
