import type { ServerResponse } from 'node:http';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { BatonMetrics } from '../metrics/baton-metrics';

/** `GET /metrics`: the process's registry in the Prometheus text format. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: BatonMetrics) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res() response: ServerResponse): Promise<void> {
    const text = await this.metrics.registry.metrics();
    // Written as is: Express's send would reorder the content type's parameters.
    response.setHeader('content-type', this.metrics.contentType);
    response.end(text);
  }
}
