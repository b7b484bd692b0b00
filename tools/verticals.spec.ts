import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRuntimeError } from '@baton/runtime';
import { resolveVertical, verticals, WorkspaceVertical } from './verticals';
import { repoRoot } from './workspace/workspace-paths';

const listed = JSON.parse(readFileSync(join(repoRoot, 'tools/verticals.json'), 'utf8')) as Array<{
  short: string;
  dir: string;
}>;

describe('tools/verticals.ts, the one list of verticals', () => {
  it('lists the same verticals as verticals.json (which the lint rules and the image launcher read)', () => {
    expect(verticals.map(({ short, dir }) => ({ short, dir }))).toEqual(
      listed.map(({ short, dir }) => ({ short, dir })),
    );
  });

  it("names each vertical by its definition's name, with its app and libraries where the names say", () => {
    for (const { short, dir, vertical } of verticals) {
      expect(vertical.name).toBe(short);
      expect(existsSync(join(repoRoot, 'apps', dir, 'src/main.ts'))).toBe(true);
      for (const lib of ['contracts', 'domain', 'feature']) {
        const project = JSON.parse(readFileSync(join(repoRoot, 'libs', dir, lib, 'project.json'), 'utf8'));
        expect({ name: project.name, tags: project.tags }).toEqual({
          name: `${short}-${lib}`,
          tags: expect.arrayContaining([`scope:${short}`, `type:${lib}`]),
        });
      }
    }
  });

  it('resolves the only vertical when none is named, and refuses an unknown one with the list', () => {
    const only = [verticals[0]] as WorkspaceVertical[];
    expect(resolveVertical(undefined, only).short).toBe(verticals[0]?.short);
    const thrown = (() => {
      try {
        resolveVertical('astrology');
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(isRuntimeError(thrown, 'UNKNOWN_VERTICAL')).toBe(true);
    expect((thrown as Error).message).toBe(
      `no vertical "astrology"; the verticals are: ${verticals.map((v) => v.short).join(', ')}`,
    );
  });

  it('asks for a name when there are several', () => {
    const two = [verticals[0], { ...verticals[0], short: 'triage' }] as WorkspaceVertical[];
    expect(() => resolveVertical(undefined, two)).toThrow('name one with --vertical <name>: loan, triage');
    expect(resolveVertical('triage', two).short).toBe('triage');
  });
});
