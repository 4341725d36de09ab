import { WORKER_SLOTS } from '../../src/queue/keyed-queue';
import { MAX_POOL_SIZE } from '../../src/store/connection';

describe('worker slots and the connection pool', () => {
  it('when every queue drains as many keys as it may, then connections are left for webhook inserts', () => {
    const workers = Object.values(WORKER_SLOTS).reduce((a, b) => a + b, 0);
    // Room for a burst of webhook inserts, the heartbeat and the admin API beside the workers.
    expect(MAX_POOL_SIZE - workers).toBeGreaterThanOrEqual(8);
  });
});
