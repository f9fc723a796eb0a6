import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';

export type Logger = PinoLogger;

export interface LoggerOptions {
  /** The component name, written on every line (`agent`, `console`, ...). */
  name: string;
  level?: string;
  /** Where lines go; standard error by default so that a command's standard output stays data. */
  destination?: DestinationStream;
}

/** Structured JSON lines. Use `logger.child({ site, agent, target })` to carry context. */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? process.env.PLANTWATCH_LOG_LEVEL ?? 'info';
  return pino({ name: options.name, level, base: undefined }, options.destination ?? pino.destination(2));
}
