import { createRequestLog } from '../common/request-log.ts';
import { createFaultState } from './fault-state.ts';
import { snmp } from './load-net-snmp.ts';
import type { NetSnmpUser } from './net-snmp.d.ts';
import { tapRequests } from './request-tap.ts';
import { buildSwitchMib } from './switch-mib.ts';
import { switchProfile } from './switch-profile.ts';
import type {
  RecordedSnmpRequest,
  RejectedSnmpMessage,
  SnmpSimulator,
  SnmpSimulatorOptions,
  SnmpSimulatorUser,
} from './types.ts';
import { createBoundDgram } from './udp-socket.ts';

const DEFAULT_WAIT_TIMEOUT_MS = 5000;
/** sysUpTime is a TimeTicks (hundredths of a second) and wraps at 2^32, after about 497 days. */
const TICKS_WRAP = 2 ** 32;

/** Starts an in-process SNMP agent that looks like a managed switch, on a free UDP port of 127.0.0.1. */
export async function startSnmpSimulator(options: SnmpSimulatorOptions = {}): Promise<SnmpSimulator> {
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 0xffff) {
    throw new RangeError(`port must be an integer 0-65535, got ${requestedPort}`);
  }
  const device = structuredClone(options.device ?? switchProfile());
  const log = createRequestLog<RecordedSnmpRequest>('SNMP');
  const faults = createFaultState();
  const rejected: RejectedSnmpMessage[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let datagrams = 0;
  let bootedAt = Date.now() - device.uptimeMs;
  const uptimeMs = () => Date.now() - bootedAt;
  const uptimeTicks = () => Math.floor(uptimeMs() / 10) % TICKS_WRAP;
  const reject = (reason: string) => rejected.push(Object.freeze({ reason, at: Date.now() }));

  const udp = createBoundDgram(host, requestedPort, () => {
    datagrams += 1;
  });
  const agent = snmp.createAgent(
    // `port` is ignored by the socket udp-socket.ts hands net-snmp; it binds requestedPort itself.
    {
      port: 161,
      address: host,
      accessControlModelType: snmp.AccessControlModelType.Simple,
      dgramModule: udp.module,
    },
    // net-snmp reports refused messages here (unknown community, bad digest...), and every response sent.
    (error) => {
      if (error) reject(error.message);
    },
  );
  const port = await udp.listening().catch((error: unknown) => {
    agent.close();
    throw error;
  });
  const authorizer = agent.getAuthorizer();
  for (const community of options.communities ?? ['public']) authorizer.addCommunity(community);
  for (const user of options.users ?? []) authorizer.addUser(netSnmpUser(user));
  const mib = buildSwitchMib(agent.getMib(), device, uptimeTicks);
  tapRequests(agent, {
    log,
    faults,
    reject,
    later(delayMs, task) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        task();
      }, delayMs);
      timers.add(timer);
    },
  });

  let closing: Promise<void> | undefined;
  const shutDown = async () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    log.cancelWaits('the SNMP simulator was closed');
    await new Promise<void>((resolve) => agent.close(() => resolve()));
  };
  return {
    host,
    port,
    get requests() {
      return log.list();
    },
    get rejected() {
      return [...rejected];
    },
    datagramCount: () => datagrams,
    writeRequests: () =>
      log.list().filter((r) => r.type !== 'Get' && r.type !== 'GetNext' && r.type !== 'GetBulk'),
    clearRequests() {
      log.clear();
      rejected.length = 0;
    },
    waitForRequests: (count = 1, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS) => log.waitFor(count, timeoutMs),
    setSystem: (change) => mib.setSystem(change),
    setPort: (ifIndex, change) => mib.setPort(ifIndex, change),
    reboot() {
      bootedAt = Date.now();
      // A rebooted engine counts one more boot (RFC 3414); v3 clients resynchronise on discovery.
      agent.engine.engineBoots += 1;
      if (device.ciscoConfigMan) {
        for (const name of ['ccmHistoryRunningLastChanged', 'ccmHistoryStartupLastChanged'] as const) {
          mib.setScalar(name, 0);
        }
      }
    },
    shiftUptime(deltaMs) {
      bootedAt -= deltaMs;
    },
    uptimeMs,
    addFdbEntry: (entry) => mib.addFdbEntry(entry),
    changeRunningConfig() {
      if (!device.ciscoConfigMan) throw new Error('this device has no CISCO-CONFIG-MAN-MIB');
      mib.setScalar('ccmHistoryRunningLastChanged', uptimeTicks());
    },
    setRaw: (oid, type, value) => mib.setRaw(oid, type, value),
    injectFault: (fault, faultOptions) => faults.inject(fault, faultOptions),
    clearFault: () => faults.clear(),
    close() {
      closing ??= shutDown();
      return closing;
    },
  };
}

function netSnmpUser(user: SnmpSimulatorUser): NetSnmpUser {
  const needsAuth = user.level !== 'noAuthNoPriv';
  if (needsAuth && (!user.authProtocol || !user.authKey)) {
    throw new RangeError(`user ${user.name}: ${user.level} needs authProtocol and authKey`);
  }
  if (user.level === 'authPriv' && (!user.privProtocol || !user.privKey)) {
    throw new RangeError(`user ${user.name}: authPriv needs privProtocol and privKey`);
  }
  return {
    name: user.name,
    level: snmp.SecurityLevel[user.level],
    ...(needsAuth && user.authProtocol
      ? { authProtocol: snmp.AuthProtocols[user.authProtocol], authKey: user.authKey }
      : {}),
    ...(user.level === 'authPriv' && user.privProtocol
      ? { privProtocol: snmp.PrivProtocols[user.privProtocol], privKey: user.privKey }
      : {}),
  };
}
