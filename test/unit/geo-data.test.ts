import { readFileSync } from 'node:fs';
import { GEO_DATA_FILE, deriveFileText } from '../../scripts/geo-data';

describe('geo-data/thailand.json', () => {
  // Parsing the world's 34 MB of polygons and 928 district look-ups take several seconds on a
  // loaded two-core machine: more than the suite's default timeout.
  it('when derived again from the pinned packages, then it is byte for byte the committed file', async () => {
    expect(await deriveFileText()).toBe(readFileSync(GEO_DATA_FILE, 'utf8'));
  }, 120_000);
});
