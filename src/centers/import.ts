import { z } from 'zod';
import { thailand, type Geography } from '../geo';
import { checkCenter, resolveCenter, type Conflict, type FieldIssue } from './decide';
import type { CenterStore } from './store';
import { centerExport } from './views';
import type { Center, CenterEnv } from './types';

/**
 * `npm run centers -- import centers.json` / `export`: the whole file is checked first (each center
 * on its own, against the database and against the file's other centers), and only a file without
 * a single problem is written. Centers not in the file are left as they are.
 */

const fileSchema = z.union([z.array(z.unknown()), z.object({ centers: z.array(z.unknown()) }).transform((o) => o.centers)]);

export type ImportProblem =
  | { index: number; code?: string; issues: FieldIssue[] }
  | { index: number; code: string; conflicts: Conflict[] }
  | { index: number; code: string; error: 'home_center' | 'duplicate_code' };

export type ImportResult =
  | { ok: true; written: Array<{ code: string; created: boolean; changed: boolean }> }
  /** `written`: what was written before a concurrent change stopped the import (empty when checks failed). */
  | { ok: false; problems: ImportProblem[]; written: Array<{ code: string; created: boolean; changed: boolean }> };

export async function importCenters(
  store: CenterStore,
  file: unknown,
  opts: { env: CenterEnv; now: Date; geo?: Geography },
): Promise<ImportResult> {
  const geo = opts.geo ?? thailand();
  const parsed = fileSchema.safeParse(file);
  if (!parsed.success) return { ok: false, problems: [{ index: -1, issues: [{ field: 'file', reason: 'must be a JSON array of centers' }] }], written: [] };

  const items = parsed.data.map((raw, index) => {
    const { code, ...body } = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    return { index, code: typeof code === 'string' ? code : '', body };
  });
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.code)) problems.push({ index: it.index, code: it.code, error: 'duplicate_code' });
    seen.add(it.code);
  }

  // Each center is checked against the stored centers the file leaves alone and the file's others.
  const stored = (await store.list()).filter((c) => !c.home && !seen.has(c.code));
  const fromFile: Center[] = [];
  for (const it of items) {
    const r = checkCenter(it.code, it.body, { geo, home: store.home, others: stored });
    if (!r.ok) {
      if (r.status === 400) problems.push({ index: it.index, code: it.code || undefined, issues: r.issues });
      else if (r.error === 'home_center') problems.push({ index: it.index, code: it.code, error: 'home_center' });
      else problems.push({ index: it.index, code: it.code, conflicts: r.conflicts });
      continue;
    }
    fromFile.push(resolveCenter({ ...r.record, updatedAt: opts.now }, opts.env));
  }
  const groups = (c: Center) => [c.dutyGroupId, c.nightGroupId, c.escalationGroupId].filter((g): g is string => !!g);
  for (const [i, c] of fromFile.entries()) {
    const conflicts = fromFile.slice(0, i).flatMap((o) => [
      ...c.provinces.filter((p) => o.provinces.includes(p)).map((p): Conflict => ({ kind: 'province', value: p, name: geo.province(p)?.name, center: o.code })),
      ...groups(c).filter((g) => groups(o).includes(g)).map((g): Conflict => ({ kind: 'group', value: g, center: o.code })),
    ]);
    if (conflicts.length) problems.push({ index: items.find((it) => it.code === c.code)!.index, code: c.code, conflicts });
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.index - b.index), written: [] };

  // A province moving between two centers of the file is free only once its old center is written:
  // write what can be written, then retry the rest (each pass writes at least one, or stops).
  const written: Array<{ code: string; created: boolean; changed: boolean }> = [];
  let pending = items;
  for (let pass = 0; pending.length && pass <= items.length; pass++) {
    const next: Array<(typeof items)[number] & { conflicts: Conflict[] }> = [];
    for (const it of pending) {
      const r = await store.put(it.code, it.body, opts.now);
      if (r.ok) written.push({ code: it.code, created: r.created, changed: r.changed });
      else if (r.status === 409 && r.error === 'conflict') next.push({ ...it, conflicts: r.conflicts });
      else return { ok: false, problems: [{ index: it.index, code: it.code, issues: r.status === 400 ? r.issues : [] }], written };
    }
    // No progress: another writer holds what the file wants (it changed after the check).
    if (next.length === pending.length) return { ok: false, problems: next.map(({ index, code, conflicts }) => ({ index, code, conflicts })), written };
    pending = next;
  }
  return { ok: true, written };
}

/** The stored centers (not the home center, which the environment defines) as an import file. */
export async function exportCenters(store: CenterStore): Promise<Array<Record<string, unknown>>> {
  return (await store.list()).filter((c) => !c.home).map(centerExport);
}
