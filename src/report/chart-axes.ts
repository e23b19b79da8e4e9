import type { CellSummary } from '../types.ts';
import { cellFlags, flagMeanings } from './cell-flags.ts';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Vega-Lite reads dots as nested fields: env.GOMAXPROCS becomes GOMAXPROCS, build.tags build_tags. */
export const fieldOf = (column: string) => column.replace(/^param_/, '').replace(/^env_/, '');
export const num = (v: unknown) => (v === '' || v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v));
export const axisValue = (v: unknown) => (v === '' || v === null || v === undefined ? 'unset' : String(v));

/** Axes (param columns) with more than one value in these summaries, in matrix order. */
export function varying(summaries: CellSummary[]): Array<`param_${string}`> {
  const columns = Object.keys(summaries[0] ?? {}).filter((k): k is `param_${string}` => k.startsWith('param_'));
  return columns.filter((c) => new Set(summaries.map((s) => String(s[c] ?? ''))).size > 1);
}

/** A cell named by the axes that vary in this sweep only: `cpus=1 GOMAXPROCS=16`. */
export function shortLabels(summaries: CellSummary[]): Map<string, string> {
  const axes = varying(summaries);
  return new Map(summaries.map((s) => [String(s.cell_id), axes.map((a) => `${fieldOf(a)}=${axisValue(s[a])}`).join(' ') || String(s.cell_label)]));
}

/** A cell's flags as a chart prints them beside it: `noisy driver-limited`, or '' for none. */
export const flagsText = (s: CellSummary | undefined) => (s ? cellFlags(s).join(' ') : '');

/** A cell's name with its flags in brackets: `cpus=2 [noisy driver-limited]`. */
export const flaggedLabel = (label: string, flags: string) => (flags ? `${label} [${flags}]` : label);

/** The summaries of the cells a chart draws. */
export const cellsIn = (summaries: CellSummary[], ids: { has: (id: string) => boolean }) => summaries.filter((s) => ids.has(s.cell_id));

/** The note under a chart that draws flagged cells hollow and prints their flags beside them; null when none is flagged. */
export function hollowNote(cells: CellSummary[]): string | null {
  const meanings = flagMeanings(cells);
  return meanings ? `hollow: flagged, flags beside the point (${meanings})` : null;
}

/** Vega-Lite's first category colour, the one a chart without a colour field draws in. */
const DEFAULT_COLOR = '#4c78a8';

/** Points filled for clean cells and hollow (outline only) for flagged ones, in their series' colour. */
export function pointsLayer(x: object, y: object, color: object | null, tooltip: object[]) {
  const colors = color ? { color, stroke: color } : {};
  return {
    mark: { type: 'point', filled: true, size: 60, strokeWidth: 1.5, ...(color ? {} : { stroke: DEFAULT_COLOR }) },
    encoding: { x, y, ...colors, fillOpacity: { condition: { test: "datum.flags !== ''", value: 0 }, value: 1 }, tooltip },
  };
}

/** A layer printing each flagged datum's flags just above its mark. */
export const flagsLayer = (x: object, y: object) => ({
  transform: [{ filter: "datum.flags !== ''" }],
  mark: { type: 'text', dy: -10, fontSize: 10, color: '#444' },
  encoding: { x, y, text: { field: 'flags' } },
});

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** An axis value as a number to sort by: `0.5` and `128m` have one, `netgo` has none. */
function magnitude(value: string): number | null {
  if (value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  const size = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(value);
  return size ? Number(size[1]) * (SIZE_UNITS[(size[2] ?? '').toLowerCase()] ?? 1) : null;
}

/** An axis's values in reading order: unset first, then by magnitude (128m before 1g), then by name. */
export function axisOrder(values: unknown[]): string[] {
  return [...new Set(values.map(axisValue))].sort((a, b) => {
    if (a === 'unset' || b === 'unset') return a === 'unset' ? -1 : b === 'unset' ? 1 : 0;
    const [ma, mb] = [magnitude(a), magnitude(b)];
    if (ma !== null && mb !== null && ma !== mb) return ma - mb;
    return a.localeCompare(b, 'en', { numeric: true });
  });
}

/** Lines of about `width` characters, broken between words, so a subtitle does not widen its chart; a word of 3 characters or fewer (`ms)`) stays on its line. */
export function wrap(text: string, width = 72): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && (last.length + 1 + word.length <= width || word.length <= 3)) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** A chart's title, with its notes (null for none) as the subtitle. */
export function titled(title: string, notes: Array<string | null>) {
  const subtitle = notes.filter((n): n is string => n !== null).flatMap((n) => wrap(n));
  return { text: title, anchor: 'start', ...(subtitle.length ? { subtitle } : {}) };
}
