import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { ApplicationAccepted, ApplicationView, AuditTrail } from '@baton/loan-underwriting-contracts';
import { CurrentPrincipal, Roles, type Principal } from '@baton/http';
import { ApplicationsService } from './applications.service';

/** The parts of Express's response the submit route sets. */
interface AcceptedResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/** `/v1/applications`: thin routes over {@link ApplicationsService}; roles per route, tenant from the token. */
@Controller('v1/applications')
export class ApplicationsController {
  constructor(@Inject(ApplicationsService) private readonly applications: ApplicationsService) {}

  @Post()
  @Roles('intake')
  @HttpCode(202)
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: AcceptedResponse,
  ): Promise<ApplicationAccepted> {
    const result = await this.applications.submit(principal, idempotencyKey, body);
    response.status(result.status);
    response.setHeader('Location', result.body.links.self);
    response.setHeader('Idempotent-Replayed', String(result.replayed));
    return result.body;
  }

  @Get(':id')
  @Roles('intake', 'underwriter', 'auditor')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApplicationView> {
    return this.applications.get(principal, id);
  }

  @Post(':id/review')
  @Roles('underwriter')
  @HttpCode(202)
  review(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<ApplicationAccepted> {
    return this.applications.review(principal, id, body);
  }

  @Get(':id/audit')
  @Roles('auditor')
  audit(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<AuditTrail> {
    return this.applications.audit(principal, id);
  }
}
