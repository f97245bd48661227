import { runDeployCli } from './deploy-cli';

/**
 * Entry point of the generated `deploy_<ecosystem>.sh`, which runs
 * `node -r @swc-node/register -e "require('l9/src/deploy/deploy-main').main()" -- <ecosystem> [flags]`.
 */
export function main(argv: readonly string[] = process.argv.slice(1)): void {
  runDeployCli(argv, { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`deploy failed: ${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}
