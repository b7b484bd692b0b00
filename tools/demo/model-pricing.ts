import type { TokenUsage } from '@baton/contracts';
import { ConfigError } from '@baton/config';
import { costNanoUsd, defaultPriceTable, nanoUsdToUsd, priceFor, PriceTable, ResolvedPrice } from '@baton/llm';

/** The hosted model the demo's recorded token counts are priced as, with its list price and the table's date. */
export interface HostedPrice {
  readonly provider: string;
  readonly model: string;
  readonly inputUsdPerMillionTokens: number;
  readonly outputUsdPerMillionTokens: number;
  /** The date the library's price table was read from the vendors' pages. */
  readonly pricesAsOf: string;
  readonly resolved: ResolvedPrice;
}

/**
 * A hosted model of the price table by name (`gpt-4o-mini`) or `provider:model`. The deterministic
 * model's nominal price and self-hosted models (zero per token) are not hosted prices.
 *
 * @example hostedPrice('gpt-4o-mini').inputUsdPerMillionTokens // 0.15
 */
export function hostedPrice(name: string, table: PriceTable = defaultPriceTable): HostedPrice {
  const [provider, model] = name.includes(':') ? (name.split(':', 2) as [string, string]) : [undefined, name];
  const hosted = table.prices.filter(
    (price) => !price.nominal && price.model !== '*' && (provider === undefined || price.provider === provider),
  );
  const chosen = hosted
    .filter((price) => model === price.model || model.startsWith(`${price.model}-`))
    .sort((a, b) => b.model.length - a.model.length)[0];
  if (!chosen) {
    const known = hosted.map((price) => `${price.provider}:${price.model}`).join(', ');
    throw new ConfigError(
      'INVALID_CONFIGURATION',
      `demo: --price-as ${name} is not a hosted model of the price table of ${table.pricesAsOf} (${known})`,
    );
  }
  return {
    provider: chosen.provider,
    model,
    inputUsdPerMillionTokens: chosen.inputUsdPerMillionTokens,
    outputUsdPerMillionTokens: chosen.outputUsdPerMillionTokens,
    pricesAsOf: table.pricesAsOf,
    resolved: priceFor(table, chosen.provider, model),
  };
}

/** USD for the usage at the hosted price (summed in exact nano-USD). */
export function priceUsage(price: HostedPrice, usages: readonly TokenUsage[]): number {
  return nanoUsdToUsd(usages.reduce((sum, usage) => sum + costNanoUsd(price.resolved, usage), 0));
}
