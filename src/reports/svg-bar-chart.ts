/**
 * A horizontal bar chart as inline SVG: no script, no fonts or images to fetch, so the HTML
 * report opens offline and can be mailed as one file. Horizontal bars because Thai labels are long.
 */

export const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface Bar {
  label: string;
  value: number;
}

const ROW = 28;
const BAR = 18;
const LABEL_W = 260;
const PLOT_W = 360;
const VALUE_W = 60;
const PAD = 8;

export function barChartSvg(title: string, bars: Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = LABEL_W + PLOT_W + VALUE_W + PAD * 2;
  const height = PAD * 2 + ROW * Math.max(1, bars.length);
  const rows = bars.map((b, i) => {
    const y = PAD + i * ROW;
    const w = Math.round((b.value / max) * PLOT_W);
    const mid = y + ROW / 2;
    return [
      `<text x="${PAD + LABEL_W - 8}" y="${mid}" text-anchor="end" dominant-baseline="middle">${escapeXml(b.label)}</text>`,
      `<rect x="${PAD + LABEL_W}" y="${y + (ROW - BAR) / 2}" width="${w}" height="${BAR}" fill="#2f6db5"/>`,
      `<text x="${PAD + LABEL_W + w + 6}" y="${mid}" dominant-baseline="middle">${b.value}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="14">`,
    `<title>${escapeXml(title)}</title>`,
    ...rows,
    '</svg>',
  ].join('\n');
}
