import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './workspace-paths';

// No Docker engine runs here, so the compose file is checked statically: it parses, names the
// services the platform needs, and keeps them on loopback with health checks.
interface Service {
  image?: string;
  ports?: string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};

describe('docker-compose.yml (static validation)', () => {
  it('defines postgres and rabbitmq, with the management plugin on', () => {
    expect(compose.services['postgres']?.image).toMatch(/^postgres:15/);
    expect(compose.services['rabbitmq']?.image).toMatch(/^rabbitmq:[\d.]+-management/);
    expect(compose.services['rabbitmq']?.ports).toContain('127.0.0.1:15672:15672');
  });

  it('binds every published port to loopback and health-checks every service', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? []) expect({ name, port: port.startsWith('127.0.0.1:') }).toEqual({ name, port: true });
      expect({ name, healthcheck: Array.isArray(service.healthcheck?.test) }).toEqual({ name, healthcheck: true });
    }
  });

  it('declares every named volume it mounts', () => {
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (!source.startsWith('.') && !source.startsWith('/')) expect(Object.keys(compose.volumes ?? {})).toContain(source);
      }
    }
  });
});
