import { Controller, Get, Header, Res } from '@nestjs/common';
import { BatonMetrics } from '../metrics/baton-metrics';

/** `GET /metrics`: the process's registry in the Prometheus text format. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: BatonMetrics) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res() response: { type(contentType: string): { send(body: string): unknown } }): Promise<void> {
    const text = await this.metrics.registry.metrics();
    response.type(this.metrics.contentType).send(text);
  }
}
