import { readFileSync } from 'node:fs';
import { GEO_DATA_FILE, deriveFileText } from '../../scripts/geo-data';

describe('geo-data/thailand.json', () => {
  it('when derived again from the pinned packages, then it is byte for byte the committed file', async () => {
    expect(await deriveFileText()).toBe(readFileSync(GEO_DATA_FILE, 'utf8'));
  });
});
