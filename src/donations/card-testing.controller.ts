import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator.js';
import { CardTestingService } from './card-testing.service.js';
import { CardTestingReport, ChallengeResponse } from './dto/card-testing.dto.js';

@ApiTags('donations')
@Controller('api')
export class CardTestingController {
  constructor(private readonly cardTesting: CardTestingService) {}

  @Get('donations/challenge')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Whether starting a donation needs a solved proof-of-work challenge now (card-testing alarm), and one to solve if so' })
  @ApiOkResponse({ type: ChallengeResponse })
  challenge(): Promise<ChallengeResponse> {
    return this.cardTesting.challenge();
  }

  @Get('security/card-testing')
  @Staff('admin', 'coordinator', 'finance')
  @ApiTags('security')
  @ApiOperation({ summary: 'The card-testing alarm and its numbers: declines in the window, thresholds, the addresses, emails and cards with most declines (masked)' })
  @ApiOkResponse({ type: CardTestingReport })
  report(): Promise<CardTestingReport> {
    return this.cardTesting.report();
  }
}
