import { exprPath } from '../src/sandbox/mongo/paths';
import { isPlainObject } from '../src/sandbox/mongo/bson-values';
const docs = Array.from({ length: 100000 }, (_, i) => ({ a: 1, location: { district: `D${i % 50}`, province: 'B' } }));
const parts = ['location', 'district'];
function local(v: unknown): boolean { if (typeof v !== 'object' || v === null) return false; const p = Object.getPrototypeOf(v); return p === Object.prototype || p === null; }
function exprLocal(value: unknown, ps: readonly string[]): unknown { let cur = value; for (let i = 0; i < ps.length; i++) { if (Array.isArray(cur)) return undefined; if (!local(cur)) return undefined; cur = (cur as Record<string, unknown>)[ps[i]]; } return cur; }
for (let r = 0; r < 5; r++) {
  let t = performance.now(); let n = 0;
  for (const d of docs) if (exprPath(d, parts) !== undefined) n++;
  const a = performance.now() - t; t = performance.now();
  for (const d of docs) if (exprLocal(d, parts) !== undefined) n++;
  const b = performance.now() - t; t = performance.now();
  for (const d of docs) if (isPlainObject(d)) n++;
  console.log('exprPath', a.toFixed(1), 'local', b.toFixed(1), 'isPlain import', (performance.now() - t).toFixed(1), n);
}
