import { createServer, Server, Socket } from 'node:net';

/** Where the proxy forwards to. */
export interface ProxyTarget {
  readonly host: string;
  readonly port: number;
}

/** Counters a fault test can assert on. */
export interface FaultProxyStats {
  readonly accepted: number;
  readonly refused: number;
  readonly cut: number;
  readonly open: number;
}

/**
 * A TCP proxy to put between code under test and PostgreSQL or RabbitMQ, with faults switched
 * on and off at run time: delay every chunk, silently drop traffic, cut every open connection,
 * refuse new ones. Faults affect only connections through this proxy, so fault suites stay
 * isolated from suites running beside them.
 *
 * @example
 * const proxy = await FaultProxy.start({ host: '127.0.0.1', port: 5432 });
 * const url = proxy.rewrite('postgres://postgres@127.0.0.1:5432/baton_test');
 * proxy.cutAll(); // every client through the proxy sees its connection reset
 * await proxy.stop();
 */
export class FaultProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private delayMs = 0;
  private dropping = false;
  private refusing = false;
  private counts = { accepted: 0, refused: 0, cut: 0 };

  private constructor(
    private readonly server: Server,
    readonly target: ProxyTarget,
    readonly host: string,
    readonly port: number,
  ) {}

  /** Listens on an ephemeral port of 127.0.0.1 (or `listenPort`). */
  static async start(target: ProxyTarget, listenPort = 0): Promise<FaultProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', resolve);
    });
    const { port } = server.address() as { port: number };
    const proxy = new FaultProxy(server, target, '127.0.0.1', port);
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  /** The same URL with host and port pointing at the proxy. */
  rewrite(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = this.host;
    parsed.port = String(this.port);
    return parsed.toString();
  }

  /** Holds every chunk, in both directions, for `ms` before forwarding it (order kept). */
  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** While on, bytes are read and thrown away: peers see a connection that has gone silent. */
  dropTraffic(on: boolean): void {
    this.dropping = on;
  }

  /** While on, new connections are reset as soon as they arrive. */
  refuseNew(on: boolean): void {
    this.refusing = on;
  }

  /** Resets every open connection, both sides, as a network failure would. */
  cutAll(): void {
    for (const pair of [...this.pairs]) {
      this.counts.cut += 1;
      this.close(pair);
    }
  }

  /** Switches every fault off. */
  heal(): void {
    this.delayMs = 0;
    this.dropping = false;
    this.refusing = false;
  }

  stats(): FaultProxyStats {
    return { ...this.counts, open: this.pairs.size };
  }

  /** Cuts every connection and stops listening. */
  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.refusing) {
      this.counts.refused += 1;
      client.resetAndDestroy();
      return;
    }
    this.counts.accepted += 1;
    const upstream = new Socket();
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    upstream.connect(this.target.port, this.target.host);
    this.pipe(client, upstream);
    this.pipe(upstream, client);
    for (const socket of pair) {
      socket.on('error', () => this.close(pair));
      socket.on('close', () => this.close(pair));
    }
  }

  private pipe(from: Socket, to: Socket): void {
    let lastDue = 0;
    let pending = 0;
    from.on('data', (chunk: Buffer) => {
      if (this.dropping) return;
      if (this.delayMs === 0 && pending === 0) {
        to.write(chunk);
        return;
      }
      // Never let a chunk overtake an earlier one, even when the delay shrinks.
      lastDue = Math.max(lastDue, Date.now() + this.delayMs);
      pending += 1;
      setTimeout(() => {
        pending -= 1;
        if (!to.destroyed) to.write(chunk);
      }, lastDue - Date.now());
    });
  }

  private close(pair: [Socket, Socket]): void {
    if (!this.pairs.delete(pair)) return;
    for (const socket of pair) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
  }
}
