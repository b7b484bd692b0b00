import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { platformEnvSchema } from '@baton/config';
import { verticals } from '../verticals';
import { repoRoot } from './workspace-paths';

// No Docker engine runs here, so the compose file, the Dockerfile and the files they mount are
// checked statically: the compose file parses, names the services the platform needs, keeps them
// on loopback with health checks, and wires every vertical's roles (tools/verticals.json), Jaeger,
// Prometheus and Grafana to each other.
interface Service {
  image?: string;
  build?: unknown;
  container_name?: string;
  ports?: string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition?: string }>;
}

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
/** The one list of verticals, as the image's launcher reads it. */
const workspaceVerticals = JSON.parse(read('tools/verticals.json')) as Array<{ short: string; dir: string }>;
const composeText = read('docker-compose.yml');
// `merge`: each vertical's services share their settings through `<<: *<short>` merge keys, as Compose reads them.
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const service = (name: string): Service => compose.services[name] ?? {};

/** Mounts from the repository (`./path:/target[:ro]`), as `{ source, target }`. */
const bindMounts = (name: string) =>
  (service(name).volumes ?? [])
    .filter((volume) => volume.startsWith('./'))
    .map((volume) => {
      const [source = '', target = ''] = volume.split(':');
      return { source: source.slice(2), target, readOnly: volume.endsWith(':ro') };
    });
/** The container side of `host:port:container` mappings. */
const containerPorts = (name: string) => (service(name).ports ?? []).map((port) => Number(port.split(':').pop()));
/** Compose interpolation: `${X:-default}` takes its default, `${X:?message}` a sample value. */
const interpolate = (value: string) =>
  value.replace(
    /\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g,
    (_, _name: string, fallback?: string) => fallback ?? 'ab'.repeat(32),
  );

describe('docker-compose.yml (static validation)', () => {
  it('defines postgres and rabbitmq, with the management plugin on', () => {
    expect(compose.services['postgres']?.image).toMatch(/^postgres:15/);
    expect(compose.services['rabbitmq']?.image).toMatch(/^rabbitmq:[\d.]+-management/);
    expect(compose.services['rabbitmq']?.ports).toContain('127.0.0.1:15672:15672');
  });

  it('binds every published port to loopback and health-checks every service', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? [])
        expect({ name, port: port.startsWith('127.0.0.1:') }).toEqual({ name, port: true });
      expect({ name, healthcheck: Array.isArray(service.healthcheck?.test) }).toEqual({ name, healthcheck: true });
    }
  });

  it('declares every named volume it mounts', () => {
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (!source.startsWith('.') && !source.startsWith('/'))
          expect(Object.keys(compose.volumes ?? {})).toContain(source);
      }
    }
  });

  it('mounts only files that exist in the repository, read-only', () => {
    const mounts = Object.keys(compose.services).flatMap((name) =>
      bindMounts(name).map((mount) => ({ name, ...mount })),
    );
    expect(mounts.length).toBeGreaterThanOrEqual(4);
    for (const { name, source, readOnly } of mounts)
      expect({ name, source, exists: existsSync(join(repoRoot, source)), readOnly }).toEqual({
        name,
        source,
        exists: true,
        readOnly: true,
      });
  });
});

const ROLES = ['api', 'worker', 'relay'] as const;
const servicesOf = (short: string) => ROLES.map((role) => `${short}-${role}`);
/** Each vertical of the one list, for `it.each`. */
const eachVertical = workspaceVerticals.map((entry) => [entry.short] as const);

describe('docker-compose.yml: every vertical of tools/verticals.json (the generator adds its services)', () => {
  it.each(eachVertical)('%s runs one service per role, each naming the vertical and its role', (short) => {
    for (const role of ROLES) {
      const env = service(`${short}-${role}`).environment ?? {};
      expect({ role, ROLE: env['ROLE'], VERTICAL: env['VERTICAL'] }).toEqual({ role, ROLE: role, VERTICAL: short });
    }
  });

  it.each(eachVertical)('%s builds every role from one image of the repository root', (short) => {
    const [first, ...rest] = servicesOf(short).map(service);
    expect(first?.build).toBe('.');
    expect(first?.image).toBeTruthy();
    for (const other of rest)
      expect({ build: other.build, image: other.image }).toEqual({ build: first?.build, image: first?.image });
    expect(existsSync(join(repoRoot, 'Dockerfile'))).toBe(true);
  });

  it('gives each vertical an image of its own', () => {
    const images = workspaceVerticals.map((entry) => service(`${entry.short}-api`).image);
    expect(new Set(images).size).toBe(workspaceVerticals.length);
  });

  it.each(eachVertical)('%s starts each role only once postgres and rabbitmq are healthy', (short) => {
    for (const name of servicesOf(short)) {
      expect({ name, postgres: service(name).depends_on?.['postgres']?.condition }).toEqual({
        name,
        postgres: 'service_healthy',
      });
      expect({ name, rabbitmq: service(name).depends_on?.['rabbitmq']?.condition }).toEqual({
        name,
        rabbitmq: 'service_healthy',
      });
    }
  });

  it.each(eachVertical)(
    '%s gives each role an environment the platform schema accepts, pointing at the compose services, in its own schema',
    (short) => {
      const schema = verticals.find((entry) => entry.short === short)?.vertical.defaults.schema;
      for (const name of servicesOf(short)) {
        const env = Object.fromEntries(
          Object.entries(service(name).environment ?? {}).map(([key, value]) => [key, interpolate(String(value))]),
        );
        const config = platformEnvSchema.parse(env);
        expect(new URL(config.DATABASE_URL).host).toBe('postgres:5432');
        expect(new URL(config.RABBITMQ_URL).host).toBe('rabbitmq:5672');
        expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
        expect({ name, schema: env['DATABASE_SCHEMA'] }).toEqual({ name, schema });
      }
      expect(service('jaeger').environment?.['COLLECTOR_OTLP_ENABLED']).toBe('true');
    },
  );

  it.each(eachVertical)('%s carries no literal secret: the audit key is a required ${...:?...} reference', (short) => {
    for (const name of servicesOf(short)) {
      const env = service(name).environment ?? {};
      expect(env['AUDIT_HMAC_KEY']).toMatch(/^\$\{AUDIT_HMAC_KEY:\?[^}]+\}$/);
      for (const [key, value] of Object.entries(env).filter(([key]) => /KEY|SECRET|PASSWORD|TOKEN/.test(key))) {
        expect({ name, key, reference: /^\$\{\w+(:\?[^}]+)?\}$/.test(String(value)) }).toEqual({
          name,
          key,
          reference: true,
        });
      }
    }
  });

  it('keeps no literal key in the file, and URL credentials only the broker image’s local default', () => {
    expect(composeText).not.toMatch(/\b[0-9a-f]{32,}\b/i);
    expect(composeText).not.toMatch(/PRIVATE KEY/);
    for (const [, password] of composeText.matchAll(/:\/\/[^@\s/:]+:([^@\s/]+)@/g)) expect(password).toBe('guest');
  });

  it.each(eachVertical)(
    '%s lets workers and relays scale (no fixed container name, no published port); the API publishes its PORT on loopback',
    (short) => {
      for (const name of [`${short}-worker`, `${short}-relay`])
        expect({ name, ports: service(name).ports, container_name: service(name).container_name }).toEqual({
          name,
          ports: undefined,
          container_name: undefined,
        });
      const port = service(`${short}-api`).environment?.['PORT'];
      expect(service(`${short}-api`).ports).toEqual([`127.0.0.1:${port}:${port}`]);
    },
  );

  it('says how to scale workers', () => {
    expect(composeText).toContain('docker compose up --scale loan-worker=3');
  });

  it.each(eachVertical)(
    '%s probes the API on /health and the other roles on /metrics, with node (the slim image has no curl)',
    (short) => {
      const port = service(`${short}-api`).environment?.['PORT'];
      expect(service(`${short}-api`).healthcheck?.test.join(' ')).toMatch(
        new RegExp(`^CMD node -e .*fetch\\('http://127\\.0\\.0\\.1:${port}/health'\\)`),
      );
      for (const name of [`${short}-worker`, `${short}-relay`]) {
        const metricsPort = service(name).environment?.['METRICS_PORT'];
        expect(service(name).healthcheck?.test.join(' ')).toMatch(
          new RegExp(`^CMD node -e .*fetch\\('http://127\\.0\\.0\\.1:${metricsPort}/metrics'\\)`),
        );
      }
    },
  );

  it('gives each vertical its own schema, and no two services the same host port', () => {
    const schemas = workspaceVerticals.map((entry) => service(`${entry.short}-api`).environment?.['DATABASE_SCHEMA']);
    expect(new Set(schemas).size).toBe(workspaceVerticals.length);
    const hostPorts = Object.values(compose.services).flatMap((entry) =>
      (entry.ports ?? []).map((port) => port.split(':').slice(0, -1).join(':')),
    );
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });
});

describe('docker-compose.yml: Jaeger, Prometheus and Grafana', () => {
  const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as {
    rule_files: string[];
    scrape_configs: {
      job_name: string;
      static_configs?: { targets: string[] }[];
      dns_sd_configs?: { names: string[]; type: string; port: number }[];
    }[];
  };
  const mountedAt = (name: string, target: string) => bindMounts(name).find((mount) => mount.target === target)?.source;

  it('runs jaeger, prometheus and grafana from their images, with their UIs on loopback', () => {
    expect(service('jaeger').image).toMatch(/^jaegertracing\/all-in-one:/);
    expect(service('prometheus').image).toMatch(/^prom\/prometheus:/);
    expect(service('grafana').image).toMatch(/^grafana\/grafana:/);
    expect(service('jaeger').ports).toContain('127.0.0.1:16686:16686');
    expect(service('prometheus').ports).toContain('127.0.0.1:9090:9090');
    expect(service('grafana').ports).toContain('127.0.0.1:3001:3000');
  });

  it('mounts the Prometheus config, whose rule files are mounted from files that exist', () => {
    expect(mountedAt('prometheus', '/etc/prometheus/prometheus.yml')).toBe('deploy/prometheus/prometheus.yml');
    expect(prometheus.rule_files.length).toBeGreaterThan(0);
    for (const rules of prometheus.rule_files) {
      const source = mountedAt('prometheus', rules);
      expect({ rules, source, exists: source !== undefined && existsSync(join(repoRoot, source)) }).toEqual({
        rules,
        source: 'deploy/prometheus/alerts.yml',
        exists: true,
      });
    }
  });

  it('scrapes every vertical’s API on its port and every worker and relay replica on their metrics port', () => {
    const job = (name: string) => prometheus.scrape_configs.find((config) => config.job_name === name);
    for (const { short } of workspaceVerticals) {
      expect(job('baton-api')?.static_configs?.flatMap((config) => config.targets)).toContain(
        `${short}-api:${service(`${short}-api`).environment?.['PORT']}`,
      );
      for (const [jobName, name] of [
        ['baton-workers', `${short}-worker`],
        ['baton-relays', `${short}-relay`],
      ] as const) {
        const lookup = job(jobName)?.dns_sd_configs?.find((config) => config.names.includes(name));
        expect({ name, type: lookup?.type, port: lookup?.port }).toEqual({
          name,
          type: 'A',
          port: Number(service(name).environment?.['METRICS_PORT']),
        });
      }
    }
    const hosts = prometheus.scrape_configs.flatMap((config) => [
      ...(config.static_configs ?? []).flatMap((c) => c.targets.map((target) => target.split(':')[0])),
      ...(config.dns_sd_configs ?? []).flatMap((c) => c.names),
    ]);
    for (const host of hosts)
      expect({ host, service: host !== undefined && host in compose.services }).toEqual({ host, service: true });
  });

  it('provisions Grafana with a datasource that names the prometheus service and its port', () => {
    expect(mountedAt('grafana', '/etc/grafana/provisioning')).toBe('deploy/grafana/provisioning');
    const providers = parse(read('deploy/grafana/provisioning/dashboards/baton.yml')) as {
      providers: { options: { path: string } }[];
    };
    expect(mountedAt('grafana', providers.providers[0]?.options.path ?? '')).toBe('deploy/grafana/dashboards');
    const { datasources } = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { type: string; url: string }[];
    };
    const url = new URL(datasources.find((source) => source.type === 'prometheus')?.url ?? '');
    expect(url.hostname in compose.services).toBe(true);
    expect(url.hostname).toBe('prometheus');
    expect(containerPorts('prometheus')).toContain(Number(url.port));
    expect(service('grafana').environment?.['GF_AUTH_ANONYMOUS_ORG_ROLE']).toBe('Viewer');
  });
});

/** The Dockerfile's stages, each with its instructions (continuation lines joined, comments dropped). */
function dockerfileStages(text: string) {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args = Object.fromEntries(
    lines.filter((line) => /^ARG \w+=/.test(line)).map((line) => line.slice(4).split('=') as [string, string]),
  );
  const stages: { from: string; name?: string; instructions: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from)
      stages.push({
        from: (from[1] ?? '').replace(/\$\{?(\w+)\}?/g, (_, name: string) => args[name] ?? ''),
        ...(from[2] ? { name: from[2] } : {}),
        instructions: [],
      });
    else stages.at(-1)?.instructions.push(line);
  }
  return stages;
}

describe('Dockerfile (static validation)', () => {
  const stages = dockerfileStages(read('Dockerfile'));
  const runtime = stages.at(-1)?.instructions ?? [];
  const copies = runtime.filter((line) => line.startsWith('COPY ')).map((line) => line.split(/\s+/).slice(1));

  it('builds in node:20-bookworm-slim stages with npm ci and npm run build', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toBe('node:20-bookworm-slim');
    const all = stages.flatMap((stage) => stage.instructions);
    expect(all).toContain('RUN npm run build');
    expect(all.some((line) => /^RUN npm ci\b/.test(line) && !line.includes('--omit=dev'))).toBe(true);
  });

  it('runs the vertical VERTICAL names through tools/runtime/vertical-app.js, as a non-root user in production mode', () => {
    const cmd = runtime.find((line) => line.startsWith('CMD '));
    expect(JSON.parse(cmd?.slice(4) ?? 'null')).toEqual(['node', 'tools/runtime/vertical-app.js']);
    // Every vertical of the one list has the app the launcher runs.
    for (const { dir } of workspaceVerticals)
      expect({ dir, main: existsSync(join(repoRoot, `apps/${dir}/src/main.ts`)) }).toEqual({ dir, main: true });
    for (const { short } of workspaceVerticals)
      for (const name of servicesOf(short)) expect(service(name).environment?.['VERTICAL']).toBe(short);
    expect(runtime).toContain('ENV NODE_ENV=production');
    const user = runtime.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)\b/);
  });

  it('copies production node_modules, dist (the policies travel in it as JSON modules), the runtime loader and the verticals list', () => {
    const installs = stages
      .flatMap((stage) => stage.instructions)
      .filter((line) => line.startsWith('RUN npm ci') && line.includes('--omit=dev'));
    expect(installs).toHaveLength(1);
    const copied = (destination: string) => copies.find((args) => args.at(-1) === destination);
    expect(copied('./node_modules')?.[0]).toMatch(/^--from=/);
    expect(copied('./dist/out-tsc')).toEqual(['--from=build', '/app/dist/out-tsc', './dist/out-tsc']);
    expect(copied('./tools/runtime')).toEqual(['tools/runtime', './tools/runtime']);
    expect(copied('./tools/verticals.json')).toEqual(['tools/verticals.json', './tools/verticals.json']);
    expect(copies.some((args) => args.includes('tsconfig.base.json'))).toBe(true);
    // Nothing is looked up beside the build at run time: the loan policies are imported modules.
    expect(copies.some((args) => args.some((arg) => arg.includes('policies')))).toBe(false);
    expect(read('libs/loan-underwriting/feature/src/lib/loan.vertical.ts')).toMatch(
      /from '\.\.\/\.\.\/policies\/loan-compliance\.json'/,
    );
  });

  it('refuses a VERTICAL that is not in the list, naming the ones that are', () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'tools/runtime/vertical-app.js')], {
      env: { ...process.env, VERTICAL: 'astrology' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `baton: no vertical "astrology"; the verticals are: ${workspaceVerticals.map((entry) => entry.short).join(', ')}\n`,
    );
  });

  it('needs only production dependencies at run time', () => {
    const { dependencies } = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const required = ['register.js', 'run.js', 'vertical-app.js', 'vertical-choice.js'].flatMap((file) =>
      [...read(`tools/runtime/${file}`).matchAll(/require\('([^'.][^']*)'\)/g)].map(([, name]) => name as string),
    );
    const packages = required.filter((name) => !name.startsWith('node:'));
    expect(packages).toContain('tsconfig-paths');
    for (const name of packages) expect({ name, dependency: name in dependencies }).toEqual({ name, dependency: true });
  });

  it('keeps from the build context nothing it copies, and everything local it should not send', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    for (const pattern of ['node_modules', 'dist', '.git', '.nx', 'tmp']) expect(ignored).toContain(pattern);
    const sources = stages
      .flatMap((stage) => stage.instructions)
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    for (const source of sources) {
      const excluded = ignored.some((pattern) => source === pattern || source.startsWith(`${pattern}/`));
      expect({ source, exists: existsSync(join(repoRoot, source)), excluded }).toEqual({
        source,
        exists: true,
        excluded: false,
      });
    }
  });
});
