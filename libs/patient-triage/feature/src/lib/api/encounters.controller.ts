import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { EncounterAccepted, EncounterView } from '@baton/patient-triage-contracts';
import { CurrentPrincipal, Roles, type Principal } from '@baton/http';
import { EncountersService } from './encounters.service';

/** The parts of Express's response the submit route sets. */
interface AcceptedResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/** `/v1/encounters`: thin routes over {@link EncountersService}; roles per route, tenant from the token. */
@Controller('v1/encounters')
export class EncountersController {
  constructor(@Inject(EncountersService) private readonly encounters: EncountersService) {}

  @Post()
  @Roles('triage-nurse')
  @HttpCode(202)
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: AcceptedResponse,
  ): Promise<EncounterAccepted> {
    const result = await this.encounters.submit(principal, idempotencyKey, body);
    response.status(result.status);
    response.setHeader('Location', result.body.links.self);
    response.setHeader('Idempotent-Replayed', String(result.replayed));
    return result.body;
  }

  @Get(':id')
  @Roles('triage-nurse', 'clinician', 'auditor')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<EncounterView> {
    return this.encounters.get(principal, id);
  }
}
