import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { FleetCaseAccepted, FleetCaseView } from '@baton/fleet-routing-contracts';
import { acceptedAnswer, type AcceptedResponse } from '@baton/runtime';
import { CurrentPrincipal, Roles, type Principal } from '@baton/http';
import { CasesService } from './cases.service';

/** `/v1/cases`: thin routes over {@link CasesService}; roles per route, tenant from the token. */
@Controller('v1/cases')
export class CasesController {
  constructor(@Inject(CasesService) private readonly cases: CasesService) {}

  @Post()
  @Roles('intake')
  @HttpCode(202)
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: AcceptedResponse,
  ): Promise<FleetCaseAccepted> {
    const result = await this.cases.submit(principal, idempotencyKey, body);
    return acceptedAnswer(response, result);
  }

  @Get(':id')
  @Roles('intake', 'reviewer')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<FleetCaseView> {
    return this.cases.get(principal, id);
  }
}
