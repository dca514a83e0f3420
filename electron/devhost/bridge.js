// Dev host bridge: gives the page the same `window.virtdeck` the preload gives it in the app,
// carried over a WebSocket to the core instead of Electron IPC. Plain JS, served as a file.
(() => {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  const ws = new WebSocket(`ws://${location.host}/__virtdeck/api?token=${encodeURIComponent(token)}`);
  const pending = new Map();
  const listeners = new Set();
  const queue = [];
  let nextId = 1;
  const closed = (reason) => ({ ok: false, error: { code: 'DISCONNECTED', message: reason } });
  ws.onopen = () => queue.splice(0).forEach((m) => ws.send(m));
  // Typed arrays arrive tagged (see wire-json.ts); only these kinds are rebuilt.
  const TYPED = { Float64Array, Float32Array, Uint8Array, Uint16Array, Uint32Array, Int32Array };
  const revive = (_key, v) => (v && typeof v.$typed === 'string' && Array.isArray(v.values) && Object.hasOwn(TYPED, v.$typed) ? TYPED[v.$typed].from(v.values, (x) => (x === null ? NaN : x)) : v);
  ws.onmessage = (msg) => {
    const data = JSON.parse(msg.data, revive);
    if (data.event) listeners.forEach((l) => l(data.event));
    else if (pending.has(data.id)) {
      pending.get(data.id)(data.result);
      pending.delete(data.id);
    }
  };
  ws.onclose = (e) => {
    pending.forEach((resolve) => resolve(closed(`dev host connection closed (${e.code})`)));
    pending.clear();
  };
  window.virtdeck = Object.freeze({
    invoke(service, method, args) {
      const id = nextId++;
      const text = JSON.stringify({ id, service, method, args });
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
        else if (ws.readyState === WebSocket.CONNECTING) queue.push(text);
        else resolve(closed('dev host connection is closed'));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
})();
