import type { Response } from 'express';
import type { z } from 'zod';

/**
 * 400 answers name the field and the reason, never the value that was sent (it may be personal
 * data) and never a stack.
 */
export interface FieldIssue {
  field: string;
  reason: string;
}

export function issuesOf(error: z.ZodError, root: string): FieldIssue[] {
  const field = (path: PropertyKey[]) => (path.length ? path.map(String).join('.') : root);
  return error.issues.flatMap((i) =>
    // An unknown key is named (a name, not a value) so the caller can see which one is a typo.
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: field([...i.path, k]), reason: 'unknown field' }))
      : [{ field: field(i.path), reason: i.message }],
  );
}

export function sendInvalid(res: Response, issues: FieldIssue[]): void {
  res.status(400).json({ error: 'invalid_request', issues });
}

/** Parses `value` or answers 400 and returns undefined. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, res: Response, root: string): z.output<S> | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  sendInvalid(res, issuesOf(r.error, root));
  return undefined;
}
