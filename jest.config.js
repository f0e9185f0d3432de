/** Unit, integration and end-to-end tests: everything `npm test` runs. */
const swc = JSON.parse(require('node:fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  // client/src holds the browser client's unit tests (`*.test.ts`, jsdom through a docblock).
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/client/src'],
  testRegex: '\\.(spec|int-spec|e2e-spec|test)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/test/browser/', '/test/scale/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
};
