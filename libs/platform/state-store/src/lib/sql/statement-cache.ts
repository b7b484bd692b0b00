import { Client, QueryConfig } from 'pg';

/** How many statements a process prepares, and how often it must see one first. */
export interface StatementCacheOptions {
  /** Distinct statements prepared at most (per process; each pooled connection prepares its own). Default 64. */
  readonly capacity?: number;
  /** A statement is prepared once its text has been run this many times. Default 2. */
  readonly after?: number;
}

/** Texts seen but not yet prepared are forgotten past this many, so one-off statements cannot grow it. */
const MAX_CANDIDATES = 2_000;

/**
 * Decides which statement texts run as named prepared statements: a parameterized text that
 * recurs (the hot path's few shapes: an append, an inbox reply, an idempotency claim) gets a
 * name, up to `capacity` names per process, and every pooled connection then parses and
 * analyses it once instead of on every call. On this machine that took about a third off
 * PostgreSQL's CPU per loan decision (ADR 17). Texts past the capacity, and one-off texts,
 * run unnamed as before. The same idea as pgx's statement cache or postgres.js's `prepare`,
 * bounded without deallocation: hot shapes are few and known.
 *
 * @example const client = preparingClient(new StatementCache({ capacity: 64 })); // pass as the pool's `Client`
 */
export class StatementCache {
  private readonly names = new Map<string, string>();
  private readonly seen = new Map<string, number>();
  private readonly capacity: number;
  private readonly after: number;

  constructor(options: StatementCacheOptions = {}) {
    this.capacity = options.capacity ?? 64;
    this.after = Math.max(1, options.after ?? 2);
  }

  /** The statement's name if it runs prepared, or null to run it unnamed. */
  nameFor(text: string): string | null {
    const named = this.names.get(text);
    if (named !== undefined) return named;
    if (this.names.size >= this.capacity) return null;
    const count = (this.seen.get(text) ?? 0) + 1;
    if (count < this.after) {
      if (this.seen.size >= MAX_CANDIDATES) this.seen.clear();
      this.seen.set(text, count);
      return null;
    }
    this.seen.delete(text);
    const name = `baton_${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }

  /** How many statements have a name (for tests and diagnostics). */
  get size(): number {
    return this.names.size;
  }
}

type QueryCallback = (error: Error, result: unknown) => void;

/**
 * A `pg` Client class whose parameterized text queries run as the cache's named prepared
 * statements; anything else (no parameters, config objects, cursors) passes through. Given to
 * the pool as its `Client` (pg-pool's documented option), so TypeORM's own queries are covered.
 *
 * @example new DataSource({ type: 'postgres', extra: { Client: preparingClient(new StatementCache()) } });
 */
export function preparingClient(cache: StatementCache): typeof Client {
  const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
  class PreparingClient extends Client {
    // pg's `query` is heavily overloaded; this override keeps every form and changes one.
    override query(...args: unknown[]): never {
      const [config, values, callback] = args as [unknown, unknown, QueryCallback | undefined];
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
        const name = cache.nameFor(config);
        if (name !== null) {
          const named: QueryConfig = { name, text: config, values };
          return (callback ? query.call(this, named, callback) : query.call(this, named)) as never;
        }
      }
      return query.apply(this, args) as never;
    }
  }
  return PreparingClient;
}
