import { DataSource, EntityManager, Not } from 'typeorm';
import type { PolicyDocument } from '../../document/policy-document';
import { parsePolicyDocument } from '../../document/validate-policy';
import { PolicyError } from '../../errors/policy-error';
import { documentHash, versionContent } from '../../evaluation/document-hash';
import type { ActivePolicies, PolicyStore, SaveOutcome, SeedReport, StoredPolicyVersion } from '../policy-store.port';
import { activatableDocument, assertNoConflict, assertOneVersionEach, assertSameContent } from '../version-rules';
import { PolicyVersionEntity } from './policy-version.entity';

/**
 * Policy versions on PostgreSQL (tables from {@link policyMigrations}). Every write runs in a
 * transaction under an advisory lock per schema, so saves, activations and seeds from several
 * processes queue instead of racing; the primary key and a partial unique index back the rules
 * in the database itself.
 *
 * @example
 * const dataSource = await openStateStore({ url, schema: 'loan', entities: policyEntities, migrations: policyMigrations });
 * const store = new PostgresPolicyStore(dataSource);
 * await store.activate('lending-llm', '4');
 */
export class PostgresPolicyStore implements PolicyStore {
  constructor(private readonly dataSource: DataSource) {}

  async save(raw: unknown): Promise<SaveOutcome> {
    const document = parsePolicyDocument(raw);
    return this.write((tx) => this.insert(tx, document));
  }

  async activate(policyId: string, version: string): Promise<void> {
    await this.write((tx) => this.activateIn(tx, policyId, version));
  }

  async retire(policyId: string): Promise<void> {
    await this.write(async (tx) => {
      const result = await tx
        .getRepository(PolicyVersionEntity)
        .update({ policyId, status: 'active' }, { status: 'inactive' });
      if (result.affected) await bumpGeneration(tx);
    });
  }

  async generation(): Promise<string> {
    const rows: Array<{ generation: string }> = await this.dataSource.query(
      'SELECT generation::text AS generation FROM policy_generation',
    );
    return rows[0]?.generation ?? '0';
  }

  async loadActive(): Promise<ActivePolicies> {
    // One statement, so the documents and the generation come from one snapshot.
    const rows: Array<{ generation: string; policy_id: string | null; version: string | null; document: unknown }> =
      await this.dataSource.query(
        `SELECT g.generation::text AS generation, v.policy_id, v.version, v.document
         FROM policy_generation g LEFT JOIN policy_versions v ON v.status = 'active'
        ORDER BY v.policy_id`,
      );
    const documents = rows
      .filter((row) => row.policy_id !== null)
      .map((row) => parsePolicyDocument(row.document, `${row.policy_id}@${row.version}`));
    return { generation: rows[0]?.generation ?? '0', documents };
  }

  async get(policyId: string, version: string): Promise<PolicyDocument | null> {
    const row = await this.dataSource.getRepository(PolicyVersionEntity).findOne({ where: { policyId, version } });
    return row ? parsePolicyDocument(row.document, `${policyId}@${version}`) : null;
  }

  async list(): Promise<StoredPolicyVersion[]> {
    const rows = await this.dataSource
      .getRepository(PolicyVersionEntity)
      .find({ order: { policyId: 'ASC', createdAt: 'ASC' } });
    return rows.map((row) => ({
      policyId: row.policyId,
      version: row.version,
      status: row.status,
      documentHash: row.documentHash,
      activatedAt: row.activatedAt ? row.activatedAt.toISOString() : null,
    }));
  }

  async seed(documents: readonly PolicyDocument[]): Promise<SeedReport> {
    assertOneVersionEach(documents);
    return this.write(async (tx) => {
      const report = { created: [] as string[], unchanged: [] as string[], activated: [] as string[] };
      for (const document of documents) {
        const key = `${document.id}@${document.version}`;
        const outcome = await this.insert(tx, document);
        report[outcome].push(key);
        if (outcome === 'created') {
          await this.activateIn(tx, document.id, document.version);
          report.activated.push(key);
        }
      }
      return report;
    });
  }

  private async write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      // Per schema: one vertical's seeding does not wait for another's.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('baton.policy:' || current_schema()))`);
      return work(tx);
    });
  }

  private async insert(tx: EntityManager, document: PolicyDocument): Promise<SaveOutcome> {
    const repository = tx.getRepository(PolicyVersionEntity);
    const existing = await repository.findOne({ where: { policyId: document.id, version: document.version } });
    if (existing) {
      assertSameContent(existing.documentHash, document);
      return 'unchanged';
    }
    await repository.insert({
      policyId: document.id,
      version: document.version,
      document: versionContent(document),
      documentHash: documentHash(document),
      status: 'inactive',
      activatedAt: null,
    });
    return 'created';
  }

  private async activateIn(tx: EntityManager, policyId: string, version: string): Promise<void> {
    const repository = tx.getRepository(PolicyVersionEntity);
    const row = await repository.findOne({ where: { policyId, version } });
    if (!row) throw new PolicyError('POLICY_NOT_FOUND', `no stored version ${policyId}@${version}`);
    const document = activatableDocument(row.document, `${policyId}@${version}`);
    const others = await repository.find({ where: { status: 'active', policyId: Not(policyId) } });
    assertNoConflict(
      document,
      others.map((other) => ({ key: `${other.policyId}@${other.version}`, intents: intentsOf(other.document) })),
    );
    await repository.update({ policyId, status: 'active' }, { status: 'inactive' });
    await repository.update({ policyId, version }, { status: 'active', activatedAt: () => 'now()' });
    await bumpGeneration(tx);
  }
}

async function bumpGeneration(tx: EntityManager): Promise<void> {
  await tx.query('UPDATE policy_generation SET generation = generation + 1');
}

function intentsOf(document: unknown): string[] {
  const intents = (document as { intents?: unknown }).intents;
  return Array.isArray(intents) ? intents.filter((intent): intent is string => typeof intent === 'string') : [];
}
