#!/usr/bin/env node
import { CLI_COMMANDS } from './cli-commands';
import { runCli } from './run-cli';

runCli(process.argv.slice(2), CLI_COMMANDS, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
