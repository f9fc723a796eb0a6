/**
 * @plantwatch/shared owns the small pieces both the agent and the console need and that carry no
 * product logic: the one error type with its codes, the structured logger, and canonical JSON with
 * SHA-256 hashing (the basis of every configuration fingerprint). It has no workspace dependencies.
 */
export { canonicalJson, sha256Hex } from './canonical-json.ts';
export { type ErrorCode, errorMessage, isPlantwatchError, PlantwatchError } from './errors.ts';
export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
