/**
 * Cutting text to LINE's limits. LINE counts UTF-16 code units (see src/line/limits.ts); cutting by
 * code points keeps an emoji from being split into half a surrogate pair.
 */
export function excerpt(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let out = '';
  for (const ch of flat) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Like `excerpt` but keeps line breaks (for message bodies rather than one-line summaries). */
export function clip(s: string, max: number): string {
  const t = s.trim();
  if (t.length <= max) return t;
  let out = '';
  for (const ch of t) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
