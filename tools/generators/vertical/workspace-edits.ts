import { updateJson, type Tree } from '@nx/devkit';
import { listedVerticals, VERTICALS_JSON } from './workspace-checks';
import type { VerticalNames } from './vertical-names';

const VERTICALS_TS = 'tools/verticals.ts';
const COMPOSE = 'docker-compose.yml';

/** The libraries' import paths, `@baton/<dir>-contracts|domain|feature`, in `tsconfig.base.json`. */
export function addImportPaths(tree: Tree, names: VerticalNames): void {
  updateJson(tree, 'tsconfig.base.json', (tsconfig) => {
    const paths = (tsconfig.compilerOptions.paths ??= {}) as Record<string, string[]>;
    for (const lib of ['contracts', 'domain', 'feature'])
      paths[`@baton/${names.dir}-${lib}`] = [`libs/${names.dir}/${lib}/src/index.ts`];
    return tsconfig;
  });
}

/** The vertical in the one list: `tools/verticals.json` (data, for the lint rules) and `tools/verticals.ts`. */
export function addToVerticalList(tree: Tree, names: VerticalNames): void {
  const listed = [...listedVerticals(tree), { short: names.short, dir: names.dir, title: names.title }];
  tree.write(VERTICALS_JSON, `${JSON.stringify(listed)}\n`);

  const source = tree.read(VERTICALS_TS, 'utf-8');
  if (source === null) throw new Error(`${VERTICALS_TS} is missing`);
  const list = /(export const verticals: readonly WorkspaceVertical\[\] = \[\n)([\s\S]*?)(\];)/.exec(source);
  const lastImport = [...source.matchAll(/^import .*;$/gm)].at(-1);
  if (!list || !lastImport) throw new Error(`${VERTICALS_TS} has no "export const verticals" list to add to`);
  const entry = `  { short: '${names.short}', dir: '${names.dir}', vertical: ${names.camel}Vertical },\n`;
  const withEntry = source.replace(list[0], `${list[1]}${list[2]}${entry}${list[3]}`);
  const at = (lastImport.index ?? 0) + lastImport[0].length;
  const importLine = `\nimport { ${names.camel}Vertical } from '@baton/${names.dir}-feature';`;
  tree.write(VERTICALS_TS, withEntry.slice(0, at) + importLine + withEntry.slice(at));
}

/** The first loopback port from 3000 up that no service of the compose file publishes. */
export function freeApiPort(compose: string): number {
  const taken = new Set([...compose.matchAll(/127\.0\.0\.1:(\d+):\d+/g)].map((match) => Number(match[1])));
  let port = 3000;
  while (taken.has(port)) port += 1;
  return port;
}

/** A probe with node's fetch: the slim image has no curl. */
const probe = (url: string) =>
  `      test:\n        [\n          'CMD',\n          'node',\n          '-e',\n          "fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))",\n        ]\n      interval: 10s\n      timeout: 5s\n      retries: 6\n      start_period: 30s\n`;

/**
 * The vertical's services in `docker-compose.yml`, beside loan's: one image, a service per role
 * (`<short>-api` on the next free loopback port, `<short>-worker`, `<short>-relay`), its own
 * schema. Returns the API's port.
 */
export function addComposeServices(tree: Tree, names: VerticalNames): number {
  const compose = tree.read(COMPOSE, 'utf-8');
  if (compose === null) return 0;
  const port = freeApiPort(compose);
  const { short } = names;
  const anchors = `# The ${names.title} vertical (nx g @baton/tools:vertical): one image, one service per role.
x-${short}: &${short}
  build: .
  image: baton/${names.dir}:local
  init: true
  restart: unless-stopped
  stop_grace_period: 30s
  depends_on:
    postgres:
      condition: service_healthy
    rabbitmq:
      condition: service_healthy

x-${short}-env: &${short}-env
  VERTICAL: ${short}
  DATABASE_URL: postgres://postgres@postgres:5432/baton
  RABBITMQ_URL: amqp://guest:guest@rabbitmq:5672
  DATABASE_SCHEMA: ${names.snake}
  AUDIT_HMAC_KEY: \${AUDIT_HMAC_KEY:?set AUDIT_HMAC_KEY to 64 hex characters}
  OTEL_EXPORTER_OTLP_ENDPOINT: http://jaeger:4318
  LLM_PROVIDER: \${LLM_PROVIDER:-deterministic}
  LOG_LEVEL: \${LOG_LEVEL:-info}

`;
  const role = (name: string, env: string, health: string, extra = '') =>
    `  ${short}-${name}:\n    <<: *${short}\n    environment:\n      <<: *${short}-env\n${env}${extra}    healthcheck:\n${probe(health)}\n`;
  const services =
    `  # The ${names.title} vertical: scale workers and relays like loan's (--scale ${short}-worker=3).\n` +
    role(
      'api',
      `      ROLE: api\n      PORT: '${port}'\n`,
      `http://127.0.0.1:${port}/health`,
      `    ports:\n      - '127.0.0.1:${port}:${port}'\n`,
    ) +
    role('worker', `      ROLE: worker\n      METRICS_PORT: '9464'\n`, 'http://127.0.0.1:9464/metrics') +
    role('relay', `      ROLE: relay\n      METRICS_PORT: '9464'\n`, 'http://127.0.0.1:9464/metrics');
  const servicesAt = compose.indexOf('\nservices:\n');
  const volumesAt = compose.indexOf('\nvolumes:\n');
  if (servicesAt < 0 || volumesAt < servicesAt)
    throw new Error(`${COMPOSE} has no top-level "services:" followed by "volumes:" to add the vertical's services to`);
  tree.write(
    COMPOSE,
    compose.slice(0, servicesAt + 1) +
      anchors +
      compose.slice(servicesAt + 1, volumesAt + 1) +
      services +
      compose.slice(volumesAt + 1),
  );
  return port;
}
