/**
 * State that every replica of one fedlab must see alike (`--store redis://…`): one-time-use claims
 * (the replay cache) and rate-limit windows, with Redis's own atomic primitives, and the documents
 * a state dir would hold (keys, CA, issuer ids, directory, principals, secrets, lab progress). Without a store
 * (the embedded default) each party keeps these in its own bounded memory, as before.
 */
export interface SharedStore {
  /** Where the state lives, for logs and errors (`redis://host:port/db`, no password). */
  readonly location: string;
  /** Connected now: a change made now reaches the other replicas (false while a lost connection is retried). */
  available(): boolean;
  /** `listener` runs each time a lost connection is back (the replica catches up on what it missed). */
  onReconnect(listener: () => void): void;
  /** true the first time `key` is claimed (it stays claimed for `ttlMs`); false while it is held. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Gives up a claim before its time (a lock's holder is done); nothing when it is not held. */
  releaseClaim(key: string): Promise<void>;
  /**
   * Counts one hit on `key` in its window, which starts at the first hit and lasts `windowMs`
   * (times from the caller's clock, so a party's clock offset applies). Returns the window.
   */
  hitWindow(key: string, windowMs: number, nowMs: number): Promise<{ startMs: number; count: number }>;
  /** Every document (state-dir file name → JSON text) the replicas hold. */
  loadDocuments(): Promise<Map<string, string>>;
  /** Stores a document and tells every other replica (one MULTI: HSET + PUBLISH). */
  saveDocument(name: string, text: string): Promise<void>;
  /** `listener` hears of documents another replica saved, with their new text (pub/sub). */
  watchDocuments(listener: (name: string, text: string) => void): Promise<void>;
  /** Sends one event (JSON text) to every other replica's event bus (pub/sub: replicas listening now hear it). */
  publishEvent(text: string): Promise<void>;
  /** `listener` hears the events other replicas publish. */
  watchEvents(listener: (text: string) => void): Promise<void>;
  /**
   * Sends a message that only the other replicas read, never shown as an event (it may carry
   * secrets: a session's keys). Replicas listening now hear it.
   */
  publishReplicaMessage(text: string): Promise<void>;
  /** `listener` hears the replica messages other replicas send. */
  watchReplicaMessages(listener: (text: string) => void): Promise<void>;
  /**
   * Waits until no other replica is starting and holds that lock (it expires if its holder dies)
   * until the returned release: the first replica creates keys, CA and issuer ids, the others load them.
   */
  startLock(): Promise<() => Promise<void>>;
  /** Records the configuration fingerprint if none is; returns the one recorded. */
  claimConfiguration(fingerprint: string): Promise<string>;
  close(): Promise<void>;
}

/** The store cannot be reached: the request needing it fails with a 503-class answer, never a crash. */
export class SharedStoreUnavailable extends Error {
  /** What a client is told to wait (`Retry-After`): the client reconnects within about a second. */
  readonly retryAfterSeconds = 1;
  constructor(readonly location: string, reason: string) {
    super(`shared store ${location} is unavailable (${reason})`);
    this.name = 'SharedStoreUnavailable';
  }
}
