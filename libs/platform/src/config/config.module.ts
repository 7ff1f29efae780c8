import { Global, Module, type DynamicModule } from '@nestjs/common';

/** Injection token of the app's validated environment object. */
export const APP_ENV = Symbol('APP_ENV');

@Global()
@Module({})
export class EnvModule {
  static forRoot(env: object): DynamicModule {
    return { module: EnvModule, providers: [{ provide: APP_ENV, useValue: env }], exports: [APP_ENV] };
  }
}
