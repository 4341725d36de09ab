import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The sandbox (in-memory MongoDB server, LINE emulator, browser chat) is a development part: the
 * production path must not be able to reach it except through the one lazy switch in main.ts.
 * This reads the real import graph of src/ with the TypeScript parser.
 */

const ROOT = resolve(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const SANDBOX = join(SRC, 'sandbox');
const rel = (f: string) => relative(ROOT, f).split('\\').join('/');

interface Imports {
  /** `import … from`, `export … from`, `import x = require()`, `require()`: loaded with the module. */
  eager: string[];
  /** `await import()`: loaded only when that code runs. */
  lazy: string[];
}

function importsOf(file: string): Imports {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: Imports = { eager: [], lazy: [] };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.eager.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) out.eager.push(e.text);
    } else if (ts.isCallExpression(node) && node.arguments.length && ts.isStringLiteral(node.arguments[0])) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) out.lazy.push(node.arguments[0].text);
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') out.eager.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Resolves a relative specifier to a file under src/ (packages and JSON are not followed). */
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : name.endsWith('.ts') ? [full] : [];
  });
}

const inSandbox = (f: string) => f === SANDBOX || f.startsWith(`${SANDBOX}/`) || f.startsWith(`${SANDBOX}\\`);

/** Every module loaded eagerly from the entry points, with the chain that reaches it. */
function eagerGraph(entries: string[]): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const queue: Array<[string, string[]]> = entries.map((e) => [e, [rel(e)]]);
  while (queue.length) {
    const [file, chain] = queue.shift()!;
    if (reached.has(file)) continue;
    reached.set(file, chain);
    for (const spec of importsOf(file).eager) {
      const target = resolveLocal(file, spec);
      if (target && !reached.has(target)) queue.push([target, [...chain, rel(target)]]);
    }
  }
  return reached;
}

describe('the sandbox stays out of the production path', () => {
  it('when the service starts (main.ts, service.ts), then no module it loads eagerly is under src/sandbox', () => {
    const graph = eagerGraph([join(SRC, 'main.ts'), join(SRC, 'service.ts')]);
    // The walk must really follow the graph, or the check below would pass on nothing.
    expect(graph.has(join(SRC, 'http', 'app.ts'))).toBe(true);
    expect(graph.has(join(SRC, 'intake', 'decide.ts'))).toBe(true);
    const leaks = [...graph.entries()].filter(([f]) => inSandbox(f)).map(([, chain]) => chain.join(' → '));
    expect(leaks).toEqual([]);
  });

  it('when any module outside src/sandbox imports it, then only through a lazy import() in the allowed switches', () => {
    // main.ts: the one sandbox switch of the service. report-db.ts: the report script's demo database
    // (npm run report with no MONGODB_URI), which the service never loads (checked above).
    const allowedLazy = new Set(['src/main.ts', 'src/reports/report-db.ts']);
    const offences: string[] = [];
    for (const file of walk(SRC).filter((f) => !inSandbox(f))) {
      const { eager, lazy } = importsOf(file);
      for (const spec of eager) {
        const t = resolveLocal(file, spec);
        if (t && inSandbox(t)) offences.push(`${rel(file)} imports ${spec}`);
      }
      for (const spec of lazy) {
        const t = resolveLocal(file, spec);
        if (t && inSandbox(t) && !allowedLazy.has(rel(file))) offences.push(`${rel(file)} lazily imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('when main.ts switches to the sandbox, then it goes through src/sandbox/index.ts only', () => {
    const main = join(SRC, 'main.ts');
    const targets = importsOf(main).lazy.map((s) => resolveLocal(main, s)).filter((t): t is string => !!t && inSandbox(t));
    expect(targets.map(rel)).toEqual(['src/sandbox/index.ts']);
  });

  it('when the production dependencies are installed alone, then nothing outside src/sandbox needs mingo or bson', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies.mingo).toBeUndefined();
    expect(pkg.dependencies.bson).toBeUndefined();
    expect(pkg.devDependencies).toEqual(expect.objectContaining({ mingo: expect.any(String), bson: expect.any(String) }));
    const users = walk(SRC)
      .filter((f) => !inSandbox(f))
      .filter((f) => importsOf(f).eager.concat(importsOf(f).lazy).some((s) => s === 'mingo' || s.startsWith('mingo/') || s === 'bson'));
    expect(users.map(rel)).toEqual([]);
  });
});
