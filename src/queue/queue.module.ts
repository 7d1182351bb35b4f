import { Module } from '@nestjs/common';
import { QueueProducer } from './queue-producer.service.js';

@Module({
  providers: [QueueProducer],
  exports: [QueueProducer],
})
export class QueueModule {}
