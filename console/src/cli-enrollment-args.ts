import { parseArgs } from 'node:util';
import { formatIssues } from '@plantwatch/protocol';
import {
  type EnrollmentTokenInput,
  enrollmentTokenInputSchema,
} from './services/enrollment/enrollment-inputs.ts';

export const ENROLLMENT_USAGE = `  enrollment-token create --site <id> --owner <owner> --purpose <text> [--ttl-minutes <n>]
                           create a single-use enrollment token for an agent at a site (valid
                           60 minutes unless --ttl-minutes, at most 10080) and print it (shown
                           once); on the gateway: plantwatch-agent enroll --console <url> --token <t>
                           (takes --data-dir <dir>, default ./data)`;

export type EnrollmentTokenArgs =
  | { kind: 'help' }
  | { kind: 'enrollment-token-create'; dataDir: string; input: EnrollmentTokenInput };

/** `enrollment-token create ...` (argv without the area); throws an Error naming the mistake. */
export function parseEnrollmentTokenArgs(argv: string[]): EnrollmentTokenArgs {
  const [verb, ...rest] = argv;
  if (verb === '--help' || verb === '-h') return { kind: 'help' };
  if (verb !== 'create')
    throw new Error(
      `unknown enrollment-token command "${verb ?? ''}": use "plantwatch-console enrollment-token create"`,
    );
  const { values } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: false,
    options: {
      'data-dir': { type: 'string' },
      site: { type: 'string' },
      owner: { type: 'string' },
      purpose: { type: 'string' },
      'ttl-minutes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };
  const dataDir = values['data-dir'] ?? './data';
  if (dataDir === '') throw new Error('--data-dir must not be empty');
  for (const required of ['site', 'owner', 'purpose'] as const) {
    if (values[required] === undefined) throw new Error(`--${required} is required`);
  }
  const parsed = enrollmentTokenInputSchema.safeParse({
    siteId: values.site,
    owner: values.owner,
    purpose: values.purpose,
    ttlMinutes: values['ttl-minutes'],
  });
  if (!parsed.success) {
    const option = { siteId: '--site', owner: '--owner', purpose: '--purpose', ttlMinutes: '--ttl-minutes' };
    throw new Error(
      formatIssues(parsed.error)
        .map((line) => line.replace(/^(\w+):/, (_, key: keyof typeof option) => `${option[key] ?? key}:`))
        .join('; '),
    );
  }
  return { kind: 'enrollment-token-create', dataDir, input: parsed.data };
}
