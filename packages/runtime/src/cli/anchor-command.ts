import { anchorKeygen } from './anchor-keygen-command';
import { anchorResolve } from './anchor-resolve-command';
import { commandGroup } from './command-group';

/** `l9-runtime anchor keygen|approve|reject|override`: an anchor's key pair, and its signed answers to escalations. */
export const anchorCommand = commandGroup(
  'anchor',
  "make an anchor's key pair (keygen); sign and send its answer to an escalation (approve, reject, override)",
  {
    keygen: anchorKeygen,
    approve: anchorResolve('approve'),
    reject: anchorResolve('reject'),
    override: anchorResolve('override'),
  },
);
