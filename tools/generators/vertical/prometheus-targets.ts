import { isMap, isSeq, parseDocument, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

/** The compose deployment's scrape configuration, which every vertical's services join. */
export const PROMETHEUS_CONFIG = 'deploy/prometheus/prometheus.yml';

/**
 * `prometheus.yml` with a vertical's services added: its API as a static target of `baton-api`
 * (`<short>-api:<port>`, labelled `service`), its workers and relays as DNS names of
 * `baton-workers` and `baton-relays`, so scaled replicas are found too. Comments and the other
 * verticals' entries stay; adding a vertical that is there already changes nothing.
 *
 * @example tree.write(PROMETHEUS_CONFIG, withVerticalTargets(tree.read(PROMETHEUS_CONFIG, 'utf-8')!, 'triage', 3002));
 */
export function withVerticalTargets(text: string, short: string, apiPort: number): string {
  const document = parseDocument(text);
  const jobs = document.get('scrape_configs');
  if (!isSeq(jobs)) throw new Error(`${PROMETHEUS_CONFIG} has no scrape_configs list`);
  const job = (name: string): YAMLMap => {
    const found = (jobs as YAMLSeq).items.find((item) => isMap(item) && item.get('job_name') === name);
    if (!isMap(found)) throw new Error(`${PROMETHEUS_CONFIG} has no "${name}" job to add ${short}'s services to`);
    return found;
  };

  const statics = job('baton-api').get('static_configs');
  if (!isSeq(statics)) throw new Error(`${PROMETHEUS_CONFIG}: baton-api has no static_configs`);
  const target = `${short}-api:${apiPort}`;
  const listed = statics.items.some((item) => isMap(item) && JSON.stringify(item.toJSON()).includes(`"${short}-api:`));
  if (!listed) {
    const entry = document.createNode({ targets: [target], labels: { service: `${short}-api` } });
    const targets = entry.get('targets', true) as unknown as YAMLSeq<Scalar>;
    targets.flow = true;
    targets.items.forEach((item) => (item.type = Scalar.QUOTE_SINGLE));
    statics.add(entry);
  }

  for (const [name, role] of [
    ['baton-workers', 'worker'],
    ['baton-relays', 'relay'],
  ] as const) {
    const discovery = job(name).get('dns_sd_configs');
    const first = isSeq(discovery) ? discovery.items[0] : undefined;
    const names = isMap(first) ? first.get('names') : undefined;
    if (!isSeq(names)) throw new Error(`${PROMETHEUS_CONFIG}: ${name} has no dns_sd_configs names`);
    if (!names.items.some((item) => String((item as { value?: unknown }).value ?? item) === `${short}-${role}`))
      names.add(Object.assign(new Scalar(`${short}-${role}`), { type: Scalar.QUOTE_SINGLE }));
  }
  return document.toString({ lineWidth: 0, flowCollectionPadding: false, singleQuote: true });
}
