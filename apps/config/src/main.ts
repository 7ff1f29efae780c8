import { runService } from '@fastgen/platform';
import { AppModule } from './app.module';
import { loadConfigEnv } from './config.env';
import { configDatabase } from './database';

void runService({
  name: 'config',
  loadEnv: loadConfigEnv,
  module: AppModule.forRoot,
  database: configDatabase,
  consumerGroup: 'config',
});
