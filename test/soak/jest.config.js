/** `npm run soak`: the fixed-time soak (test/soak/*.soak.ts), outside `npm test`. */
import base from '../../jest.config.js';

export default { ...base, rootDir: '../..', testMatch: ['<rootDir>/test/soak/**/*.soak.ts'], testTimeout: 3_600_000 };
