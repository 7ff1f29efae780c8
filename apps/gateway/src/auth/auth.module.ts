import { Global, Module } from '@nestjs/common';
import { ApiKeyView } from './api-key-view';
import { ApiKeyGuard } from './api-key.guard';

@Global()
@Module({ providers: [ApiKeyView, ApiKeyGuard], exports: [ApiKeyView, ApiKeyGuard] })
export class AuthModule {}
