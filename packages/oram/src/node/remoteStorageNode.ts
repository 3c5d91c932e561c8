import { WebSocket } from 'ws';
import {
  createRemoteStorage as createBrowserRemoteStorage,
  type RemoteStorage,
  type RemoteStorageOptions,
  type WebSocketConstructor,
} from '../remote/remoteStorage.js';

/**
 * createRemoteStorage for Node: as the main entry's, with the `ws` package's WebSocket as the
 * default (Node 20 has no global WebSocket).
 */
export function createRemoteStorage(options: RemoteStorageOptions): Promise<RemoteStorage> {
  if (options === null || typeof options !== 'object')
    throw new TypeError('options must be an object');
  return createBrowserRemoteStorage({
    ...options,
    WebSocket: options.WebSocket ?? (WebSocket as unknown as WebSocketConstructor),
  });
}
