// A Jest reporter shipped with l9: the generated agents' jest.config.cjs names it, so every test run (the `test`
// target Nx infers) leaves the counts the `verify` target's gates compare in a file that is a cached output of
// that target. Plain CommonJS, so Jest loads it as it is, from the workspace's sources or the published package.
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');

class L9TestResults {
  constructor(_globalConfig, options) {
    if (!options || typeof options.outputFile !== 'string')
      throw new Error('l9/jest-results.cjs needs an outputFile option');
    this.outputFile = options.outputFile;
  }

  onRunComplete(_contexts, results) {
    const summary = {
      numPassedTests: results.numPassedTests,
      numTotalTests: results.numTotalTests,
      testResults: results.testResults.map((suite) => ({
        name: suite.testFilePath,
        message: suite.failureMessage || (suite.testExecError ? suite.testExecError.message : ''),
        assertionResults: suite.testResults.map((test) => ({
          status: test.status,
          fullName: test.fullName,
          failureMessages: test.failureMessages,
        })),
      })),
    };
    mkdirSync(dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, `${JSON.stringify(summary, null, 2)}\n`);
  }
}

module.exports = L9TestResults;
