import type { TokenUsage } from '@baton/contracts';
import { LlmError } from '../errors/llm-error';

/** One model's list price, in USD per million tokens, as vendors publish it. */
export interface ModelPrice {
  readonly provider: string;
  /** An exact model name, a family prefix (`gpt-4o` covers `gpt-4o-2024-08-06`), or `*`. */
  readonly model: string;
  readonly inputUsdPerMillionTokens: number;
  readonly outputUsdPerMillionTokens: number;
  /** True when the price is made up (the deterministic model), not a charge anyone pays. */
  readonly nominal?: boolean;
}

/** Prices as data, with the date they were taken from the vendors' price pages. */
export interface PriceTable {
  /** ISO date (YYYY-MM-DD) the prices were read. */
  readonly pricesAsOf: string;
  readonly prices: readonly ModelPrice[];
}

/** A price converted for exact arithmetic: integer nano-USD (1e-9 USD) per token. */
export interface ResolvedPrice {
  readonly provider: string;
  readonly model: string;
  readonly inputNanoUsdPerToken: number;
  readonly outputNanoUsdPerToken: number;
}

/**
 * The price of one model. Exact names win over family prefixes (the longest prefix wins), and
 * prefixes over `*`. A model without a price is a configuration error: cost and budgets would
 * silently read zero otherwise.
 *
 * @example priceFor(defaultPriceTable, 'openai', 'gpt-4o-mini-2024-07-18').inputNanoUsdPerToken // 150
 */
export function priceFor(table: PriceTable, provider: string, model: string): ResolvedPrice {
  const candidates = table.prices.filter((price) => price.provider === provider);
  const exact = candidates.find((price) => price.model === model);
  const prefixed = candidates
    .filter((price) => price.model !== '*' && model.startsWith(`${price.model}-`))
    .sort((a, b) => b.model.length - a.model.length)[0];
  const chosen = exact ?? prefixed ?? candidates.find((price) => price.model === '*');
  if (!chosen)
    throw new LlmError(
      'CONFIGURATION_INVALID',
      `no price for ${provider}:${model} in the price table of ${table.pricesAsOf}`,
    );
  return {
    provider,
    model,
    inputNanoUsdPerToken: toNanoUsdPerToken(chosen.inputUsdPerMillionTokens, chosen),
    outputNanoUsdPerToken: toNanoUsdPerToken(chosen.outputUsdPerMillionTokens, chosen),
  };
}

/**
 * The cost of some usage in integer nano-USD. Integers keep every sum exact; USD per million
 * tokens with up to three decimals is a whole number of nano-USD per token.
 *
 * @example costNanoUsd(price, { inputTokens: 1000, outputTokens: 200 })
 */
export function costNanoUsd(price: ResolvedPrice, usage: TokenUsage): number {
  const cost = usage.inputTokens * price.inputNanoUsdPerToken + usage.outputTokens * price.outputNanoUsdPerToken;
  if (!Number.isSafeInteger(cost)) throw new RangeError(`cost ${cost} nano-USD is beyond exact integer arithmetic`);
  return cost;
}

/**
 * Nano-USD as USD, for display and the contract record; sums stay in nano-USD.
 *
 * @example nanoUsdToUsd(1_500) // 0.0000015
 */
export function nanoUsdToUsd(nanoUsd: number): number {
  return nanoUsd / 1e9;
}

/**
 * USD as integer nano-USD (rounded to the nearest nano-dollar), e.g. for a budget.
 *
 * @example usdToNanoUsd(0.05) // 50_000_000
 */
export function usdToNanoUsd(usd: number): number {
  return Math.round(usd * 1e9);
}

function toNanoUsdPerToken(usdPerMillion: number, price: ModelPrice): number {
  // USD per million tokens x 1e9 nano-USD per USD / 1e6 tokens = x 1000 per token.
  const nano = Math.round(usdPerMillion * 1000);
  if (usdPerMillion < 0 || Math.abs(nano - usdPerMillion * 1000) > 1e-6) {
    throw new LlmError(
      'CONFIGURATION_INVALID',
      `price of ${price.provider}:${price.model} (${usdPerMillion} USD/M tokens) needs at most three decimals`,
    );
  }
  return nano;
}
