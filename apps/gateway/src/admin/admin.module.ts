import { Module } from '@nestjs/common';
import { ProjectsController } from './projects.controller';
import { DeadLettersController } from './dead-letters.controller';

@Module({ controllers: [ProjectsController, DeadLettersController] })
export class AdminModule {}
