export * from './lib/encounter/calendar-date';
export * from './lib/encounter/registration';
export * from './lib/encounter/vital-signs';
export * from './lib/encounter/encounter';
export * from './lib/encounter/parse-encounter';
export * from './lib/esi/esi-level';
export * from './lib/esi/triage-input';
export * from './lib/esi/esi-assessment';
