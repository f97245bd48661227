import { runSecretsCli } from './secrets-cli';

/**
 * Entry point of the generated `secrets_<ecosystem>.sh`, which runs
 * `node -r @swc-node/register -e "require('l9/src/deploy/secrets-main').main()" -- <ecosystem> --compose|--kubernetes`.
 */
export function main(argv: readonly string[] = process.argv.slice(1)): void {
  runSecretsCli(argv, { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`secrets failed: ${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}
