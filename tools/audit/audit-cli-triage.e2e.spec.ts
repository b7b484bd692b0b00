import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { labelled, triageVertical } from '@baton/patient-triage-feature';
import { listAccessStreamId, recordAccessStreamId } from '@baton/state-store';
import { repoRoot } from '../workspace/workspace-paths';

/**
 * `npm run audit -- verify --vertical triage` over triage's own schema, with access streams the
 * triage API wrote: encounters submitted and read over HTTP, then rows tampered with.
 */
/** A synthetic encounter (fictional registration), as the validation set builds them. */
const triageEncounter = (n: number) => ({
  ...labelled(n, `AUDIT-${n}`, 3, [], 'audit cli', { age: '41y', complaint: 'abdominal pain', pain: 5 }).encounter,
  encounterId: `audit-cli-${n}`,
});

describe('npm run audit -- verify --vertical triage (built CLI, triage API on the real services)', () => {
  const hexKey = randomBytes(32).toString('hex');
  let triage: TestVertical;

  beforeAll(async () => {
    triage = await startTestVertical(triageVertical, { suite: 'audit cli triage', auditKeyHex: hexKey, role: 'api' });
  });
  afterAll(() => triage?.stop());

  const verify = () => {
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        join(repoRoot, 'tools/runtime/register.js'),
        join(repoRoot, 'dist/out-tsc/tools/audit/audit-cli.js'),
        'verify',
        '--vertical',
        'triage',
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: {
          ...process.env,
          DATABASE_URL: triage.config.DATABASE_URL,
          DATABASE_SCHEMA: triage.schema,
          AUDIT_HMAC_KEY: hexKey,
        },
      },
    );
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  /** An encounter submitted by a nurse and read by two more roles: an access stream of three rows. */
  async function encounterReadThrice(n: number): Promise<string> {
    const bearer = async (role: string) =>
      `Bearer ${await triage.tokens.issue({ role, tenant: 'acme', subject: `${role}-${n}` })}`;
    const submitted = await fetch(`${triage.url}/v1/encounters`, {
      method: 'POST',
      headers: {
        authorization: await bearer('triage-nurse'),
        'content-type': 'application/json',
        'idempotency-key': `audit-cli-${n}`,
      },
      body: JSON.stringify(triageEncounter(n)),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    for (const role of ['clinician', 'auditor']) {
      const read = await fetch(`${triage.url}/v1/encounters/${id}`, { headers: { authorization: await bearer(role) } });
      expect(read.status).toBe(200);
    }
    return recordAccessStreamId(id);
  }

  it('verifies the access streams the API wrote, and names a changed, a deleted and a reordered row', async () => {
    const [changed, deleted, reordered] = [
      await encounterReadThrice(1),
      await encounterReadThrice(2),
      await encounterReadThrice(3),
    ];
    const board = await fetch(`${triage.url}/v1/board`, {
      headers: { authorization: `Bearer ${await triage.tokens.issue({ role: 'clinician', tenant: 'acme' })}` },
    });
    const { asOf } = (await board.json()) as { asOf: string };
    const intact = verify();
    expect(intact.status).toBe(0);
    for (const stream of [changed, deleted, reordered])
      expect(intact.output).toContain(`| ${stream} | verified | 3 events |`);
    expect(intact.output).toContain(`| ${listAccessStreamId('acme', asOf.slice(0, 10))} | verified | 1 events |`);

    await triage.dataSource.query(
      `UPDATE events SET data = jsonb_set(data, '{role}', '"triage-nurse"') WHERE stream_id = $1 AND version = 2`,
      [changed],
    );
    await triage.dataSource.query('DELETE FROM events WHERE stream_id = $1 AND version = 2', [deleted]);
    await triage.dataSource.transaction(async (tx) => {
      await tx.query('UPDATE events SET version = 1000 WHERE stream_id = $1 AND version = 2', [reordered]);
      await tx.query('UPDATE events SET version = 2 WHERE stream_id = $1 AND version = 3', [reordered]);
      await tx.query('UPDATE events SET version = 3 WHERE stream_id = $1 AND version = 1000', [reordered]);
    });
    const tampered = verify();
    expect(tampered.status).toBe(1);
    expect(tampered.output).toContain(`| ${changed} | changed at version 2 |`);
    expect(tampered.output).toContain(`| ${deleted} | deleted at version 2 |`);
    expect(tampered.output).toContain(`| ${reordered} | reordered at version 2 |`);
    expect(tampered.output).toMatch(/audit: \d+ verified, 3 failed/);
  });
});
