/** Several real nodes on PostgreSQL and Redis (`npm run test:scale`, which builds the server first). */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/scale'],
  testRegex: '\\.scale-spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/'],
  // The specs start their own servers: one file at a time on a shared machine.
  maxWorkers: 1,
  testTimeout: 60000,
};
