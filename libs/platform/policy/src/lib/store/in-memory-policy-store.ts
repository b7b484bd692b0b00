import type { PolicyDocument } from '../document/policy-document';
import { parsePolicyDocument } from '../document/validate-policy';
import { PolicyError } from '../errors/policy-error';
import { documentHash, versionContent } from '../evaluation/document-hash';
import type { ActivePolicies, PolicyStore, SaveOutcome, SeedReport, StoredPolicyVersion } from './policy-store.port';
import { activatableDocument, assertNoConflict, assertOneVersionEach, assertSameContent } from './version-rules';

interface Row {
  document: unknown;
  documentHash: string;
  status: 'active' | 'inactive';
  activatedAt: string | null;
}

/**
 * The policy store in memory, with the same rules as the PostgreSQL adapter, for unit tests of
 * code that uses the {@link PolicyStore} port. Never a runtime: nothing survives the process.
 *
 * @example
 * const store = new InMemoryPolicyStore();
 * await store.seed([parsePolicyDocument(lending)]);
 */
export class InMemoryPolicyStore implements PolicyStore {
  private readonly rows = new Map<string, Row>();
  private counter = 0;

  async save(raw: unknown): Promise<SaveOutcome> {
    return this.insert(parsePolicyDocument(raw));
  }

  async activate(policyId: string, version: string): Promise<void> {
    const row = this.rows.get(`${policyId}@${version}`);
    if (!row) throw new PolicyError('POLICY_NOT_FOUND', `no stored version ${policyId}@${version}`);
    const document = activatableDocument(row.document, `${policyId}@${version}`);
    const others = [...this.rows.entries()].filter(
      ([key, other]) => other.status === 'active' && !key.startsWith(`${policyId}@`),
    );
    assertNoConflict(
      document,
      others.map(([key, other]) => ({ key, intents: (other.document as PolicyDocument).intents })),
    );
    this.deactivate(policyId);
    row.status = 'active';
    row.activatedAt = new Date().toISOString();
    this.counter += 1;
  }

  async retire(policyId: string): Promise<void> {
    if (this.deactivate(policyId)) this.counter += 1;
  }

  async generation(): Promise<string> {
    return String(this.counter);
  }

  async loadActive(): Promise<ActivePolicies> {
    const documents = [...this.rows.entries()]
      .filter(([, row]) => row.status === 'active')
      .map(([key, row]) => parsePolicyDocument(row.document, key));
    return { generation: String(this.counter), documents };
  }

  async get(policyId: string, version: string): Promise<PolicyDocument | null> {
    const row = this.rows.get(`${policyId}@${version}`);
    return row ? parsePolicyDocument(row.document, `${policyId}@${version}`) : null;
  }

  async list(): Promise<StoredPolicyVersion[]> {
    return [...this.rows.entries()].map(([key, row]) => {
      const [policyId, version] = key.split('@') as [string, string];
      return { policyId, version, status: row.status, documentHash: row.documentHash, activatedAt: row.activatedAt };
    });
  }

  async seed(documents: readonly PolicyDocument[]): Promise<SeedReport> {
    assertOneVersionEach(documents);
    const report = { created: [] as string[], unchanged: [] as string[], activated: [] as string[] };
    // All or nothing, as the PostgreSQL adapter's transaction.
    const before = new Map([...this.rows].map(([key, row]) => [key, { ...row }]));
    const counter = this.counter;
    try {
      for (const document of documents) {
        const key = `${document.id}@${document.version}`;
        const outcome = this.insert(document);
        report[outcome].push(key);
        if (outcome === 'created') {
          await this.activate(document.id, document.version);
          report.activated.push(key);
        }
      }
    } catch (error) {
      this.rows.clear();
      before.forEach((row, key) => this.rows.set(key, row));
      this.counter = counter;
      throw error;
    }
    return report;
  }

  /**
   * Puts a raw row in place without validation: stands in for someone editing the table by hand,
   * so tests can show that activation validates again.
   */
  putUnchecked(policyId: string, version: string, document: unknown): void {
    this.rows.set(`${policyId}@${version}`, {
      document,
      documentHash: 'unchecked',
      status: 'inactive',
      activatedAt: null,
    });
  }

  private insert(document: PolicyDocument): SaveOutcome {
    const key = `${document.id}@${document.version}`;
    const existing = this.rows.get(key);
    if (existing) {
      assertSameContent(existing.documentHash, document);
      return 'unchanged';
    }
    this.rows.set(key, {
      document: structuredClone(versionContent(document)),
      documentHash: documentHash(document),
      status: 'inactive',
      activatedAt: null,
    });
    return 'created';
  }

  private deactivate(policyId: string): boolean {
    let changed = false;
    for (const [key, row] of this.rows) {
      if (key.startsWith(`${policyId}@`) && row.status === 'active') {
        row.status = 'inactive';
        changed = true;
      }
    }
    return changed;
  }
}
