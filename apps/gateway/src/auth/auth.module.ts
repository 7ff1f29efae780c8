import { Global, Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysView } from './api-keys-view.service';

// Temporary on feat/delivery: the config branch brings the real auth folder with the same API.
@Global()
@Module({ providers: [ApiKeysView, ApiKeyGuard], exports: [ApiKeysView, ApiKeyGuard] })
export class AuthModule {}
