import { Module } from '@nestjs/common';
import { MeController } from './me.controller';
import { MeService } from './me.service';

/** GET /v1/me: who an API key belongs to (project, environment), for the dashboard's sign-in. */
@Module({ controllers: [MeController], providers: [MeService] })
export class MeModule {}
