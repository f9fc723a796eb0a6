/**
 * Size limits on everything that crosses the wire. Device data is hostile: a PLC can return a
 * 64 KiB "product name" or thousands of table rows, and nothing it says may grow without bound in
 * the agent's memory, on the broker or in the console's database.
 */
export const LIMITS = {
  /** Site, agent and asset ids. */
  idLength: 64,
  /** Any string read from a device (vendor, model, string registers...). */
  deviceString: 256,
  /** A value path such as `setpoints[3]` or `identity.vendor`. */
  pathLength: 200,
  /** Error messages carried in a poll outcome. */
  errorMessage: 500,
  /** Short labels: agent version, error codes, units. */
  label: 64,
  hostLength: 253,
  valuesPerAsset: 2_000,
  assetsPerSnapshot: 2_000,
  changesPerDrift: 2_000,
  /** Requests listed in a poll transcript (the digest always covers all of them). */
  transcriptRequests: 2_000,
  /** One transcript entry, e.g. `modbus unit 1 FC 3 holding 100 x10`. */
  transcriptEntry: 200,
  /** Hosts a switch reports in its neighbour, forwarding and ARP tables, per snapshot. */
  linksPerAsset: 4_096,
  /** The largest MQTT payload either side accepts. */
  messageBytes: 1_048_576,
} as const;
