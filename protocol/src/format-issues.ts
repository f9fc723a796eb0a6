import type { z } from 'zod';

/** `targets[2].port` from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One line per problem, each naming the path that failed: `targets[2].port: expected integer`. */
export function formatIssues(error: z.ZodError, limit = 20): string[] {
  const lines = error.issues
    .slice(0, limit)
    .map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
  if (error.issues.length > limit) lines.push(`... and ${error.issues.length - limit} more problems`);
  return lines;
}
