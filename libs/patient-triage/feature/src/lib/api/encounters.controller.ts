import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { EncounterAccepted, EncounterAuditTrail, EncounterView } from '@baton/patient-triage-contracts';
import { acceptedAnswer, type AcceptedResponse } from '@baton/runtime';
import { AccessLogged, type AccessRequest, CurrentPrincipal, type Principal, Roles, withAccessLog } from '@baton/http';
import { AccessLog } from '@baton/state-store';
import { encounterFields } from './encounter-view';
import { EncountersService } from './encounters.service';

/** What a submission writes of the encounter, as the access log names it. */
const REGISTRATION_FIELDS = ['registration', 'arrival', 'complaint', 'vitals', 'pain', 'pregnancy'];

/**
 * `/v1/encounters`: thin routes over {@link EncountersService}; roles per route, tenant from the
 * token. Every route answers only once its access is in the encounter's access log.
 */
@Controller('v1/encounters')
export class EncountersController {
  constructor(
    @Inject(EncountersService) private readonly encounters: EncountersService,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
  ) {}

  @Post()
  @Roles('triage-nurse')
  @HttpCode(202)
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: AcceptedResponse,
    @Req() request: AccessRequest,
  ): Promise<EncounterAccepted> {
    // The id derives from the tenant and the key, so it is known before the write (a missing key is a 400 here).
    const recordId = this.encounters.idFor(principal, idempotencyKey);
    const access = {
      principal,
      request,
      action: 'write' as const,
      view: 'registration',
      recordId,
      fields: REGISTRATION_FIELDS,
    };
    const result = await withAccessLog(this.accessLog, access, () =>
      this.encounters.submit(principal, idempotencyKey, body),
    );
    return acceptedAnswer(response, result);
  }

  @Get(':id')
  @Roles('triage-nurse', 'clinician', 'auditor')
  @AccessLogged({ view: 'encounter', recordParam: 'id' })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Req() request: AccessRequest,
  ): Promise<EncounterView> {
    return withAccessLog(
      this.accessLog,
      { principal, request, view: 'encounter', recordId: id, fields: encounterFields },
      () => this.encounters.get(principal, id),
    );
  }

  @Get(':id/audit')
  @Roles('auditor')
  @AccessLogged({ view: 'audit-trail', recordParam: 'id' })
  audit(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Req() request: AccessRequest,
  ): Promise<EncounterAuditTrail> {
    return withAccessLog(
      this.accessLog,
      { principal, request, view: 'audit-trail', recordId: id, fields: ['events', 'access'] },
      () => this.encounters.audit(principal, id),
    );
  }
}
