import type { PriceTable } from './price-table';

/**
 * List prices of the models Baton is configured for, in USD per million tokens (standard tier,
 * no batch or cache discounts), as published by OpenAI and Anthropic on `pricesAsOf`. Prices
 * change: check the vendors' pages and pass your own table when they do.
 *
 * - The deterministic model costs nothing to run; it carries a *nominal* price (that of a
 *   small hosted model, marked `nominal`) so the demo and tests exercise cost and budgets.
 * - Ollama runs on your own hardware: zero per token.
 *
 * @example new ChatModelGateway({ models, prices: defaultPriceTable });
 */
export const defaultPriceTable: PriceTable = {
  pricesAsOf: '2025-01-15',
  prices: [
    { provider: 'openai', model: 'gpt-4o', inputUsdPerMillionTokens: 2.5, outputUsdPerMillionTokens: 10 },
    { provider: 'openai', model: 'gpt-4o-mini', inputUsdPerMillionTokens: 0.15, outputUsdPerMillionTokens: 0.6 },
    { provider: 'anthropic', model: 'claude-3-5-sonnet', inputUsdPerMillionTokens: 3, outputUsdPerMillionTokens: 15 },
    { provider: 'anthropic', model: 'claude-3-5-haiku', inputUsdPerMillionTokens: 0.8, outputUsdPerMillionTokens: 4 },
    { provider: 'ollama', model: '*', inputUsdPerMillionTokens: 0, outputUsdPerMillionTokens: 0 },
    {
      provider: 'deterministic',
      model: '*',
      inputUsdPerMillionTokens: 0.15,
      outputUsdPerMillionTokens: 0.6,
      nominal: true,
    },
  ],
};
