import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AuditKey,
  isConcurrencyError,
  openStateStore,
  PostgresEventStore,
  PostgresSnapshotStore,
} from '@baton/state-store';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { EntityModel, EntityStateStore } from './entity-state-store';

interface Vehicle {
  reservedKg: number;
}
const capacityKg = 1000;
const vehicleModel: EntityModel<Vehicle> = {
  stream: 'vehicle',
  initialState: () => ({ reservedKg: 0 }),
  evolve: (state, event) => ({ reservedKg: state.reservedKg + (event.data as { kg: number }).kg }),
  stateVersion: 1,
};
const reserve = (kg: number) => (state: Vehicle) =>
  state.reservedKg + kg <= capacityKg
    ? [
        {
          eventId: randomUUID(),
          type: 'vehicle.load.reserved',
          schemaVersion: 1,
          data: { kg },
          occurredAt: '2026-11-24T10:00:00Z',
        },
      ]
    : [];

describe('EntityStateStore: a stateful agent keeps per-entity state with optimistic concurrency (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let vehicles: EntityStateStore<Vehicle>;

  beforeAll(async () => {
    db = await createIsolatedSchema('entity state');
    dataSource = await openStateStore({ url: db.databaseUrl, schema: db.schema, poolSize: 8 });
    vehicles = new EntityStateStore(
      new PostgresEventStore(dataSource, AuditKey.from(randomBytes(32).toString('hex'))),
      new PostgresSnapshotStore(dataSource),
      vehicleModel,
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('never over-commits capacity under concurrent updates: losers reload and decide again', async () => {
    let conflicts = 0;
    const attempt = async (kg: number): Promise<void> => {
      for (;;) {
        try {
          await dataSource.transaction((tx) => vehicles.update(tx, 'truck-7', reserve(kg)));
          return;
        } catch (error) {
          if (!isConcurrencyError(error)) throw error;
          conflicts += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 30 }, () => attempt(100)));
    const { state, version } = await vehicles.load('truck-7');
    expect(state.reservedKg).toBe(capacityKg);
    expect(version).toBe(10);
    expect(conflicts).toBeGreaterThan(0);
  });
});
