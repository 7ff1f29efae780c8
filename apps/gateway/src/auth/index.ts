// What other gateway features use: @ApiKeyAuth() on a controller or route, @Caller() for the scope.
export { ApiKeyAuth, Caller, CallerKey, type CallerScope } from './caller.decorator';
export { ApiKeyGuard } from './api-key.guard';
export { ApiKeysView, type ApiKeyOwner } from './api-keys.view';
export { AuthModule } from './auth.module';
