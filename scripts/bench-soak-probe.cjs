// @ts-check
/**
 * Preloaded (`node --require`) into the processes scripts/bench-soak.ts measures: the service
 * (`node scripts/start.js`, i.e. `npm start` as deployed) and the in-memory MongoDB server. It
 * answers the bench over the IPC channel fork() opens and changes nothing else in the process:
 *   { type: 'memory', id, gc? }        → { type: 'memory', id, memory: process.memoryUsage() }
 *                                        (after a full GC first when gc is set and --expose-gc is on)
 *   { type: 'heapsnapshot', id, file } → { type: 'heapsnapshot', id, file } once written
 * Plain JavaScript so that it loads before any TypeScript loader; without IPC it does nothing.
 */
'use strict';
const v8 = require('node:v8');

if (process.send) {
  process.on('message', (m) => {
    if (!m || typeof m !== 'object' || !process.send) return;
    if (m.type === 'memory') {
      const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
      if (m.gc && gc) gc();
      process.send({ type: 'memory', id: m.id, memory: process.memoryUsage() });
    } else if (m.type === 'heapsnapshot') {
      process.send({ type: 'heapsnapshot', id: m.id, file: v8.writeHeapSnapshot(m.file) });
    }
  });
  // Never outlive the bench: when it goes, so does this process.
  process.on('disconnect', () => process.exit(0));
}
