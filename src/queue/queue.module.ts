import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';
import { QueueProducer } from './queue-producer.service.js';

@Module({
  providers: [OutboxRepository, QueueProducer, OutboxService],
  exports: [OutboxRepository, QueueProducer, OutboxService],
})
export class QueueModule {}
