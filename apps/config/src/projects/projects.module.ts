import { Module } from '@nestjs/common';
import { StateModule } from '../state/state.module';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

@Module({ imports: [StateModule], controllers: [ProjectsController], providers: [ProjectsService] })
export class ProjectsModule {}
