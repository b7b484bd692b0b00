import { Body, Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { EncounterAccepted } from '@baton/patient-triage-contracts';
import { AccessLogged, type AccessRequest, CurrentPrincipal, type Principal, Roles, withAccessLog } from '@baton/http';
import { AccessLog } from '@baton/state-store';
import { EncounterActionsService } from './encounter-actions.service';

/**
 * `/v1/encounters/{id}/override` and `/disposition`: thin routes over
 * {@link EncounterActionsService}. Each write, allowed or refused, is in the encounter's access
 * log (`action: 'write'`, view `override` or `disposition`) before the answer goes out.
 */
@Controller('v1/encounters')
export class EncounterActionsController {
  constructor(
    @Inject(EncounterActionsService) private readonly actions: EncounterActionsService,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
  ) {}

  @Post(':id/override')
  @Roles('clinician')
  @AccessLogged({ view: 'override', action: 'write', recordParam: 'id' })
  @HttpCode(202)
  override(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: AccessRequest,
  ): Promise<EncounterAccepted> {
    return withAccessLog(this.accessLog, { principal, request, action: 'write', view: 'override', recordId: id }, () =>
      this.actions.override(principal, id, body),
    );
  }

  @Post(':id/disposition')
  @Roles('triage-nurse', 'clinician')
  @AccessLogged({ view: 'disposition', action: 'write', recordParam: 'id' })
  @HttpCode(202)
  disposition(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: AccessRequest,
  ): Promise<EncounterAccepted> {
    return withAccessLog(
      this.accessLog,
      { principal, request, action: 'write', view: 'disposition', recordId: id },
      () => this.actions.disposition(principal, id, body),
    );
  }
}
