/** A configuration that fedlab refuses to start with. The CLI prints it and exits with code 2. */
export class ConfigError extends Error {
  constructor(readonly file: string | undefined, readonly problems: string[]) {
    super(`${file ? `invalid config ${file}` : 'invalid config'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
