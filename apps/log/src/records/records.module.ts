import { Module } from '@nestjs/common';
import { LogRecordsConsumer } from './log-records.consumer';

@Module({ providers: [LogRecordsConsumer] })
export class RecordsModule {}
