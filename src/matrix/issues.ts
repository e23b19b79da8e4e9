import type { z } from 'zod';
import type { Finding } from './check.ts';
import { fixFor } from './fixes.ts';

type Issue = z.core.$ZodIssue;
type Path = PropertyKey[];

function valueAt(raw: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), raw);
}

/**
 * A union (a workload is a name or a mapping; a claim an id or a mapping)
 * fails as a whole; the branch whose type matched says what is wrong inside it.
 */
function unwrapUnions(issue: Issue, prefix: Path): Array<{ issue: Issue; path: Path }> {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ issue, path }];
  const matched = issue.errors.find((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
  if (matched) return matched.flatMap((i) => unwrapUnions(i, path));
  const expected = issue.errors.flatMap((branch) => branch.map((i) => (i.code === 'invalid_type' ? i.expected : ''))).filter(Boolean);
  return [{ issue: { ...issue, message: `Invalid input: expected ${[...new Set(expected)].join(' or ')}` }, path }];
}

/** The schema's issues as findings with their fix; a missing key says so by name. */
export function schemaFindings(issues: readonly Issue[], raw: unknown): Finding[] {
  return issues.flatMap((top) =>
    unwrapUnions(top, []).map(({ issue, path }) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const last = path.at(-1);
      const missing = issue.code === 'invalid_type' && typeof last === 'string' && valueAt(raw, path) === undefined;
      return { path, key: keys[0], message: missing ? `'${last}' is missing` : issue.message, fix: fixFor(path, issue.code, keys) };
    }),
  );
}
