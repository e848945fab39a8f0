import { SharedStoreUnavailable, type SharedStore } from './shared-store.js';
import type { PrimaryStore } from './primary-store.js';

/** Where the workers' shared state lives without `--store`, for logs and errors. */
export const PRIMARY_STORE_LOCATION = 'the primary process (fedlab start --workers)';

type StoreMessage =
  | { fedlab: 'store-call'; id: number; method: string; args: unknown[] }
  | { fedlab: 'store-reply'; id: number; result?: unknown; error?: string }
  | { fedlab: 'store-change'; name: string; text: string }
  | { fedlab: 'store-event'; text: string }
  | { fedlab: 'store-message'; text: string };

/** What the primary needs of a cluster worker (node:cluster's Worker has it). */
export interface IpcPeer {
  send(message: StoreMessage): boolean;
  on(event: 'message', listener: (message: StoreMessage) => void): unknown;
  isConnected(): boolean;
}

/** In the primary: answers each worker's calls and tells the other workers of saved documents. */
export function servePrimaryStore(create: (onChange: (origin: string, name: string, text: string) => void, onEvent: (origin: string, text: string) => void, onReplicaMessage: (origin: string, text: string) => void) => PrimaryStore) {
  const peers = new Map<string, IpcPeer>();
  const others = (origin: string, message: StoreMessage) => {
    for (const [client, peer] of peers) if (client !== origin && peer.isConnected()) peer.send(message);
  };
  const store = create(
    (origin, name, text) => others(origin, { fedlab: 'store-change', name, text }),
    (origin, text) => others(origin, { fedlab: 'store-event', text }),
    (origin, text) => others(origin, { fedlab: 'store-message', text }),
  );
  return {
    attach(client: string, peer: IpcPeer) {
      peers.set(client, peer);
      peer.on('message', (message) => {
        if (message?.fedlab !== 'store-call') return;
        const call = store.calls[message.method];
        const reply = (answer: { result?: unknown; error?: string }) => peer.isConnected() && peer.send({ fedlab: 'store-reply', id: message.id, ...answer });
        if (!call) return reply({ error: `no store call ${message.method}` });
        Promise.resolve()
          .then(() => (call as (client: string, ...args: unknown[]) => unknown)(client, ...message.args))
          .then((result) => reply({ result }), (error: Error) => reply({ error: error.message }));
      });
    },
    detach(client: string) {
      peers.delete(client);
      store.clientGone(client);
    },
  };
}

/** In a worker: the SharedStore whose every call the primary answers. */
export function connectPrimaryStore(channel: NodeJS.Process = process): SharedStore {
  let next = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const listeners: ((name: string, text: string) => void)[] = [];
  const eventListeners: ((text: string) => void)[] = [];
  const messageListeners: ((text: string) => void)[] = [];
  const onMessage = (message: StoreMessage) => {
    if (message?.fedlab === 'store-reply') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new SharedStoreUnavailable(PRIMARY_STORE_LOCATION, message.error));
      else waiter?.resolve(message.result);
    } else if (message?.fedlab === 'store-change') {
      for (const listener of listeners) listener(message.name, message.text);
    } else if (message?.fedlab === 'store-event') {
      for (const listener of eventListeners) listener(message.text);
    } else if (message?.fedlab === 'store-message') {
      for (const listener of messageListeners) listener(message.text);
    }
  };
  const onDisconnect = () => {
    for (const waiter of pending.values()) waiter.reject(new SharedStoreUnavailable(PRIMARY_STORE_LOCATION, 'the primary process has gone'));
    pending.clear();
  };
  channel.on('message', onMessage);
  channel.on('disconnect', onDisconnect);
  const call = <T>(method: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!channel.connected || !channel.send) return reject(new SharedStoreUnavailable(PRIMARY_STORE_LOCATION, 'the primary process has gone'));
      const id = ++next;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      channel.send({ fedlab: 'store-call', id, method, args } satisfies StoreMessage);
    });
  return {
    location: PRIMARY_STORE_LOCATION,
    // The primary holds the store: while it lives the channel is up (when it goes, so do the workers).
    available: () => channel.connected === true,
    onReconnect() {},
    claimOnce: (key, ttlMs) => call('claimOnce', key, ttlMs),
    releaseClaim: (key) => call('releaseClaim', key),
    hitWindow: (key, windowMs, nowMs) => call('hitWindow', key, windowMs, nowMs),
    loadDocuments: async () => new Map(Object.entries(await call<Record<string, string>>('loadDocuments'))),
    saveDocument: (name, text) => call('saveDocument', name, text),
    async watchDocuments(listener) {
      listeners.push(listener);
    },
    publishEvent: (text) => call('publishEvent', text),
    async watchEvents(listener) {
      eventListeners.push(listener);
    },
    publishReplicaMessage: (text) => call('publishReplicaMessage', text),
    async watchReplicaMessages(listener) {
      messageListeners.push(listener);
    },
    async startLock() {
      await call('startLock');
      return () => call('releaseStartLock');
    },
    claimConfiguration: (fingerprint) => call('claimConfiguration', fingerprint),
    async close() {
      channel.off('message', onMessage);
      channel.off('disconnect', onDisconnect);
      listeners.length = 0;
      eventListeners.length = 0;
      messageListeners.length = 0;
    },
  };
}
