/**
 * @plantwatch/protocol is the only contract between the agent and the console: the MQTT topic
 * scheme, the versioned message schemas with their size limits, the configuration fingerprint and
 * the diff both sides use. Neither side defines a message shape of its own.
 */
export { type DecodeResult, decodeAgentMessage, type RejectReason } from './decode.ts';
export { deviceStringSchema, sanitizeDeviceString } from './device-string.ts';
export { diffStates } from './diff.ts';
export {
  ENROLL_PATH,
  type EnrollRequest,
  type EnrollResponse,
  ed25519PublicKeySchema,
  ed25519SignatureSchema,
  enrollmentProofMessage,
  enrollmentTokenSchema,
  enrollRequestSchema,
  enrollResponseSchema,
} from './enrollment.ts';
export { fingerprintState, type TrackedState, trackedState } from './fingerprint.ts';
export { formatIssuePath, formatIssues } from './format-issues.ts';
export { ID_PATTERN, idSchema, isValidId } from './ids.ts';
export { LIMITS } from './limits.ts';
export * from './messages.ts';
export {
  MESSAGE_SIGNATURE_DOMAIN,
  type MessageSignature,
  messageSignatureSchema,
  messageSigningBytes,
  readMessageSignature,
  type SignatureReading,
  signedPayload,
} from './signature.ts';
export {
  ALL_AGENT_TOPICS,
  agentClientId,
  agentTopic,
  MESSAGE_TYPES,
  type MessageType,
  parseAgentTopic,
  TOPIC_ROOT,
  type TopicAddress,
} from './topics.ts';
export { buildTranscript, transcriptDigest } from './transcript.ts';
