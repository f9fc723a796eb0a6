import { createLogger, type Logger } from '@plantwatch/shared';

/** A logger that keeps its JSON lines in memory, so tests can read what was logged. */
export function createMemoryLogger(): {
  logger: Logger;
  lines: string[];
  entries(): Record<string, unknown>[];
} {
  const lines: string[] = [];
  const logger = createLogger({
    name: 'console-test',
    level: 'debug',
    destination: { write: (line: string) => lines.push(line) },
  });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
