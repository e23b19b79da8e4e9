import { DEFAULT_GATE } from './default-gate.ts';
import type { Metric } from './metrics.ts';
import { parseThreshold, type Threshold } from './thresholds.ts';

/** Where a threshold came from; a later source overrides an earlier one, metric by metric. */
export type ThresholdSource = 'default' | 'matrix gate' | '--threshold';

/** The threshold the gate applies to one metric, and where it came from. */
export interface GateRule {
  threshold: Threshold;
  source: ThresholdSource;
}

/** A rule as reports show it: the metric's short name, the limit as written (`+10%` of `p99:+10%`) and its source. */
export interface AppliedThreshold {
  metric: string;
  limit: string;
  source: ThresholdSource;
}

export function appliedThreshold(rule: GateRule): AppliedThreshold {
  const text = rule.threshold.text.trim();
  return { metric: rule.threshold.metric.name, limit: text.slice(text.indexOf(':') + 1), source: rule.source };
}

/**
 * The matrix's gate, then --threshold, metric by metric (the later wins).
 * Returns the rules by metric name, and what could not be read.
 */
export function explicitRules(matrixGate: string[], cliThresholds: string[]): { rules: Map<string, GateRule>; errors: Array<{ source: ThresholdSource; message: string }> } {
  const rules = new Map<string, GateRule>();
  const errors: Array<{ source: ThresholdSource; message: string }> = [];
  const written = [...matrixGate.map((text) => ({ text, source: 'matrix gate' as const })), ...cliThresholds.map((text) => ({ text, source: '--threshold' as const }))];
  for (const { text, source } of written) {
    const threshold = parseThreshold(text);
    if (typeof threshold === 'string') errors.push({ source, message: threshold });
    else rules.set(threshold.metric.name, { threshold, source });
  }
  return { rules, errors };
}

function defaultThreshold(metric: Metric, limit: string): Threshold {
  const parsed = parseThreshold(`${metric.name}:${limit}`);
  if (typeof parsed === 'string') throw new Error(`DEFAULT_GATE: ${parsed}`);
  return parsed;
}

/** One rule per compared metric that has one: explicit, else DEFAULT_GATE's (unless defaults are off). */
export function gateRules(metrics: Metric[], explicit: Map<string, GateRule>, useDefaults: boolean): GateRule[] {
  const rules: GateRule[] = [];
  for (const metric of metrics) {
    const rule = explicit.get(metric.name);
    const fallback = DEFAULT_GATE[metric.name];
    if (rule) rules.push(rule);
    else if (useDefaults && fallback) rules.push({ threshold: defaultThreshold(metric, fallback), source: 'default' });
  }
  return rules;
}
