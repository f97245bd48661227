/**
 * A supervisor for the supervision spec: starts one child that runs until it is signalled, prints the child's
 * pid, then, as argv[2] says, exits (`exit`) or waits to be signalled (`wait`). What becomes of the child shows
 * whether children die with the process that supervises them.
 */
import { tmpdir } from 'node:os';
import { startProcess } from '../supervised-process';

const mode = process.argv[2];
if (mode !== 'exit' && mode !== 'wait')
  throw new Error(`supervising-process: mode '${mode}' is not exit or wait`);
const child = startProcess({
  args: ['-e', 'setInterval(() => undefined, 1000)'],
  cwd: tmpdir(),
  env: { PATH: process.env['PATH'] },
});
process.stdout.write(`${JSON.stringify({ child: child.pid })}\n`);
if (mode === 'exit') process.exit(0);
else setInterval(() => undefined, 1000);
