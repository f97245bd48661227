const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'l9',
  rootDir: __dirname,
  coverageDirectory: '../../coverage/packages/l9',
};
