import { z } from 'zod';

/**
 * Keyset pagination over (createdAt desc, _id desc): the cursor is the position of the last item
 * served, so pages neither repeat nor skip cases when new ones arrive meanwhile. Opaque to callers
 * (base64url JSON) so its shape can change.
 */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

const wire = z.strictObject({ t: z.number().int().nonnegative(), i: z.string().regex(/^[0-9a-f]{24}$/) });

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify({ t: p.createdAt.getTime(), i: p.id }), 'utf8').toString('base64url');
}

export function decodeCursor(s: string): CursorPosition | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return undefined;
  try {
    const parsed = wire.safeParse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown);
    return parsed.success ? { createdAt: new Date(parsed.data.t), id: parsed.data.i } : undefined;
  } catch {
    return undefined;
  }
}
