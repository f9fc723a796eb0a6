import { idSchema } from '@plantwatch/protocol';
import { z } from 'zod';
import { PATH_PATTERN } from './path-pattern.ts';
import { DECISIONS, IGNORE_SCOPES } from './vocabulary.ts';

/**
 * The shapes of what people send: decisions, ignore rules, change windows, owners. Routes parse
 * request bodies and form fields with these; services receive the parsed values.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .regex(NO_CONTROL, 'must not contain control characters');
/** Free text that may span lines (comments, notes): tabs and newlines allowed, other controls not. */
const note = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
    .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'must not contain control characters');

/** Names reserved for the console's own entries in the audit log. */
const RESERVED_ACTORS = new Set(['system', 'config-file']);

/**
 * Who does something. Until accounts exist (a later issue) the client names itself, in the
 * `X-Plantwatch-Actor` header or an `actor` form field; the audit log records it as given.
 */
export const actorSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._@+-]*$/, 'may use letters, digits, spaces and . _ @ + -')
  .refine((actor) => !RESERVED_ACTORS.has(actor.toLowerCase()), 'is reserved for the console itself');

export const ticketSchema = text(128);
export const commentSchema = note(2_000);
export const ownerSchema = text(128);
export const purposeSchema = note(500);

export const decisionInputSchema = z.object({
  decision: z.enum(DECISIONS),
  /** Required to approve, except inside a change window (the window's ticket is used). */
  ticket: ticketSchema.optional(),
  comment: commentSchema,
  /** The configuration the person saw; a mismatch (the record changed since) is a conflict. */
  expectedFingerprint: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type DecisionInput = z.output<typeof decisionInputSchema>;

export const bulkDecisionInputSchema = decisionInputSchema.omit({ expectedFingerprint: true }).extend({
  ids: z.array(z.coerce.number().int().min(1)).min(1, 'pick at least one drift record').max(500),
});
export type BulkDecisionInput = z.output<typeof bulkDecisionInputSchema>;

export const resolutionInputSchema = z.object({ note: commentSchema });

export const ignoreRuleInputSchema = z
  .object({
    scope: z.enum(IGNORE_SCOPES),
    siteId: idSchema.optional(),
    assetId: idSchema.optional(),
    model: text(256).optional(),
    pathPattern: z
      .string()
      .min(1)
      .max(200)
      .regex(PATH_PATTERN, 'may use letters, digits, _ . : - [ ] and the wildcards * ?'),
    reason: note(500),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    const need = (field: 'siteId' | 'assetId' | 'model') => {
      if (rule[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `is required for scope ${rule.scope}` });
    };
    if (rule.scope === 'site') need('siteId');
    if (rule.scope === 'asset') {
      need('siteId');
      need('assetId');
    }
    if (rule.scope === 'model') need('model');
  })
  .transform((rule) => ({
    ...rule,
    // Only the fields of its scope are kept, so that a rule means exactly what its scope says.
    siteId: rule.scope === 'site' || rule.scope === 'asset' ? (rule.siteId ?? null) : null,
    assetId: rule.scope === 'asset' ? (rule.assetId ?? null) : null,
    model: rule.scope === 'model' ? (rule.model ?? null) : null,
  }));
export type IgnoreRuleInput = z.output<typeof ignoreRuleInputSchema>;

const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const changeWindowInputSchema = z
  .object({
    siteId: idSchema,
    /** Empty: every asset of the site. */
    assetIds: z.array(idSchema).max(1_000).default([]),
    startsAt: isoTime,
    endsAt: isoTime,
    ticket: ticketSchema,
    owner: ownerSchema,
    description: note(1_000).optional(),
  })
  .refine((window) => window.endsAt > window.startsAt, {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });
export type ChangeWindowInput = z.output<typeof changeWindowInputSchema>;

export const ownershipInputSchema = z.object({ owner: ownerSchema, purpose: purposeSchema });
export type OwnershipInput = z.output<typeof ownershipInputSchema>;
