// What page.evaluate callbacks see in the dev host: the same bridge the preload exposes.
import type { VirtdeckBridge } from '../../preload/contract/bridge';

declare global {
  interface Window {
    virtdeck?: VirtdeckBridge;
  }
}
