/**
 * Every server under test runs in a child process of its own, so that the load generator (this
 * process) and the server never share an event loop. The child says `ready` once listening and
 * answers `memory` requests; the parent stops it with SIGTERM.
 */
export interface MemorySample {
  rssBytes: number;
  heapUsedBytes: number;
  /** What V8 holds for its heap (young generation's semi-spaces included), used or not. */
  heapTotalBytes: number;
  /** Memory outside the JS heap that V8 knows of (Buffers, TLS records): `process.memoryUsage().external`. */
  externalBytes: number;
  /**
   * RSS after one more, memory-reducing collection (V8's last-resort GC: compacts and gives free
   * pages back). What the process still holds once V8 drops the room it kept for the load.
   */
  reducedRssBytes: number;
}

export type ChildMessage<Info> =
  | { type: 'ready'; info: Info }
  | { type: 'failed'; message: string }
  | ({ type: 'memory' } & MemorySample);

export type ParentMessage = { type: 'memory' };
