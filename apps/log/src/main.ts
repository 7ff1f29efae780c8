import { runService } from '@fastgen/platform';
import { AppModule } from './app.module';
import { loadLogEnv } from './log.env';
import { logDatabase } from './database';

void runService({
  name: 'log',
  loadEnv: loadLogEnv,
  module: AppModule.forRoot,
  database: logDatabase,
  consumerGroup: 'log',
});
