import { MessageRegistry, platformMessages } from '@baton/contracts';

/** Every registry `npm run contracts -- export` writes; verticals add theirs here. */
export function exportedRegistries(): Array<{ registry: MessageRegistry; title: string; version: string }> {
  return [{ registry: platformMessages(), title: 'Baton platform messages', version: '0.1.0' }];
}
