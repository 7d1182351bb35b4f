import { Module } from '@nestjs/common';
import { StripeEventsRepository } from './stripe-events.repository.js';
import { UnmatchedEventsService } from './unmatched-events.service.js';

/** What finance reads of the event inbox: the events no donation matched. */
@Module({
  providers: [StripeEventsRepository, UnmatchedEventsService],
  exports: [UnmatchedEventsService],
})
export class UnmatchedEventsModule {}
