/** `npm run fuzz`: the full property-based runs (test/fuzz/*.fuzz.ts), outside `npm test`. */
import base from '../../jest.config.js';

export default { ...base, rootDir: '../..', testMatch: ['<rootDir>/test/fuzz/**/*.fuzz.ts'], testTimeout: 1_800_000 };
