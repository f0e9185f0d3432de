/** The soak (`npm run test:soak`, which builds the server first): long, so not part of `npm test`. */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/soak'],
  testRegex: '\\.soak-spec\\.ts$',
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
  // SOAK_MINUTES of traffic plus set-up and checks; scripts/soak-long.sh runs 30 minutes.
  testTimeout: 4 * 60 * 60 * 1000,
};
