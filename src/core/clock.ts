/**
 * A party's notion of "now". The offset shifts what the party believes the time is
 * (for expiry, nbf and skew tests); it never touches the machine's clock.
 */
export interface Clock {
  now(): Date;
  nowMs(): number;
  nowSeconds(): number;
  offsetMs(): number;
  setOffsetMs(offsetMs: number): void;
}

export function createClock(initialOffsetMs = 0): Clock {
  let offset = initialOffsetMs;
  const nowMs = () => Date.now() + offset;
  return {
    now: () => new Date(nowMs()),
    nowMs,
    nowSeconds: () => Math.floor(nowMs() / 1000),
    offsetMs: () => offset,
    setOffsetMs: (ms) => {
      offset = ms;
    },
  };
}
