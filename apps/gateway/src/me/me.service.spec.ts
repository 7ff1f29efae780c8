import { CONFIG_RPC } from '@fastgen/contracts';
import { RpcClient, ServiceError, ServiceErrorCode } from '@fastgen/platform';
import { MeService } from './me.service';

const owner = {
  api_key_id: '11111111-1111-4111-8111-111111111111',
  project_id: '22222222-2222-4222-8222-222222222222',
  environment: 'production' as const,
  prefix: 'fg_prod_Hk3x',
};

describe('MeService', () => {
  it("names the key's project (asked of config) and its environment and prefix (from the key)", async () => {
    const send = jest.fn().mockResolvedValue({ id: owner.project_id, name: 'Acme', environments: ['development', 'production'], created_at: '2026-01-01T00:00:00.000Z' });
    const me = await new MeService({ send } as unknown as RpcClient).describe(owner);
    expect(send).toHaveBeenCalledWith(CONFIG_RPC.getProject, { id: owner.project_id });
    expect(me).toEqual({
      project: { id: owner.project_id, name: 'Acme' },
      environment: 'production',
      key: { id: owner.api_key_id, prefix: 'fg_prod_Hk3x' },
    });
  });

  it("passes config's error on (503 when config does not answer)", async () => {
    const send = jest.fn().mockRejectedValue(new ServiceError(ServiceErrorCode.UNAVAILABLE, 'config.projects.get.v1 did not answer'));
    await expect(new MeService({ send } as unknown as RpcClient).describe(owner)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
