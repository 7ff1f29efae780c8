import { Global, Module } from '@nestjs/common';
import { ApiKeysView } from './api-keys.view';
import { ApiKeyGuard } from './api-key.guard';

/** API key authentication from the local view; global so every feature module can use @ApiKeyAuth(). */
@Global()
@Module({ providers: [ApiKeysView, ApiKeyGuard], exports: [ApiKeysView, ApiKeyGuard] })
export class AuthModule {}
