import { connect } from 'node:net';
import { ConfigError } from './config-error';
import { redactUrl } from './redact-url';

/** A service a process needs before it can start, and how an operator brings it up. */
export interface Dependency {
  readonly name: string;
  readonly url: string;
  readonly defaultPort: number;
  /** Told to the operator when the service does not answer. */
  readonly howToStart: string;
}

/** PostgreSQL as ARCHITECTURE.md configures it. */
export function postgresDependency(url: string): Dependency {
  return {
    name: 'PostgreSQL',
    url,
    defaultPort: 5432,
    howToStart: 'start it with `bash tools/services/start.sh postgres` or set DATABASE_URL',
  };
}

/** RabbitMQ as ARCHITECTURE.md configures it. */
export function rabbitmqDependency(url: string): Dependency {
  return {
    name: 'RabbitMQ',
    url,
    defaultPort: 5672,
    howToStart: 'start it with `bash tools/services/start.sh rabbitmq` or set RABBITMQ_URL',
  };
}

/**
 * Resolves when every dependency accepts a TCP connection; otherwise rejects with one
 * {@link ConfigError} whose message is a single line per failing service, naming the URL
 * (password redacted) and how to start it.
 */
export async function assertReachable(dependencies: readonly Dependency[], timeoutMs = 3000): Promise<void> {
  const failures = (await Promise.all(dependencies.map(async (d) => [d, await probe(d, timeoutMs)] as const))).filter(
    ([, failure]) => failure !== null,
  );
  if (failures.length === 0) return;
  const lines = failures.map(
    ([d, failure]) => `cannot reach ${d.name} at ${redactUrl(d.url)} (${failure}): ${d.howToStart}`,
  );
  throw new ConfigError('DEPENDENCY_UNREACHABLE', lines.join('\n'));
}

function probe(dependency: Dependency, timeoutMs: number): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(dependency.url);
  } catch {
    return Promise.resolve('invalid URL');
  }
  const port = url.port ? Number(url.port) : dependency.defaultPort;
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port });
    const finish = (failure: string | null) => {
      socket.destroy();
      resolve(failure);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}
