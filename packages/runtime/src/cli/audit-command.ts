import { auditKeygen } from './audit-keygen-command';
import { auditRepair } from './audit-repair-command';
import { auditVerify } from './audit-verify-command';
import { commandGroup } from './command-group';

/** `l9-runtime audit verify|repair|keygen`: check a file-stored audit log, repair a torn last line, make a signing key. */
export const auditCommand = commandGroup(
  'audit',
  'verify a file audit log (verify), remove a torn last line (repair), make an audit signing key (keygen)',
  { verify: auditVerify, repair: auditRepair, keygen: auditKeygen },
);
