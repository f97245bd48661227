#!/usr/bin/env node
'use strict';
// The `l9` command in the workspace that develops l9, where only the TypeScript sources exist: they load through
// @swc-node/register, one of its dev dependencies. The package build writes the published bin/l9.js instead,
// which requires the compiled command (tools/build/l9-bin.ts).
require('@swc-node/register');
require('../src/cli/l9-cli.ts').main(process.argv.slice(2));
