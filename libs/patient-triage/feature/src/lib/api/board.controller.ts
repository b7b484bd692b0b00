import { Controller, Get, Inject, Req } from '@nestjs/common';
import type { BoardView } from '@baton/patient-triage-contracts';
import { AccessLogged, type AccessRequest, CurrentPrincipal, type Principal, Roles, withAccessLog } from '@baton/http';
import { AccessLog } from '@baton/state-store';
import { EncountersService } from './encounters.service';

/**
 * `/v1/board`: the department's waiting encounters. A read is one access event in the tenant's
 * daily list stream, naming every encounter shown, so board reads never contend on one chain.
 */
@Controller('v1/board')
export class BoardController {
  constructor(
    @Inject(EncountersService) private readonly encounters: EncountersService,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
  ) {}

  @Get()
  @Roles('triage-nurse', 'clinician')
  @AccessLogged({ view: 'board' })
  board(@CurrentPrincipal() principal: Principal, @Req() request: AccessRequest): Promise<BoardView> {
    return withAccessLog(
      this.accessLog,
      { principal, request, view: 'board', listed: (board: BoardView) => board.entries.map((entry) => entry.id) },
      () => this.encounters.board(principal),
    );
  }
}
