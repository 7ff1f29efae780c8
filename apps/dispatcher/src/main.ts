import { runService } from '@fastgen/platform';
import { AppModule } from './app.module';
import { loadDispatcherEnv } from './dispatcher.env';
import { dispatcherDatabase } from './database';

void runService({
  name: 'dispatcher',
  loadEnv: loadDispatcherEnv,
  module: AppModule.forRoot,
  database: dispatcherDatabase,
  consumerGroup: 'dispatcher',
});
