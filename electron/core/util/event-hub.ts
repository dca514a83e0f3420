/** A tiny typed listener set. Listener errors are contained so one bad subscriber cannot stop others. */
export class EventHub<T> {
  private readonly listeners = new Set<(event: T) => void>();

  on(listener: (event: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: T): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        console.error('[virtdeck] event listener failed:', err);
      }
    }
  }
}
