import { Inject } from '@nestjs/common';
import { Connection } from 'rabbitmq-client';
import type { DataSource } from 'typeorm';
import { ConfirmedPublisher } from '@baton/messaging';
import { AuditKey, openStateStore, PersonalDataCipher, PostgresEventStore, SubjectKeyring } from '@baton/state-store';
import type { Vertical } from '../definition/define-vertical';
import type { VerticalConfig } from '../definition/vertical-definition';

/** Injection token of the agents' shared circuit breakers (`DownstreamBreakers`). */
export const DOWNSTREAM_BREAKERS = Symbol('baton.downstream-breakers');
/** Injection token of the process's configuration (`VerticalConfig`). */
export const VERTICAL_CONFIG = Symbol('baton.vertical-config');
/** Injects the agents' shared circuit breakers. */
export const InjectBreakers = () => Inject(DOWNSTREAM_BREAKERS);
/** Injects the process's configuration. */
export const InjectVerticalConfig = () => Inject(VERTICAL_CONFIG);

/**
 * Opens the vertical's schema for one process: creates the database if missing and applies every
 * migration (platform first) under the advisory lock. `DATABASE_POOL_SIZE` overrides the size
 * the role asks for.
 */
export function openVerticalStore(
  vertical: Vertical,
  config: VerticalConfig,
  poolSize: number,
  entities: ReadonlyArray<new () => unknown> = [],
): Promise<DataSource> {
  return openStateStore({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    poolSize: config.DATABASE_POOL_SIZE ?? poolSize,
    entities,
    migrations: vertical.migrations,
  });
}

/** The vertical's event store: hash-chained, and personal fields sealed per subject when it names any. */
export function verticalEventStore(vertical: Vertical, dataSource: DataSource, auditKey: AuditKey): PostgresEventStore {
  const personalData = vertical.definition.personalData;
  return new PostgresEventStore(
    dataSource,
    auditKey,
    personalData ? { personalData: new PersonalDataCipher(new SubjectKeyring(dataSource), personalData) } : {},
  );
}

/** A broker connection that reconnects on its own, and a confirmed publisher on it. */
export interface BrokerLink {
  readonly connection: Connection;
  readonly publisher: ConfirmedPublisher;
  /** Publisher first: a connection closes only after its publishers. */
  close(): Promise<void>;
}

export async function openBroker(url: string, name: string): Promise<BrokerLink> {
  const connection = new Connection({ url, retryLow: 100, retryHigh: 2_000, connectionName: name });
  connection.on('error', () => undefined);
  // Ready means ready: a role answers only once it can publish what it commits.
  await connection.onConnect(10_000);
  const publisher = new ConfirmedPublisher(connection);
  return {
    connection,
    publisher,
    async close() {
      await publisher.close();
      await connection.close();
    },
  };
}
