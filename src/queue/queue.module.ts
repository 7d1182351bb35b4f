import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service.js';
import { QueueProducer } from './queue-producer.service.js';

@Module({
  providers: [QueueProducer, OutboxService],
  exports: [QueueProducer, OutboxService],
})
export class QueueModule {}
