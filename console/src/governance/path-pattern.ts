/**
 * Ignore-rule path patterns: a glob over value paths where `*` matches any run of characters
 * (dots and brackets included) and `?` one character; everything else is literal. `setpoints[*]`,
 * `identity.vendorUrl`, `*.counter`.
 */
export function compilePathPattern(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export const PATH_PATTERN = /^[A-Za-z0-9_.:\-[\]*?]+$/;
