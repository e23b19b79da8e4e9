import type { TopLevelSpec } from 'vega-lite';

/** One chart of a report: a Vega-Lite spec with its id, title and notes. */
export interface Chart {
  id: string;
  title: string;
  /** What the reader should know that the marks do not show: a missing interval, a phase left out, what a hollow point means. */
  notes: string[];
  spec: TopLevelSpec;
}
