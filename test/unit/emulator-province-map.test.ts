import { thailand } from '../../src/geo';
import { chatPageHtml } from '../../src/sandbox/web/chat-page';
import { provinceMap } from '../../src/sandbox/web/province-map';

describe("the browser chat's province map", () => {
  it("draws the province's own outline with its district offices inside it", () => {
    const map = provinceMap('แพร่');
    expect(map?.province).toBe('แพร่');
    expect(map?.points.map((p) => p.title)).toContain('ที่ว่าการอำเภอลอง');
    expect(map?.points).toHaveLength(8);
    const ring = map?.outline[0] ?? [];
    expect(ring.length).toBeGreaterThan(20);
    // Phrae lies within about 17.6–18.9 N, 99.2–100.6 E: the ring is that province's, not another's.
    for (const [lat, lng] of ring) {
      expect(lat).toBeGreaterThan(17.6);
      expect(lat).toBeLessThan(18.9);
      expect(lng).toBeGreaterThan(99.2);
      expect(lng).toBeLessThan(100.6);
    }
    for (const p of map?.points ?? []) expect(thailand().provinceAt({ lat: p.lat, lng: p.lng })?.province.name).toBe('แพร่');
  });

  it('labels each place on the map by its district name alone, whatever its office is called (อำเภอ or Bangkok\'s เขต)', () => {
    const map = provinceMap('แพร่');
    expect(map?.points.find((p) => p.title === 'ที่ว่าการอำเภอลอง')?.label).toBe('ลอง');
  });

  it('has no map for a province it does not know, and the page still renders', () => {
    expect(provinceMap('แอตแลนติส')).toBeUndefined();
    expect(chatPageHtml('แอตแลนติส')).toContain('"maps":[]');
  });

  it("embeds the map as data that cannot close the page's script element", () => {
    const html = chatPageHtml('แพร่');
    const data = /<script id="page-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).not.toContain('<');
    expect(JSON.parse(data).maps[0].province).toBe('แพร่');
  });
});
