import { isPlantwatchError, PlantwatchError } from '@plantwatch/shared';

/**
 * node-opcua reports failures as plain Errors whose message carries the status code name
 * (`BadTooManySessions`), the socket error (`ECONNREFUSED`) or a transaction timeout. This turns
 * them into one PlantwatchError that says where it happened, in words an operator can act on.
 */
export function opcuaFailure(where: string, error: unknown): PlantwatchError {
  if (isPlantwatchError(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  const status = /\b(Bad[A-Za-z]+)\b/.exec(text)?.[1];
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|cannot be established/i.test(text)) {
    const reason = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/.exec(text)?.[0] ?? 'refused';
    return new PlantwatchError('unavailable', `${where}: cannot connect (${reason})`, { cause: error });
  }
  if (/timed? ?out|BadTimeout/i.test(text)) {
    return new PlantwatchError('timeout', `${where}: no reply in time`, { cause: error });
  }
  if (status) {
    return new PlantwatchError('device_error', `${where}: ${status}`, {
      cause: error,
      details: { statusCode: status },
    });
  }
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? 'failed';
  return new PlantwatchError('device_error', `${where}: ${firstLine.trim().slice(0, 200)}`, { cause: error });
}

/** Rejects after `ms` (calling `onTimeout` first) unless `work` settles before. */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function untrustedServerCertificate(details: {
  endpointUrl: string;
  thumbprint: string;
  commonName: string;
  pkiDir: string;
  status: string;
}): PlantwatchError {
  const { endpointUrl, thumbprint, commonName, pkiDir, status } = details;
  if (status !== 'BadCertificateUntrusted') {
    return new PlantwatchError(
      'unavailable',
      `server certificate ${thumbprint} (${commonName}) of ${endpointUrl} is not acceptable: ${status}`,
      { details: { thumbprint, statusCode: status } },
    );
  }
  return new PlantwatchError(
    'unavailable',
    `server certificate ${thumbprint} (${commonName}) of ${endpointUrl} is not trusted; check it with the PLC's owner, then run: plantwatch-agent opcua trust ${thumbprint} --config <agent config>`,
    { details: { thumbprint, reason: 'untrusted_server_certificate', rejectedIn: pkiDir } },
  );
}
