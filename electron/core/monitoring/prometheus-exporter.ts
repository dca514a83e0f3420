// Opt-in Prometheus endpoint (off by default): serves the same stats ticks the UI charts get, on
// 127.0.0.1 only, as text on GET /metrics.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StatsEvent } from '../../../preload/contract/stats';
import { renderMetrics, type HostSnapshot, type Names } from './prometheus-text';

export class PrometheusExporter {
  private readonly latest = new Map<string, HostSnapshot>();
  private server: http.Server | null = null;

  constructor(private readonly names: Names) {}

  /** Feed every stats event here; only ticks matter. */
  onStats(event: StatsEvent): void {
    if (event.type !== 'stats-tick') return;
    const keys = event.keys ?? this.latest.get(event.hostId)?.keys;
    // Without a key table the columns can't be attributed; the next tick that changes it brings one.
    if (keys) this.latest.set(event.hostId, { tick: event, keys });
  }

  forgetHost(hostId: string): void {
    this.latest.delete(hostId);
  }

  render(): string {
    return renderMetrics(this.latest.values(), this.names);
  }

  get port(): number | null {
    return this.server ? (this.server.address() as AddressInfo).port : null;
  }

  async listen(port: number): Promise<number> {
    await this.close();
    const server = http.createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end('not found\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(this.render());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return this.port!;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
