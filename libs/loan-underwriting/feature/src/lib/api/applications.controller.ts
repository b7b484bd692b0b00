import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { ApplicationAccepted, ApplicationView, AuditTrail } from '@baton/loan-underwriting-contracts';
import { acceptedAnswer, type AcceptedResponse } from '@baton/runtime';
import { AccessLogged, type AccessRequest, CurrentPrincipal, type Principal, Roles, withAccessLog } from '@baton/http';
import { AccessLog } from '@baton/state-store';
import { ApplicationsService } from './applications.service';

/**
 * `/v1/applications`: thin routes over {@link ApplicationsService}; roles per route, tenant from
 * the token. Reads answer only once their access is in the application's access log.
 */
@Controller('v1/applications')
export class ApplicationsController {
  constructor(
    @Inject(ApplicationsService) private readonly applications: ApplicationsService,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
  ) {}

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
    return acceptedAnswer(response, result);
  }

  @Get(':id')
  @Roles('intake', 'underwriter', 'auditor')
  @AccessLogged({ view: 'application', recordParam: 'id' })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Req() request: AccessRequest,
  ): Promise<ApplicationView> {
    return withAccessLog(this.accessLog, { principal, request, view: 'application', recordId: id }, () =>
      this.applications.get(principal, id),
    );
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
  @AccessLogged({ view: 'audit-trail', recordParam: 'id' })
  audit(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Req() request: AccessRequest,
  ): Promise<AuditTrail> {
    return withAccessLog(this.accessLog, { principal, request, view: 'audit-trail', recordId: id }, () =>
      this.applications.audit(principal, id),
    );
  }
}
