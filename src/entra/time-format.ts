/** `2016-01-09 02:02:12Z`: the `timestamp` of Entra error bodies. */
export function entraTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** `2024-10-02T22:05:03.6755165Z`: .NET's round-trip format with 7 fraction digits, as AADSTS700024 prints times. */
export function dotNetUtc(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

export function fromEpochSeconds(seconds: number): Date {
  return new Date(seconds * 1000);
}
