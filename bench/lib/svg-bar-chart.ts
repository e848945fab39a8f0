/** A horizontal bar chart as plain SVG text (no dependencies): one bar per row, value at its end. */
export interface Bar {
  label: string;
  value: number;
  /** Text after the value, e.g. "p99 7 ms". */
  note?: string;
  color: string;
}

export interface ChartOptions {
  title: string;
  /** Small grey lines under the title. */
  subtitle: string[];
  unit: string;
  bars: Bar[];
  legend: { label: string; color: string }[];
}

const LABEL_WIDTH = 210;
const BAR_AREA = 400;
const NOTE_WIDTH = 190;
const ROW = 26;
const LINE = 17;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function legend(entries: { label: string; color: string }[], y: number): string[] {
  let x = 12;
  return entries.flatMap(({ label, color }) => {
    const item = [`  <rect x="${x}" y="${y - 10}" width="12" height="12" fill="${escape(color)}"/>`, `  <text x="${x + 17}" y="${y}">${escape(label)}</text>`];
    x += 17 + label.length * 7 + 16;
    return item;
  });
}

export function svgBarChart(options: ChartOptions): string {
  const width = LABEL_WIDTH + BAR_AREA + NOTE_WIDTH;
  const legendY = 40 + options.subtitle.length * LINE;
  const top = legendY + 14;
  const height = top + options.bars.length * ROW + 12;
  const max = Math.max(1, ...options.bars.map((bar) => bar.value));
  const rows = options.bars.flatMap((bar, i) => {
    const y = top + i * ROW;
    const length = Math.max(1, Math.round((bar.value / max) * BAR_AREA));
    const value = `${Math.round(bar.value).toLocaleString('en-US')} ${options.unit}${bar.note ? ` · ${bar.note}` : ''}`;
    return [
      `  <text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escape(bar.label)}</text>`,
      `  <rect x="${LABEL_WIDTH}" y="${y + 3}" width="${length}" height="${ROW - 8}" fill="${escape(bar.color)}"/>`,
      `  <text x="${LABEL_WIDTH + length + 6}" y="${y + 15}">${escape(value)}</text>`,
    ];
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `  <rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `  <text x="12" y="22" font-size="15" font-weight="bold">${escape(options.title)}</text>`,
    ...options.subtitle.map((line, i) => `  <text x="12" y="${40 + i * LINE}" fill="#555555" font-size="11">${escape(line)}</text>`),
    ...legend(options.legend, legendY),
    ...rows,
    '</svg>',
    '',
  ].join('\n');
}
