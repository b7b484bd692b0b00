import type { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';

/** One dependency the process needs to serve requests; `check` rejects when it is not usable. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/**
 * PostgreSQL answers `SELECT 1` through the app's own pool.
 *
 * @example HealthModule.forRoot([postgresReadiness(dataSource), rabbitmqReadiness(connection)])
 */
export function postgresReadiness(dataSource: DataSource): ReadinessCheck {
  return {
    name: 'postgres',
    async check() {
      await dataSource.query('SELECT 1');
    },
  };
}

/**
 * The RabbitMQ connection is open. rabbitmq-client reconnects on its own, so a connection that is
 * (re)connecting gets a moment to come up before the check reports it down.
 */
export function rabbitmqReadiness(connection: Connection, graceMs = 1_000): ReadinessCheck {
  return {
    name: 'rabbitmq',
    async check() {
      if (connection.ready) return;
      await connection.onConnect(graceMs).catch(() => {
        throw new Error('the RabbitMQ connection is not open');
      });
    },
  };
}
