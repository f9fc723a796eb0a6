import path from 'node:path';
import { isPlantwatchError, PlantwatchError } from '@plantwatch/shared';
import {
  formatOpcuaCertificates,
  listOpcuaCertificates,
  type OpcuaCertificateInfo,
  trustOpcuaCertificate,
} from './trust.ts';

export const OPCUA_COMMAND_USAGE = `  plantwatch-agent opcua certificates [--config agent.yaml]
      List the OPC UA certificates of every OPC UA target's pkiDir: server certificates the agent
      refused (rejected), those it trusts, and its own (which a PLC must trust for sign modes).
  plantwatch-agent opcua trust <thumbprint> [--config agent.yaml]
      Trust a refused server certificate; the poll error names its thumbprint. Check it with the
      PLC's owner first. The next poll of the target uses it.
`;

/**
 * `plantwatch-agent opcua <certificates | trust <thumbprint>>`, given the loaded config's targets.
 * Relative pkiDirs are taken relative to the config file, like dataDir (absolute ones as they are).
 * Never loads node-opcua: certificates are files. Returns the exit code; throws PlantwatchError.
 */
export async function runOpcuaCommand(options: {
  args: readonly string[];
  configFile: string;
  targets: readonly { protocol: string }[];
  write: (text: string) => void;
}): Promise<number> {
  const [action, thumbprint, ...extra] = options.args;
  const known =
    action === 'certificates' ? thumbprint === undefined : action === 'trust' && thumbprint !== undefined;
  if (!known || extra.length > 0) {
    throw new PlantwatchError('invalid_argument', `usage:\n${OPCUA_COMMAND_USAGE}`);
  }
  const pkiDirs = [
    ...new Set(
      options.targets.flatMap((target) =>
        target.protocol === 'opcua' && 'pkiDir' in target && typeof target.pkiDir === 'string'
          ? [path.resolve(path.dirname(options.configFile), target.pkiDir)]
          : [],
      ),
    ),
  ];
  if (pkiDirs.length === 0) {
    throw new PlantwatchError('invalid_argument', `${options.configFile} has no OPC UA target`);
  }

  if (action === 'certificates') {
    for (const pkiDir of pkiDirs) {
      options.write(`${pkiDir}\n${indent(formatOpcuaCertificates(await listOpcuaCertificates(pkiDir)))}`);
    }
    return 0;
  }

  // The same server certificate may wait in several PKI folders (targets with their own pkiDir).
  const trusted: [string, OpcuaCertificateInfo][] = [];
  for (const pkiDir of pkiDirs) {
    try {
      trusted.push([pkiDir, await trustOpcuaCertificate(pkiDir, thumbprint as string)]);
    } catch (error) {
      if (!isPlantwatchError(error, 'not_found')) throw error;
    }
  }
  if (trusted.length === 0) {
    throw new PlantwatchError(
      'not_found',
      `no refused certificate ${thumbprint} in ${pkiDirs.join(', ')}; list them with: plantwatch-agent opcua certificates`,
    );
  }
  for (const [pkiDir, cert] of trusted) {
    options.write(`trusted ${cert.thumbprint} (${cert.commonName || 'no common name'}) in ${pkiDir}\n`);
  }
  return 0;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
