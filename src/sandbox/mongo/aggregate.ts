// Aggregation pipelines. Input documents may be the stored ones (`shared`): the stages done here
// never mutate their input, and before a mingo stage that might ($addFields, $set, …) the
// documents are copied once, so stored documents are never modified and never cloned wholesale
// for a read-only report.
import type { Document } from 'bson';
import { Aggregator, ProcessingMode } from 'mingo';
import { cloneValue, isPlainObject } from './bson-values';
import { compileBucket } from './bucket';
import { asCommandError, badValue, CommandError } from './errors';
import { compileFilter, filterFields } from './filter';
import { compileGroup, compileUnwind, fusableUnwind } from './group';
import { compileProjection } from './projection';
import { parseSort, sortDocs } from './sort';

export type PipelineRunner = (docs: Document[], pipeline: unknown[]) => Document[];

export interface PipelineContext {
  /** Documents of another collection of the same database ($lookup, $unionWith, $graphLookup). */
  resolve(name: string): Document[];
}

/** mingo stages that build new output documents and leave their input alone. */
const READ_ONLY_MINGO = new Set([
  '$project',
  '$group',
  '$lookup',
  '$bucketAuto',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$unionWith',
  '$graphLookup',
  '$sortByCount',
]);
/** Stages that bring other collections' stored documents into the stream. */
const IMPORTS_STORED = new Set(['$lookup', '$unionWith', '$graphLookup']);
const UNSUPPORTED = new Set(['$out', '$merge', '$changeStream', '$geoNear', '$search', '$collStats', '$indexStats', '$currentOp', '$listSessions']);

export function runPipeline(input: Document[], pipeline: unknown[], ctx: PipelineContext, shared = true): Document[] {
  let docs = input;
  let isShared = shared;
  for (let i = 0; i < pipeline.length; i++) {
    const raw: unknown = pipeline[i];
    if (!isPlainObject(raw)) throw badValue('Each element of the pipeline must be an object');
    const names = Object.keys(raw);
    if (names.length !== 1) throw badValue('A pipeline stage specification object must contain exactly one field.');
    const name = names[0];
    const spec: unknown = raw[name];
    if (UNSUPPORTED.has(name)) throw new CommandError(2, 'BadValue', `${name} is not supported by the in-memory MongoDB sandbox`);
    switch (name) {
      case '$match': {
        const m = compileFilter(spec as Document);
        docs = docs.filter((d) => m(d));
        continue;
      }
      case '$sort': {
        const { keys } = parseSort(spec);
        if (keys.length === 0) throw badValue('$sort stage must have at least one sort key');
        docs = sortDocs(docs, keys, (d) => d);
        continue;
      }
      case '$limit':
        docs = docs.slice(0, positive(spec, name));
        continue;
      case '$skip':
        docs = docs.slice(positive(spec, name, true));
        continue;
      case '$count': {
        if (typeof spec !== 'string' || spec.length === 0 || spec.startsWith('$') || spec.includes('.')) {
          throw badValue('the count field must be a non-empty string that does not start with $ or contain a .');
        }
        // mongod's $count is $group + $project: no input, no output document.
        docs = docs.length === 0 ? [] : [{ [spec]: docs.length }];
        isShared = false;
        continue;
      }
      case '$facet': {
        if (!isPlainObject(spec)) throw badValue('$facet requires an object');
        const out: Document = {};
        for (const [k, sub] of Object.entries(spec)) {
          if (!Array.isArray(sub)) throw badValue(`arguments to $facet must be arrays, ${k} is not`);
          out[k] = runPipeline(docs, sub, ctx, isShared);
        }
        docs = [out];
        continue;
      }
      case '$group': {
        const g = compileGroup(spec);
        if (g !== null) {
          docs = g(docs);
          continue;
        }
        break;
      }
      case '$unwind': {
        const next: unknown = pipeline[i + 1];
        const fusable = isPlainObject(next) && Object.keys(next).length === 1 && '$group' in next ? fusableUnwind(spec) : null;
        const fused = fusable !== null ? compileGroup((next as Document).$group, fusable) : null;
        if (fused !== null) {
          docs = fused(docs);
          i++;
        } else docs = compileUnwind(spec)(docs);
        continue;
      }
      case '$bucket':
        // Its groups may hold input documents ($push: '$$ROOT'): sharedness carries over, as after $group.
        docs = compileBucket(spec, (ds, stage) => mingoStage(ds, stage, ctx))(docs);
        continue;
      case '$project': {
        const p = simpleProjection(spec);
        if (p !== null) {
          docs = docs.map(p);
          continue;
        }
        break;
      }
      default:
        break;
    }
    if (!READ_ONLY_MINGO.has(name) && isShared) {
      docs = docs.map(cloneValue);
      isShared = false;
    }
    docs = mingoStage(docs, raw, ctx);
    if (IMPORTS_STORED.has(name)) isShared = true;
  }
  return docs;
}

/**
 * Adds to `out` the top-level fields of the input documents that a pipeline's result depends on;
 * false when it may depend on others (whole documents reach the output, `$$ROOT`, a stage not
 * analysed here). Stored documents can then be handed over with only those fields decoded.
 */
export function pipelineFields(pipeline: readonly unknown[], out: Set<string>): boolean {
  for (const stage of pipeline) {
    if (!isPlainObject(stage)) return false;
    const names = Object.keys(stage);
    if (names.length !== 1) return false;
    const spec: unknown = stage[names[0]];
    switch (names[0]) {
      case '$match':
        if (!filterFields(spec, out)) return false;
        continue;
      case '$sort':
        if (!isPlainObject(spec)) return false;
        for (const k of Object.keys(spec)) out.add(k.split('.')[0]);
        continue;
      case '$limit':
      case '$skip':
        continue;
      case '$unwind': {
        const path: unknown = typeof spec === 'string' ? spec : isPlainObject(spec) ? spec.path : undefined;
        if (typeof path !== 'string' || !path.startsWith('$') || path.startsWith('$$')) return false;
        out.add(path.slice(1).split('.')[0]);
        continue;
      }
      case '$group':
        // Builds new documents from the expressions alone: later stages read those.
        return isPlainObject(spec) && Object.values(spec).every((e) => exprFields(e, out));
      case '$count':
        return true;
      case '$facet':
        return isPlainObject(spec) && Object.values(spec).every((sub) => Array.isArray(sub) && pipelineFields(sub, out));
      case '$project': {
        if (!isPlainObject(spec)) return false;
        let withId = true;
        for (const [k, v] of Object.entries(spec)) {
          if (k === '_id' && (v === 0 || v === false)) withId = false;
          else if (k.startsWith('$') || !(v === 1 || v === true)) return false;
          else out.add(k.split('.')[0]);
        }
        if (withId) out.add('_id');
        return true;
      }
      default:
        return false;
    }
  }
  // The (filtered, reordered) input documents themselves are the result.
  return false;
}

/** Adds the top-level fields an expression reads; false when it reads the whole document. */
function exprFields(expr: unknown, out: Set<string>): boolean {
  if (typeof expr === 'string') {
    if (expr.startsWith('$$')) return !(expr === '$$ROOT' || expr === '$$CURRENT' || expr.startsWith('$$ROOT.') || expr.startsWith('$$CURRENT.'));
    if (expr.startsWith('$')) out.add(expr.slice(1).split('.')[0]);
    return true;
  }
  if (Array.isArray(expr)) return expr.every((e) => exprFields(e, out));
  if (isPlainObject(expr)) return Object.values(expr).every((e) => exprFields(e, out));
  return true;
}

function simpleProjection(spec: unknown): ((d: Document) => Document) | null {
  if (!isPlainObject(spec)) return null;
  const flagsOnly = Object.entries(spec).every(([k, v]) => !k.includes('.') && !k.startsWith('$') && (typeof v === 'number' || typeof v === 'boolean'));
  return flagsOnly ? compileProjection(spec, undefined) : null;
}

function positive(v: unknown, stage: string, allowZero = false): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0 || (!allowZero && n === 0)) throw badValue(`invalid argument to ${stage} stage`);
  return n;
}

function mingoStage(docs: Document[], stage: Document, ctx: PipelineContext): Document[] {
  try {
    const agg = new Aggregator([stage], {
      processingMode: ProcessingMode.CLONE_OFF,
      collectionResolver: (name: string) => ctx.resolve(name),
    });
    // A copy of the array: mingo may reorder its input in place, and facets share theirs.
    return agg.run<Document>(docs.slice());
  } catch (e) {
    throw asCommandError(e);
  }
}
