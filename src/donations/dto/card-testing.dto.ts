import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class ChallengeParametersView {
  @ApiProperty({ example: 'SHA-256' })
  algorithm: string;

  @ApiProperty()
  nonce: string;

  @ApiProperty()
  salt: string;

  @ApiProperty()
  cost: number;

  @ApiProperty()
  keyLength: number;

  @ApiProperty({ description: 'The solver looks for the number whose derived key starts with this' })
  keyPrefix: string;

  @ApiPropertyOptional()
  keySignature?: string;

  @ApiPropertyOptional({ description: 'Unix seconds after which the challenge is refused' })
  expiresAt?: number;
}

/** An ALTCHA (v2) challenge, as altcha-lib's solveChallenge takes it. */
class ChallengeView {
  @ApiProperty({ type: ChallengeParametersView })
  parameters: ChallengeParametersView;

  @ApiPropertyOptional()
  signature?: string;
}

export class ChallengeResponse {
  @ApiProperty({ description: 'Whether a donation needs a solved challenge now (the card-testing alarm is on)' })
  required: boolean;

  @ApiPropertyOptional({
    type: ChallengeView,
    description:
      'Solve it (altcha-lib solveChallenge with SHA-256) and send base64(JSON {challenge, solution: {counter, derivedKey}}) as the donation\'s "challenge"; each solution starts one donation',
  })
  challenge?: ChallengeView;
}

class AlarmView {
  @ApiProperty()
  on: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the last (or current) alarm started' })
  since: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it ends (or ended) unless more declines keep it on' })
  until: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['site_declines', 'card_declines'], description: 'What turned it on last' })
  reason: string | null;
}

class ThresholdsView {
  @ApiProperty() windowSeconds: number;
  @ApiProperty() siteDeclines: number;
  @ApiProperty() declinesPerIp: number;
  @ApiProperty() declinesPerEmail: number;
  @ApiProperty() declinesPerCard: number;
  @ApiProperty() alarmSeconds: number;
  @ApiProperty() challengeDifficulty: number;
}

class OffenderView {
  @ApiProperty({ description: 'Masked: 198.51.100.x, d•••@example.org, emu0…sa' })
  value: string;

  @ApiProperty({ description: 'Declined cards in the window' })
  declines: number;

  @ApiProperty({ description: 'At or past its threshold: an address or email is refused new donations; a card keeps the alarm on' })
  overThreshold: boolean;
}

export class CardTestingReport {
  @ApiProperty({ type: AlarmView })
  alarm: AlarmView;

  @ApiProperty({ description: 'Declined cards over the whole site in the window' })
  siteDeclines: number;

  @ApiProperty({ type: ThresholdsView })
  thresholds: ThresholdsView;

  @ApiProperty({ type: [OffenderView] })
  topIps: OffenderView[];

  @ApiProperty({ type: [OffenderView] })
  topEmails: OffenderView[];

  @ApiProperty({ type: [OffenderView] })
  topCards: OffenderView[];
}
