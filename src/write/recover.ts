import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { replaceDurably } from './durable-file.ts';
import { COLD_STARTS_FILE, HISTOGRAMS_FILE, readResultRows, RESULTS_FILE } from './results-writer.ts';

/** The text up to the end of its last whole CSV record: a newline outside quotes. */
function wholeCsvRecords(text: string): string {
  let quoted = false;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === '\n' && !quoted) end = i + 1;
  }
  return text.slice(0, end);
}

/** A histograms.jsonl line's run id; null for a line that is not one. */
function runIdOf(line: string): string | null {
  try {
    return (JSON.parse(line) as { run_id?: string }).run_id ?? null;
  } catch {
    return null;
  }
}

/** The text up to its last newline. */
const wholeLines = (text: string) => text.slice(0, text.lastIndexOf('\n') + 1);

/** Rewrites a file to keep only what `keep` returns; the number of lines it dropped. */
function rewrite(file: string, keep: (text: string) => { text: string; dropped: number }): number {
  if (!fs.existsSync(file)) return 0;
  const before = fs.readFileSync(file, 'utf8');
  const { text, dropped } = keep(before);
  if (text !== before) replaceDurably(file, text);
  return dropped;
}

/**
 * Makes a folder that a crash, a kill or a full disk left fit to resume.
 * results.csv gets each run's row last, so it says which runs are done: a
 * torn last line goes from every file, and cold-starts.csv and
 * histograms.jsonl lose the lines of runs results.csv lacks (the run in
 * flight), which --resume runs again. Returns the lines dropped.
 */
export function recoverFolder(dir: string): number {
  let dropped = rewrite(path.join(dir, RESULTS_FILE), (text) => {
    const whole = wholeCsvRecords(text);
    return { text: whole, dropped: whole === text ? 0 : 1 };
  });
  const done = new Set(readResultRows(dir).map((r) => r.run_id));
  dropped += rewrite(path.join(dir, COLD_STARTS_FILE), (text) => {
    const whole = wholeCsvRecords(text);
    const torn = whole === text ? 0 : 1;
    const [header, ...rows] = parse(whole, { relax_column_count: true }) as string[][];
    if (!header) return { text: '', dropped: torn };
    const runId = header.indexOf('run_id');
    const kept = rows.filter((r) => done.has(r[runId] ?? ''));
    return kept.length === rows.length && !torn ? { text, dropped: 0 } : { text: stringify([header, ...kept]), dropped: rows.length - kept.length + torn };
  });
  dropped += rewrite(path.join(dir, HISTOGRAMS_FILE), (text) => {
    const lines = text.split('\n').filter(Boolean);
    // A torn or unreadable line goes too: it holds no histogram to read.
    const kept = wholeLines(text).split('\n').filter((line) => line && done.has(runIdOf(line) ?? ''));
    const out = kept.map((line) => `${line}\n`).join('');
    return { text: out, dropped: lines.length - kept.length };
  });
  return dropped;
}
