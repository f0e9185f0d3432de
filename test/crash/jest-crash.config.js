/** Real server processes killed and stopped (`npm run test:crash`, which builds the server first). */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/crash'],
  testRegex: '\\.crash-spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/'],
  // The specs start their own servers: one file at a time on a shared machine.
  maxWorkers: 1,
  testTimeout: 600000,
};
