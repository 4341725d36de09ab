// @ts-check
/**
 * Preloaded (`node --require`) into the processes scripts/bench-soak.ts measures: the service
 * (`node scripts/start.js`, i.e. `npm start` as deployed) and the in-memory MongoDB server. It
 * answers the bench over the IPC channel fork() opens and changes nothing else in the process:
 *   { type: 'memory', id, gc? }        → { type: 'memory', id, memory: process.memoryUsage(),
 *                                          spaces: { [V8 heap space]: { sizeMB, usedMB } },
 *                                          kernel: { RssAnon, RssFile, RssShmem } in MB (Linux),
 *                                          gc: { minor|major|incremental|weak: { n, ms } } since start }
 *                                        (after a full GC first when gc is set and --expose-gc is on)
 *   { type: 'heapsnapshot', id, file } → { type: 'heapsnapshot', id, file } once written
 * Plain JavaScript so that it loads before any TypeScript loader; without IPC it does nothing.
 */
'use strict';
const v8 = require('node:v8');
const { readFileSync } = require('node:fs');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const MB = 2 ** 20;

/** Per V8 heap space: what it has reserved and what is used in it (new space vs old space, etc.). */
function spaces() {
  /** @type {Record<string, { sizeMB: number, usedMB: number }>} */
  const out = {};
  for (const s of v8.getHeapSpaceStatistics()) {
    out[s.space_name.replace(/_space$/, '')] = { sizeMB: s.space_size / MB, usedMB: s.space_used_size / MB };
  }
  return out;
}

/** The kernel's split of the RSS: anonymous (heap, malloc), file-backed (the node binary, libraries). */
function kernel() {
  /** @type {Record<string, number>} */
  const out = {};
  try {
    for (const m of readFileSync('/proc/self/status', 'utf8').matchAll(/^(RssAnon|RssFile|RssShmem):\s+(\d+) kB/gm)) {
      out[m[1]] = Number(m[2]) / 1024;
    }
  } catch {
    // Not Linux: the bench prints what it has.
  }
  return out;
}

/** Collections and their main-thread pauses since the process started, by kind (perf_hooks gc entries). */
/** @type {Record<string, { n: number, ms: number }>} */
const gcTotals = { minor: { n: 0, ms: 0 }, major: { n: 0, ms: 0 }, incremental: { n: 0, ms: 0 }, weak: { n: 0, ms: 0 } };
const GC_KIND = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};

if (process.send) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = /** @type {Record<number, string>} */ (GC_KIND)[/** @type {{ kind?: number }} */ (e.detail ?? {}).kind ?? 0];
      const t = kind ? gcTotals[kind] : undefined;
      if (t) {
        t.n++;
        t.ms += e.duration;
      }
    }
  }).observe({ entryTypes: ['gc'] });

  process.on('message', (m) => {
    if (!m || typeof m !== 'object' || !process.send) return;
    if (m.type === 'memory') {
      const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
      if (m.gc && gc) gc();
      process.send({ type: 'memory', id: m.id, memory: process.memoryUsage(), spaces: spaces(), kernel: kernel(), gc: structuredClone(gcTotals) });
    } else if (m.type === 'heapsnapshot') {
      process.send({ type: 'heapsnapshot', id: m.id, file: v8.writeHeapSnapshot(m.file) });
    }
  });
  // Never outlive the bench: when it goes, so does this process.
  process.on('disconnect', () => process.exit(0));
}
