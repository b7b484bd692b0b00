import { MessageRegistry, platformMessages } from '@baton/contracts';
import { verticals, type WorkspaceVertical } from '../verticals';

/** One registry `npm run contracts -- export` writes, with its AsyncAPI document's title and version. */
export interface ExportedRegistry {
  readonly registry: MessageRegistry;
  readonly title: string;
  readonly version: string;
}

const CONTRACTS_VERSION = '0.1.0';

/** `Loan underwriting` reads `loan underwriting` mid-sentence; a leading acronym (`KYC …`) stays. */
const midSentence = (title: string): string =>
  /^[A-Z][a-z]/.test(title) ? `${title.charAt(0).toLowerCase()}${title.slice(1)}` : title;

/**
 * Every registry the export writes: the platform's, then one per vertical of `tools/verticals.ts`
 * (all the messages it speaks, platform ones included, so each document stands alone).
 *
 * @example exportedRegistries().map((r) => r.title) // ['Baton platform messages', 'Baton loan underwriting messages']
 */
export function exportedRegistries(list: readonly WorkspaceVertical[] = verticals): ExportedRegistry[] {
  return [
    { registry: platformMessages(), title: 'Baton platform messages', version: CONTRACTS_VERSION },
    ...list.map(({ vertical }) => ({
      registry: vertical.messages(),
      title: `Baton ${midSentence(vertical.definition.title)} messages`,
      version: CONTRACTS_VERSION,
    })),
  ];
}
