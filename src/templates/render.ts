import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';

/**
 * Flex messages live as JSON data in `flex-templates/<name>.json` with `${placeholder}` slots.
 * A string that is exactly `"${name}"` is replaced by the variable's value as JSON (so a slot can
 * take an array of rendered boxes); a slot inside a longer string is replaced by its text.
 * Every template is rendered through its zod variables schema (see `defineTemplate`).
 */

export const TEMPLATE_DIR = join(__dirname, '..', '..', 'flex-templates');

const cache = new Map<string, unknown>();
const whole = /^\$\{(\w+)\}$/;
const inline = /\$\{(\w+)\}/g;

function load(name: string): unknown {
  let t = cache.get(name);
  if (t === undefined) {
    t = JSON.parse(readFileSync(join(TEMPLATE_DIR, `${name}.json`), 'utf8')) as unknown;
    cache.set(name, t);
  }
  return t;
}

function fill(node: unknown, vars: Record<string, unknown>, name: string): unknown {
  if (typeof node === 'string') {
    const m = whole.exec(node);
    if (m) {
      if (!(m[1] in vars)) throw new Error(`template ${name}: missing variable ${m[1]}`);
      return vars[m[1]];
    }
    return node.replace(inline, (_, k: string) => {
      if (!(k in vars)) throw new Error(`template ${name}: missing variable ${k}`);
      return String(vars[k]);
    });
  }
  if (Array.isArray(node)) return node.map((n) => fill(n, vars, name));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const filled = fill(v, vars, name);
      // A slot given `undefined` drops its property (optional parts such as a missing map link).
      if (filled !== undefined) out[k] = filled;
    }
    return out;
  }
  return node;
}

export interface Template<S extends z.ZodType> {
  name: string;
  schema: S;
  render(vars: z.input<S>): unknown;
}

/** A template with its typed variables: `render` validates the variables, then fills the slots. */
export function defineTemplate<S extends z.ZodType>(name: string, schema: S): Template<S> {
  return {
    name,
    schema,
    render: (vars) => fill(load(name), schema.parse(vars) as Record<string, unknown>, name),
  };
}
