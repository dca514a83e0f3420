/// <reference types="vite/client" />
import type { VirtdeckBridge } from '../../preload/contract/bridge';

declare global {
  interface Window {
    /** Put there by the preload (app) or the dev host's bridge script (tests, development). */
    virtdeck?: VirtdeckBridge;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
