import { defineConfig } from 'vitest/config';

// One fedlab for the whole run: started in globalSetup, its urls handed to the tests with provide/inject.
export default defineConfig({
  test: {
    globalSetup: ['./fedlab-setup.mjs'],
    include: ['*.test.mjs'],
  },
});
