/** Event-stream topic of agents' signed audit heads: each message is one `SignedAuditHead`, naming its log. */
export const AUDIT_HEAD_TOPIC = 'l9.audit.head';
