/** Tests that need the PostgreSQL server (`npm run test:postgres`; .ci/run starts it). */
const base = require('../jest.config.js');

module.exports = {
  ...base,
  rootDir: '..',
  roots: ['<rootDir>/test'],
  testRegex: '\\.pg-spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/'],
};
