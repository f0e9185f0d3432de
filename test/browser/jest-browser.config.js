/** Browser tests of the client (`npm run test:browser`): the real server and Debian's chromium via playwright-core. */
const swc = JSON.parse(require('node:fs').readFileSync(`${__dirname}/../../.swcrc`, 'utf8'));

module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testRegex: '\\.browser-spec\\.ts$',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120000,
  maxWorkers: 1,
};
